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

    func blockReasons() -> [String] {
        var reasons: [String] = []
        for job in pending.prefix(5) {
            if let serial = serialBlock(job) { reasons.append("\(vms[job.vm].id): waits for the other moves of serialize '\(serial)'") }
        }
        for h in pendingBoots { reasons.append("boot of \(hosts[h].id) blocked by \(bootBlock(h) ?? "nothing")") }
        for job in pending.prefix(5) {
            let vm = vms[job.vm].id
            if power[job.to] != .on { reasons.append("\(vm): destination \(hosts[job.to].id) is not on") }
            else if !fits(job.vm, on: job.to) { reasons.append("\(vm): no room on \(hosts[job.to].id)") }
            else if let broken = continuousBlock(job) {
                reasons.append("\(vm): moving to \(hosts[job.to].id) would break continuous \(broken.kind) '\(broken.constraint)': \(broken.message)")
            }
            else { reasons.append("\(vm): blocked by the network, concurrency limits or the power budget") }
        }
        if reasons.isEmpty { reasons.append("hosts to shut down are not empty") }
        return reasons
    }
}
