/// A placement's quality under an objective, measured on the model alone, to rank heuristic
/// results (lexicographic: `primary`, then `secondary`; lower is better).
struct PlacementScore: Comparable, Sendable, CustomStringConvertible {
    var primary: Double
    var secondary: Double

    static func < (a: PlacementScore, b: PlacementScore) -> Bool {
        if abs(a.primary - b.primary) > 1e-9 { return a.primary < b.primary }
        return a.secondary < b.secondary - 1e-9
    }

    var description: String { "\(format(primary)) / \(format(secondary))" }

    init(primary: Double, secondary: Double) {
        self.primary = primary
        self.secondary = secondary
    }

    /// - minHosts: (hosts on — or their total cost when `hostCost` is given —, moved memory); minMigrations: (moved memory, hosts on);
    ///   balance: (peak utilisation, moved memory); minCost: (soft rules' costs, moved memory).
    init(_ placement: Placement, problem: PlacementProblem, objective: Objective, hostCost: [Double]? = nil) {
        var moved = 0.0
        var load = problem.hostIDs.map { _ in [Double](repeating: 0, count: problem.resources.count) }
        for v in problem.running {
            guard let target = placement.vmHosts[problem.vmIDs[v]], let h = problem.hostIndex[target] else { continue }
            if let now = problem.current[v], now != h { moved += problem.moveWeight(v) }
            for r in problem.resources.indices { load[h][r] += problem.demand[v][r] }
        }
        var online = 0.0
        for (h, id) in problem.hostIDs.enumerated() where placement.onlineHosts.contains(id) { online += hostCost?[h] ?? 1 }
        // Soft rules cost in the objective's own units (docs/format.md), on top of its measure.
        let soft = objective == .minCost || !problem.hasSoftRules ? 0
            : PlacementChecker.softPenalties(problem.instance, placement).reduce(0.0) { $0 + $1.cost }
        switch objective {
        case .minHosts: self.init(primary: online + soft, secondary: moved)
        case .minMigrations: self.init(primary: moved + soft, secondary: online)
        case .balance:
            var peak = 0.0
            for h in problem.hostIDs.indices where placement.onlineHosts.contains(problem.hostIDs[h]) {
                for r in problem.resources.indices where problem.capacity[h][r] > 0 {
                    peak = max(peak, load[h][r] / problem.capacity[h][r])
                }
            }
            self.init(primary: peak + soft, secondary: moved)
        case .minCost:
            let cost = PlacementChecker.softPenalties(problem.instance, placement).reduce(0.0) { $0 + $1.cost }
            self.init(primary: cost, secondary: moved)
        }
    }
}
