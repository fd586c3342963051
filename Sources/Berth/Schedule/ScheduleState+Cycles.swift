/// Breaking placement cycles when nothing runs and nothing can start.
extension ScheduleState {
    /// Nothing runs and nothing can start: move one blocked VM to a spare host, else suspend it.
    mutating func breakCycle() -> Bool {
        justEnded = []
        for (index, job) in pending.enumerated() where job.kind == .migrate && !job.cold && job.legs == 0 && power[job.from] == .on && precedenceAllows(job) && syncGroup(of: job) == nil
            && serialBlock(job) == nil {
            guard job.after == nil || isDone(job.after!) else { continue }
            for s in hosts.indices where s != job.from && s != job.to && power[s] == .on && hosts[s].state != .maintenance {
                guard fits(job.vm, on: s), problem.topology.isReachable(from: hosts[job.from].id, to: hosts[s].id),
                      flowAdmissible(from: job.from, to: s) != nil,
                      continuousBlock(ScheduleJob(kind: .migrate, vm: job.vm, from: job.from, to: s, after: nil, note: nil, legs: 1)) == nil
                else { continue }
                let vmID = vms[job.vm].id
                notes.append("cycle: \(vmID) goes through spare host \(hosts[s].id) (\(hosts[job.from].id) → \(hosts[s].id) → \(hosts[job.to].id))")
                pending.remove(at: index)
                // The job counted (from, to); its legs count (from, s) and (s, to).
                involved[s] += 2
                start(ScheduleJob(kind: .migrate, vm: job.vm, from: job.from, to: s, after: nil,
                          note: "cycle: first leg through spare \(hosts[s].id)", legs: 1))
                pending.insert(ScheduleJob(kind: .migrate, vm: job.vm, from: s, to: job.to, after: actions.count - 1,
                                   note: "cycle: second leg from spare \(hosts[s].id)", legs: 1), at: index)
                return true
            }
        }
        for (index, job) in pending.enumerated() where job.kind == .migrate && power[job.from] == .on && precedenceAllows(job) && syncGroup(of: job) == nil
            && (serialBlock(job) == nil || job.legs > 0) {
            guard job.after == nil || isDone(job.after!) else { continue }
            let vmID = vms[job.vm].id
            notes.append("cycle: \(vmID) suspended on \(hosts[job.from].id) and resumed on \(hosts[job.to].id) (no spare host had room)")
            pending.remove(at: index)
            startSuspend(job, note: "cycle: no spare host had room")
            return true
        }
        return false
    }

    func blockReasons() -> [ScheduleBlocker] {
        var reasons: [ScheduleBlocker] = []
        for job in pending.prefix(5) {
            if let serial = serialBlock(job) {
                reasons.append(ScheduleBlocker(cause: .serialize, vm: vms[job.vm].id, host: hosts[job.to].id, rule: serial,
                                               message: "\(vms[job.vm].id): waits for the other moves of serialize '\(serial)'"))
            }
        }
        for h in pendingBoots {
            let rule = bootBlock(h)
            reasons.append(ScheduleBlocker(cause: .boot, host: hosts[h].id, rule: rule == "state" ? nil : rule,
                                           message: "boot of \(hosts[h].id) blocked by \(rule ?? "nothing")"))
        }
        for job in pending.prefix(5) {
            let vm = vms[job.vm].id, host = hosts[job.to].id
            if power[job.to] != .on {
                reasons.append(ScheduleBlocker(cause: .destinationOff, vm: vm, host: host, message: "\(vm): destination \(host) is not on"))
            } else if !fits(job.vm, on: job.to) {
                reasons.append(ScheduleBlocker(cause: .noRoom, vm: vm, host: host, rule: "capacity", missing: missingRoom(job.vm, on: job.to),
                                               message: "\(vm): no room on \(host)"))
            } else if let broken = continuousBlock(job) {
                reasons.append(ScheduleBlocker(cause: .continuousRule, vm: vm, host: host, rule: broken.constraint,
                                               message: "\(vm): moving to \(host) would break continuous \(broken.kind) '\(broken.constraint)': \(broken.message)"))
            } else {
                reasons.append(ScheduleBlocker(cause: .sharedLimits, vm: vm, host: host,
                                               message: "\(vm): blocked by the network, concurrency limits or the power budget"))
            }
        }
        if reasons.isEmpty {
            for h in shutdownTargets where power[h] != .off {
                reasons.append(ScheduleBlocker(cause: .notEmpty, host: hosts[h].id, message: "\(hosts[h].id) cannot be shut down (not empty)"))
            }
        }
        if reasons.isEmpty { reasons.append(ScheduleBlocker(cause: .notEmpty, message: "hosts to shut down are not empty")) }
        return reasons
    }
}
