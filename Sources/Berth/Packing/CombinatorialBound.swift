/// Cheap lower bounds on the primary objective of `PlacementScore`, for heuristic results that
/// have no MIP bound: O(n + H log H).
enum CombinatorialBound {
    static func primary(_ problem: PlacementProblem, objective: Objective) -> Double {
        switch objective {
        case .minHosts: hosts(problem)
        case .minMigrations: migrations(problem)
        case .balance: peak(problem)
        case .minCost: 0  // costs are never negative; no cheap bound beyond that
        }
    }

    /// Hosts that must be on, F (sleeping VMs, `online` constraints, hosts of root VMs), plus one host
    /// of its own for each lonely group that cannot share a host of F, plus, per resource, the fewest
    /// other usable hosts (largest first, no more of a `maxOnline` set than it allows) whose
    /// capacities cover the demand that the rest of the VMs leave once F's whole capacity is used;
    /// the maximum over resources.
    ///
    /// Valid because a lonely group's host holds no VM outside the group (so neither another counted
    /// group nor the remaining VMs), and the remaining VMs can use at most F's capacity and that of
    /// the largest other hosts. O(n + H log H) plus the rules' sizes.
    static func hosts(_ problem: PlacementProblem) -> Double {
        let usable = problem.hostIDs.indices.filter { problem.hostStates[$0] != .maintenance }
        var forced = Set(usable.filter { !problem.sleeping[$0].isEmpty })
        var rooted = Set<Int>()
        var lonelyGroups: [Set<Int>] = []
        var limits: [MaxOnline] = []
        for constraint in problem.instance.constraints {
            switch constraint.rule {
            case let rule as Online:
                forced.formUnion(problem.hostIndices(of: rule.hosts).filter { problem.hostStates[$0] != .maintenance })
            case let rule as Root:
                rooted.formUnion(rule.vms.compactMap { problem.vmIndex[$0] })
            case let rule as Lonely:
                lonelyGroups.append(Set(rule.vms.compactMap { problem.vmIndex[$0] }))
            case let rule as MaxOnline:
                limits.append(rule)
            default:
                break
            }
        }
        let isRunning = Set(problem.running)
        var rootedOn: [Int: [Int]] = [:]
        for v in rooted where isRunning.contains(v) {
            guard let h = problem.current[v] else { continue }
            forced.insert(h)
            rootedOn[h, default: []].append(v)
        }
        // A counted group needs a host outside F: every host of F holds a VM (rooted or sleeping) not in the group.
        var counted: [Set<Int>] = []
        var taken = Set<Int>()
        for group in lonelyGroups.sorted(by: { $0.count > $1.count }) {
            let members = group.filter { isRunning.contains($0) }
            guard !members.isEmpty, members.isDisjoint(with: taken) else { continue }
            let fitsInForced = forced.contains { h in
                rootedOn[h, default: []].allSatisfy { group.contains($0) }
                    && problem.sleeping[h].allSatisfy { id in problem.vmIndex[id].map(group.contains) ?? false }
            }
            guard !fitsInForced else { continue }
            counted.append(members)
            taken.formUnion(members)
        }
        // maxOnline limits how many hosts of its set may join, for pairwise disjoint sets (then taking
        // the largest hosts that the limits allow is still the most capacity a count of hosts can have).
        var limitOf: [Int: Int] = [:]
        var allowance: [Int] = []
        for rule in limits {
            let hosts = Set(problem.hostIndices(of: rule.hosts))
            guard hosts.allSatisfy({ limitOf[$0] == nil }) else { continue }
            for h in hosts { limitOf[h] = allowance.count }
            allowance.append(max(0, rule.amount - hosts.intersection(forced).count))
        }
        let others = usable.filter { !forced.contains($0) }
        var remainder = 0
        for r in problem.resources.indices {
            var demand = problem.running.reduce(0.0) { taken.contains($1) ? $0 : $0 + problem.demand[$1][r] }
            demand -= forced.reduce(0.0) { $0 + problem.capacity[$1][r] }
            guard demand > 1e-9 else { continue }
            var count = 0
            var left = allowance
            for h in others.sorted(by: { (problem.capacity[$0][r], $1) > (problem.capacity[$1][r], $0) }) where demand > 1e-9 {
                if let set = limitOf[h] {
                    guard left[set] > 0 else { continue }
                    left[set] -= 1
                }
                demand -= problem.capacity[h][r]
                count += 1
            }
            remainder = max(remainder, count)
        }
        return Double(forced.count + counted.count + remainder)
    }

    /// Every overloaded host sheds at least its lightest VM, and every VM on a host that must end
    /// empty (maintenance, `offline`) moves; these sets are disjoint.
    static func migrations(_ problem: PlacementProblem) -> Double {
        let closed = problem.closedHosts
        var residents = [[Int]](repeating: [], count: problem.hostIDs.count)
        for v in problem.running { if let h = problem.current[v] { residents[h].append(v) } }
        var bound = 0.0
        for h in problem.hostIDs.indices where !residents[h].isEmpty {
            if closed[h] {
                bound += residents[h].reduce(0.0) { $0 + problem.moveWeight($1) }
                continue
            }
            let overloaded = problem.resources.indices.contains { r in
                residents[h].reduce(0.0) { $0 + problem.demand[$1][r] } > problem.capacity[h][r] * (1 + 1e-9) + 1e-9
            }
            if overloaded { bound += residents[h].map(problem.moveWeight).min() ?? 0 }
        }
        return bound
    }

    /// Peak utilisation is at least total demand ÷ total usable capacity, per resource.
    static func peak(_ problem: PlacementProblem) -> Double {
        let usable = problem.hostIDs.indices.filter { problem.hostStates[$0] != .maintenance }
        return problem.resources.indices.map { r in
            let capacity = usable.reduce(0.0) { $0 + problem.capacity[$1][r] }
            let demand = problem.running.reduce(0.0) { $0 + problem.demand[$1][r] }
            return capacity > 0 ? demand / capacity : 0
        }.max() ?? 0
    }
}
