/// Repair mode: which running VMs keep their host. A VM is freed when it is misplaced (named by
/// a violation of the current placement), new, or sits on a host the objective wants emptied
/// (`minHosts`) or unloaded (`balance`).
struct RepairScope {
    let problem: PlacementProblem
    let objective: Objective
    private let capacity: [[Double]]
    private let demand: [[Double]]
    /// Current load per host and resource, summed once (per-host sums over every VM were O(hosts × VMs)).
    private let loads: [[Double]]

    init(problem: PlacementProblem, objective: Objective) {
        self.problem = problem
        self.objective = objective
        // Every rule applied (overbook, preserve), as `ResourceSemantics` reads them, computed once by the problem.
        capacity = problem.capacity
        let demand = problem.demand
        self.demand = demand
        var loads = [[Double]](repeating: [Double](repeating: 0, count: problem.resources.count), count: problem.hostIDs.count)
        for v in problem.running {
            guard let h = problem.current[v] else { continue }
            for r in problem.resources.indices { loads[h][r] += demand[v][r] }
        }
        self.loads = loads
    }

    func pinnedVMs() -> Set<Int> {
        var free = Set<Int>()
        var hostsToFree = Set<Int>()
        for violation in problem.currentViolations {
            let vms = violation.vms.compactMap { problem.vmIndex[$0] }
            free.formUnion(vms)
            if vms.isEmpty { hostsToFree.formUnion(violation.hosts.compactMap { problem.hostIndex[$0] }) }
        }
        switch objective {
        case .minHosts: hostsToFree.formUnion(hostsWorthEmptying())
        case .balance: hostsToFree.formUnion(hostsAboveMeanLoad())
        case .minMigrations: break
        case .minCost: hostsToFree.formUnion(problem.hostIDs.indices)  // any move may lower a cost
        }
        // Soft rules count in every objective: a VM kept in place may be the move that lowers their
        // cost, and an optimum proven with it pinned is not one (found by the differential run).
        if problem.instance.constraints.contains(where: \.isSoft) { hostsToFree.formUnion(problem.hostIDs.indices) }
        var pinned = Set<Int>()
        for v in problem.running {
            guard let h = problem.current[v] else { continue }
            if !free.contains(v) && !hostsToFree.contains(h) { pinned.insert(v) }
        }
        return pinned
    }

    private func load(_ h: Int) -> [Double] { loads[h] }

    private func peak(_ h: Int) -> Double {
        let load = load(h)
        return problem.resources.indices.map { r in capacity[h][r] > 0 ? load[r] / capacity[h][r] : 0 }.max() ?? 0
    }

    /// The least-loaded online hosts, as many as the others' spare capacity could absorb.
    private func hostsWorthEmptying() -> [Int] {
        let online = problem.hostIDs.indices.filter { problem.hostStates[$0] == .online && problem.sleeping[$0].isEmpty }
        var total = [Double](repeating: 0, count: problem.resources.count)
        for v in problem.running { for r in problem.resources.indices { total[r] += demand[v][r] } }
        var kept = Set(online)
        var chosen: [Int] = []
        for h in online.sorted(by: { (peak($0), $0) < (peak($1), $1) }) {
            let rest = kept.subtracting([h])
            let fits = problem.resources.indices.allSatisfy { r in rest.reduce(0.0) { $0 + capacity[$1][r] } >= total[r] }
            if fits {
                kept = rest
                chosen.append(h)
            }
        }
        return chosen
    }

    private func hostsAboveMeanLoad() -> [Int] {
        let online = problem.hostIDs.indices.filter { problem.hostStates[$0] == .online }
        guard !online.isEmpty else { return [] }
        let peaks = online.map(peak)
        let mean = peaks.reduce(0, +) / Double(peaks.count)
        return zip(online, peaks).filter { $0.1 > mean }.map(\.0)
    }
}
