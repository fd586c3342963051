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

    /// Per-resource ceiling: for each resource, the fewest usable hosts (largest first) whose
    /// capacities cover the total demand; the maximum over resources, and at least the hosts
    /// that must stay on (sleeping VMs, `online` constraints).
    static func hosts(_ problem: PlacementProblem) -> Double {
        let usable = problem.hostIDs.indices.filter { problem.hostStates[$0] != .maintenance }
        var bound = 0
        for r in problem.resources.indices {
            var demand = problem.running.reduce(0.0) { $0 + problem.demand[$1][r] }
            guard demand > 1e-9 else { continue }
            var count = 0
            for capacity in usable.map({ problem.capacity[$0][r] }).sorted(by: >) where demand > 1e-9 {
                demand -= capacity
                count += 1
            }
            bound = max(bound, count)
        }
        var forced = Set(problem.hostIDs.indices.filter { !problem.sleeping[$0].isEmpty })
        for constraint in problem.instance.constraints {
            if case .online(let rule) = constraint { forced.formUnion(problem.hostIndices(of: rule.hosts)) }
        }
        return Double(max(bound, forced.count))
    }

    /// Every overloaded host sheds at least its lightest VM, and every VM on a host that must end
    /// empty (maintenance, `offline`) moves; these sets are disjoint.
    static func migrations(_ problem: PlacementProblem) -> Double {
        var closed = problem.hostStates.map { $0 == .maintenance }
        for constraint in problem.instance.constraints {
            if case .offline(let rule) = constraint { for h in problem.hostIndices(of: rule.hosts) { closed[h] = true } }
        }
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
