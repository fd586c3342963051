/// Starting and finishing actions: the bookkeeping of loads, flows, power and dependencies.
extension ScheduleState {
    mutating func record(_ kind: PlanActionKind, vm: Int?, from: Int?, to: Int?, duration: Double,
                         structural: [Int], route: NetworkTopology.Route?, note: String?) -> Int {
        let touched = Set([from, to].compactMap { $0 })
        let routeSet = Set(route?.resources ?? [])
        var deps = structural + touched.compactMap { lastEndedOn[$0] }
        let global = (kind == .boot && (!problem.timing.powerBudgets.isEmpty || !problem.timing.onlineLimits.isEmpty))
            || ((kind == .boot || kind == .shutdown) && !problem.timing.rebootSerials.isEmpty)
            || ((kind == .migrate || kind == .resume) && !problem.timing.migrationCaps.isEmpty)
        for ended in justEnded where global || !ended.hosts.isDisjoint(with: touched) || !ended.resources.isDisjoint(with: routeSet) {
            deps.append(ended.action)
        }
        let id = actions.count
        actions.append(PlanAction(
            id: id, kind: kind, vm: vm.map { vms[$0].id }, from: from.map { hosts[$0].id }, to: to.map { hosts[$0].id },
            start: time, end: time + max(ListScheduler.minimumDuration, duration),
            dependsOn: Array(Set(deps)).sorted(), note: note))
        return id
    }

    mutating func startShutdown(_ h: Int) {
        let seconds = hosts[h].power?.shutdownSeconds ?? 0
        let id = record(.shutdown, vm: nil, from: nil, to: h, duration: seconds, structural: outgoing[h] ?? [], route: nil, note: nil)
        power[h] = .stopping
        refreshWatts(h)
        running.append(RunningAction(action: id, end: actions[id].end, job: nil, rate: 0, route: nil, powerIncrease: 0))
    }

    mutating func startBoot(_ h: Int) {
        var note: String?
        if time > 0, let blocker = bootBlocker[h] {
            note = "boot delayed \(format(time)) s by \(blocker)"
            notes.append("boot of \(hosts[h].id) delayed \(format(time)) s by \(blocker)")
        }
        let id = record(.boot, vm: nil, from: nil, to: h, duration: hosts[h].power?.bootSeconds ?? 0, structural: [], route: nil, note: note)
        bootAction[h] = id
        power[h] = .booting
        refreshWatts(h)
        for (l, limit) in problem.timing.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) { onlineCount[l] += 1 }
        running.append(RunningAction(action: id, end: actions[id].end, job: nil, rate: 0, route: nil, powerIncrease: 0))
    }

    /// Starts a move at its route's full rate, or at `sharedRate` (a sync group sharing what is left).
    mutating func start(_ job: ScheduleJob, sharedRate: Double? = nil) {
        let route = problem.topology.route(from: hosts[job.from].id, to: hosts[job.to].id)
        let rate = sharedRate ?? problem.topology.loneRate(route)
        let vm = vms[job.vm]
        let duration: Double
        var structural: [Int] = []
        if let boot = bootAction[job.to] { structural.append(boot) }
        if let after = job.after { structural.append(after) }
        structural += precedenceActions(job)
        structural += serialActions(job)
        let kind: PlanActionKind
        switch job.kind {
        case .migrate:
            kind = .migrate
            duration = problem.topology.preCopy.estimate(vm, bandwidthMiBps: rate).duration
        case .resume:
            kind = .resume
            duration = vm.memoryMiB / rate + ListScheduler.suspendSeconds
        }
        let id = record(kind, vm: job.vm, from: job.from, to: job.to, duration: duration, structural: structural, route: route, note: job.note)
        outgoing[job.from, default: []].append(id)
        runningAt[job.vm] = job.to
        sleepingAt[job.vm] = nil
        moveStarted.insert(job.vm)
        countCaps(from: job.from, to: job.to, 1)
        if job.kind == .migrate { inFlightFrom[job.vm] = job.from }
        for (k, r) in resources.enumerated() { load[job.to][k] += vm.demand[r] }
        present[job.to] += 1
        for r in route.resources { flowUse[r] += rate }
        migrations += 1
        hostMigrations[job.from] += 1
        hostMigrations[job.to] += 1
        for link in Set(route.links) { linkMigrations[link, default: 0] += 1 }
        let increase = max(0, endDelta(vm: vm, from: job.kind == .migrate ? job.from : nil, to: job.to))
        pendingIncrease += increase
        running.append(RunningAction(action: id, end: actions[id].end, job: job, rate: rate, route: route, powerIncrease: increase))
    }

    mutating func startSuspend(_ job: ScheduleJob, note: String) {
        moveStarted.insert(job.vm)
        let id = record(.suspend, vm: job.vm, from: job.from, to: nil, duration: ListScheduler.suspendSeconds,
                        structural: precedenceActions(job) + serialActions(job), route: nil, note: note)
        running.append(RunningAction(action: id, end: actions[id].end, job: job, rate: 0, route: nil, powerIncrease: 0))
    }

    mutating func finish(_ item: RunningAction) {
        let action = actions[item.action]
        var touched = Set<Int>()
        switch action.kind {
        case .boot:
            let h = hostIndex[action.to!]!
            touched = [h]
            power[h] = .on
            refreshWatts(h)
        case .shutdown:
            let h = hostIndex[action.to!]!
            touched = [h]
            power[h] = .off
            refreshWatts(h)
            for (l, limit) in problem.timing.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) { onlineCount[l] -= 1 }
        case .suspend:
            let job = item.job!
            let vm = vms[job.vm]
            touched = [job.from]
            for (k, r) in resources.enumerated() { load[job.from][k] -= vm.demand[r] }
            cpuRunning[job.from] -= vm.demand[cpu]
            vmsRunning[job.from] -= 1
            refreshWatts(job.from)
            runningAt[job.vm] = nil
            sleepingAt[job.vm] = job.from
            resumeQueue.append(ScheduleJob(kind: .resume, vm: job.vm, from: job.from, to: job.to, after: item.action, note: nil, legs: job.legs))
        case .migrate, .resume:
            let job = item.job!
            let vm = vms[job.vm]
            touched = [job.from, job.to]
            if job.kind == .migrate {
                for (k, r) in resources.enumerated() { load[job.from][k] -= vm.demand[r] }
                cpuRunning[job.from] -= vm.demand[cpu]
                vmsRunning[job.from] -= 1
            }
            present[job.from] -= 1
            inFlightFrom[job.vm] = nil
            countCaps(from: job.from, to: job.to, -1)
            cpuRunning[job.to] += vm.demand[cpu]
            vmsRunning[job.to] += 1
            for r in item.route!.resources { flowUse[r] -= item.rate }
            migrations -= 1
            hostMigrations[job.from] -= 1
            hostMigrations[job.to] -= 1
            for link in Set(item.route!.links) { linkMigrations[link, default: 0] -= 1 }
            pendingIncrease -= item.powerIncrease
            movedBy[vm.id, default: []].append(item.action)
            // A first leg through a spare host does not finish the move.
            if job.kind == .resume || job.legs == 0 || !pending.contains(where: { $0.vm == job.vm }) { unmoved.remove(vm.id) }
            involved[job.from] -= 1
            involved[job.to] -= 1
            refreshWatts(job.from)
            refreshWatts(job.to)
        }
        justEnded.append((item.action, touched, Set(item.route?.resources ?? [])))
        for h in touched { lastEndedOn[h] = item.action }
    }
}
