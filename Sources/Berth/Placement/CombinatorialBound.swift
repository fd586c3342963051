/// Cheap lower bounds on the placement objective, valid whatever the MIP managed: used when GLPK
/// stops before producing a bound, so a result at the time limit still says how good it is.
struct CombinatorialBound {
    let formulation: PlacementFormulation

    func value(for objective: Objective) -> Double {
        let problem = formulation.problem
        let domains = formulation.encoding.domains
        let usable = problem.hostIDs.indices.filter { formulation.encoding.y[$0] != nil }
        switch objective {
        case .minHosts:
            // Each resource alone needs ⌈total demand ÷ largest host⌉ hosts.
            var hosts = 0.0
            for r in problem.resources.indices {
                let need = problem.running.reduce(0.0) { $0 + domains.demand[$1][r] }
                let largest = usable.map { domains.capacity[$0][r] }.max() ?? 0
                if need > 0, largest > 0 { hosts = max(hosts, (need / largest - 1e-9).rounded(.up)) }
            }
            return hosts
        case .minMigrations:
            // VMs whose current host they may not stay on must move.
            return problem.running.reduce(0.0) { sum, v in
                guard let now = problem.current[v], !domains.isAllowed(v, now) else { return sum }
                return sum + problem.moveWeight(v)
            }
        case .balance:
            // The peak is at least the average load on the hosts that could be on.
            var peak = 0.0
            for r in problem.resources.indices {
                let need = problem.running.reduce(0.0) { $0 + domains.demand[$1][r] }
                let offer = usable.reduce(0.0) { $0 + domains.capacity[$1][r] }
                if offer > 0 { peak = max(peak, need / offer) }
            }
            return peak
        }
    }
}
