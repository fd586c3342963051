/// What may start now: hosts to shut down, boots under the power budget and licences, migrations that fit.
extension ScheduleState {
    func readyShutdowns() -> [Int] {
        shutdownTargets.filter { power[$0] == .on && present[$0] == 0 && involved[$0] == 0 }
    }

    func powerRoom(_ increase: Double) -> String? {
        for budget in problem.timing.powerBudgets where powerNow + pendingIncrease + increase > budget.watts + 1e-9 {
            return budget.id
        }
        return nil
    }

    func bootBlock(_ h: Int) -> String? {
        guard power[h] == .off else { return "state" }
        if let serial = rebootBlock(h) { return serial }
        for (l, limit) in problem.timing.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) {
            if onlineCount[l] + 1 > limit.amount { return limit.id }
        }
        return powerRoom(hosts[h].watts(.booting, cpuLoad: 0, cpuResource: cpu) - hosts[h].watts(.off, cpuLoad: 0, cpuResource: cpu))
    }

    /// The change in draw once a move ends: the VM runs on `to` and no longer on `from`.
    func endDelta(vm: VM, from: Int?, to: Int) -> Double {
        let c = vm.demand[cpu]
        var delta = hosts[to].watts(.on, cpuLoad: cpuRunning[to] + c, cpuResource: cpu, vms: vmsRunning[to] + 1)
            - hosts[to].watts(.on, cpuLoad: cpuRunning[to], cpuResource: cpu, vms: vmsRunning[to])
        if let from {
            delta -= hosts[from].watts(.on, cpuLoad: cpuRunning[from], cpuResource: cpu, vms: vmsRunning[from])
                - hosts[from].watts(.on, cpuLoad: max(0, cpuRunning[from] - c), cpuResource: cpu, vms: max(0, vmsRunning[from] - 1))
        }
        return delta
    }

    func fits(_ v: Int, on h: Int) -> Bool {
        let vm = vms[v]
        for (k, r) in resources.enumerated() where load[h][k] + vm.demand[r] > capacity[h][k] + 1e-9 * max(1, capacity[h][k]) {
            return false
        }
        return true
    }

    /// Per resource, how much more room `v` needs on `h` than `h` has free now.
    func missingRoom(_ v: Int, on h: Int) -> [String: Double] {
        let vm = vms[v]
        var missing: [String: Double] = [:]
        for (k, r) in resources.enumerated() where load[h][k] + vm.demand[r] > capacity[h][k] + 1e-9 * max(1, capacity[h][k]) {
            missing[r] = load[h][k] + vm.demand[r] - capacity[h][k]
        }
        return missing
    }

    func flowAdmissible(from a: Int, to b: Int) -> (route: NetworkTopology.Route, rate: Double)? {
        let topology = problem.topology
        let route = topology.route(from: hosts[a].id, to: hosts[b].id)
        let rate = topology.loneRate(route)
        for r in route.resources where flowUse[r] + rate > topology.resources[r].capacity * (1 + 1e-9) { return nil }
        if let limit = topology.network.maxMigrations, migrations + 1 > limit { return nil }
        for h in [a, b] {
            if let limit = topology.migrationLimit(host: hosts[h].id), hostMigrations[h] + 1 > limit { return nil }
        }
        for link in Set(route.links) {
            if let limit = topology.migrationLimit(link: link), (linkMigrations[link] ?? 0) + 1 > limit { return nil }
        }
        guard capBlock(from: a, to: b, links: route.links) == nil else { return nil }
        return (route, rate)
    }

    /// Precedence: every VM that must move before this one has finished moving.
    func precedenceAllows(_ job: ScheduleJob) -> Bool {
        let vm = vms[job.vm].id
        for rule in problem.timing.precedences where rule.after.contains(vm) && !rule.before.isDisjoint(with: unmoved) { return false }
        return true
    }

    func precedenceActions(_ job: ScheduleJob) -> [Int] {
        let vm = vms[job.vm].id
        return problem.timing.precedences.filter { $0.after.contains(vm) }.flatMap { $0.before.sorted().flatMap { movedBy[$0] ?? [] } }
    }

    /// The sync group a first move belongs to, if any.
    func syncGroup(of job: ScheduleJob) -> Set<String>? {
        let vm = vms[job.vm].id
        return problem.timing.syncGroups.first { $0.vms.contains(vm) }?.vms
    }

    /// Max-min fair rates for a sync group sharing the bandwidth left by the running flows,
    /// or `nil` when some member would not converge at its share.
    func groupRates(_ members: [ScheduleJob]) -> [Double]? {
        let topology = problem.topology
        let left = topology.resources.indices.map { max(0, topology.resources[$0].capacity - flowUse[$0]) }
        let rates = FairShare.rates(routes: members.map { topology.route(from: hosts[$0.from].id, to: hosts[$0.to].id).resources }, capacity: left)
        for (member, rate) in zip(members, rates) {
            let vm = vms[member.vm]
            guard rate > 0, topology.preCopy.estimate(vm, bandwidthMiBps: rate).converges else { return nil }
        }
        return rates
    }

    /// Limits other than bandwidth: concurrency counts.
    func concurrencyAllows(from a: Int, to b: Int) -> Bool {
        let topology = problem.topology
        if let limit = topology.network.maxMigrations, migrations + 1 > limit { return false }
        for h in [a, b] {
            if let limit = topology.migrationLimit(host: hosts[h].id), hostMigrations[h] + 1 > limit { return false }
        }
        let links = topology.route(from: hosts[a].id, to: hosts[b].id).links
        for link in Set(links) {
            if let limit = topology.migrationLimit(link: link), (linkMigrations[link] ?? 0) + 1 > limit { return false }
        }
        return capBlock(from: a, to: b, links: links) == nil
    }

    func admissible(_ job: ScheduleJob, sharingBandwidth: Bool = false) -> Bool {
        if let after = job.after, !isDone(after) { return false }
        guard precedenceAllows(job), serialBlock(job) == nil else { return false }
        guard power[job.to] == .on, fits(job.vm, on: job.to) else { return false }
        if job.kind == .migrate && power[job.from] != .on { return false }
        if sharingBandwidth {
            guard concurrencyAllows(from: job.from, to: job.to) else { return false }
        } else {
            guard flowAdmissible(from: job.from, to: job.to) != nil else { return false }
        }
        let delta = endDelta(vm: vms[job.vm], from: job.kind == .migrate ? job.from : nil, to: job.to)
        guard powerRoom(max(0, delta)) == nil else { return false }
        return continuousBlock(job) == nil
    }

    func isDone(_ action: Int) -> Bool { !running.contains { $0.action == action } && action < actions.count }
}
