import BerthMIP

/// Large-neighbourhood search: free a few hosts (the emptiest one plus a seeded random choice of
/// other hosts that are on) and re-pack their VMs exactly with the placement MIP under a short
/// limit; keep the result when it switches a host off (or moves less memory) and passes the checker.
///
/// Each iteration builds a sub-instance of ≤ `hostsPerNeighbourhood` hosts and their VMs, so the
/// MIP has O(k² ) columns for k VMs; the search stops at the deadline, after `maxIterations`, or on
/// cancellation. Same seed and iteration count ⇒ same result (a sub-MIP that hits its own limit may
/// still differ between runs).
///
/// A neighbourhood where some rule is not local (`PlacementRule.projected`: a gather or an among
/// with members outside, a host limit over hosts outside…) is skipped.
struct LargeNeighbourhoodSearch: Sendable {
    let context: PackingContext
    var seed: UInt64 = 1
    var hostsPerNeighbourhood = 4
    var subproblemLimit: Duration = .milliseconds(500)
    var maxIterations = 10_000
    /// Stop after this many neighbourhoods in a row without improvement (`nil`: 4 × hosts in use).
    var patience: Int? = nil
    /// Stops the search and its sub-MIPs.
    var cancellation: CancellationToken?

    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant) -> Int {
        let problem = context.problem
        var rng = SplitMix64(seed: seed)
        var improvements = 0
        var rotation = 0
        var idle = 0
        for _ in 0..<maxIterations {
            if ContinuousClock.now + subproblemLimit > deadline || cancellation?.isCancelled == true { break }
            let used = problem.hostIDs.indices.filter { !state.residents[$0].isEmpty }
            guard used.count >= 2, idle < (patience ?? 4 * used.count) else { break }
            let room = used.map { context.normalisedResidual($0, state).reduce(0, +) }
            let byRoom = used.indices.sorted { (-room[$0], used[$0]) < (-room[$1], used[$1]) }.map { used[$0] }
            let anchor = byRoom[rotation % min(byRoom.count, 8)]
            rotation += 1
            var hosts = [anchor]
            var others = used.filter { $0 != anchor }
            others.shuffle(using: &rng)
            hosts += others.prefix(hostsPerNeighbourhood - 1)
            if let better = repack(hosts.sorted(), state) {
                state = better
                improvements += 1
                idle = 0
            } else {
                idle += 1
            }
        }
        return improvements
    }

    /// Re-packs the VMs of `hosts` with the MIP; the new state when it is strictly better.
    func repack(_ hosts: [Int], _ state: PackingState) -> PackingState? {
        let problem = context.problem
        let hostSet = Set(hosts)
        let vms = hosts.flatMap { state.residents[$0] }.sorted()
        guard !vms.isEmpty else { return nil }
        let vmSet = Set(vms)
        let hostIDs = hosts.map { problem.hostIDs[$0] }
        let cluster = problem.instance.cluster
        var subVMs: [VM] = vms.map { v in
            var vm = cluster.vms[v]
            if let now = problem.current[v], !hostSet.contains(now) { vm.host = nil }
            return vm
        }
        // Sleeping VMs on these hosts stay (they pin the host on).
        for h in hosts { for v in state.sleepingOn[h] { subVMs.append(cluster.vms[v]) } }
        var subHosts = hosts.map { cluster.hosts[$0] }
        for i in subHosts.indices where state.forcedOn[hosts[i]] && subHosts[i].state != .online {
            subHosts[i].state = .online
        }
        let scope = SubproblemScope(vms: Set(subVMs.map(\.id)), hosts: Set(hostIDs))
        var constraints: [Constraint] = []
        for constraint in problem.instance.constraints {
            guard case .rules(let projected) = constraint.projected(onto: scope) else { return nil }
            constraints += projected
        }
        let sub = Instance(
            cluster: Cluster(resources: cluster.resources, hosts: subHosts, vms: subVMs),
            constraints: constraints, objective: context.objective)
        var options = PlacementOptions(objective: context.objective, timeLimit: subproblemLimit, mode: .rebuild)
        options.relativeGap = 0
        options.cancellation = cancellation
        guard case .placed(let result)? = try? PlacementSolver(options: options, allowLNS: false).solve(sub) else { return nil }

        var next = state
        for v in vms { next.remove(v) }
        for v in vms {
            guard let target = result.placement.vmHosts[problem.vmIDs[v]], let h = problem.hostIndex[target] else { return nil }
            next.place(v, on: h)
        }
        let before = context.score(state.placement)
        let placement = next.placement
        let after = context.score(placement)
        guard after < before, PlacementChecker.check(problem.instance, placement).isEmpty else { return nil }
        _ = vmSet
        return next
    }
}
