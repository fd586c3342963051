/// A fast constructive placement used to warm-start the MIP and as the fallback when the MIP
/// finds nothing in time. It respects domains, capacity, spread and gather; the checker decides
/// whether what it builds is valid, so it never needs to be right.
struct GreedyPlacement {
    enum Strategy: CaseIterable {
        /// Keep every VM whose place is allowed and has room; best-fit the rest, largest first.
        case stay
        /// Re-pack everything, largest first, onto as few hosts as possible (first fit over hosts
        /// already on, fullest first).
        case pack
    }

    let formulation: PlacementFormulation

    private var problem: PlacementProblem { formulation.problem }
    private var domains: PlacementDomains { formulation.encoding.domains }

    func place(_ strategy: Strategy) -> Placement? {
        let resources = problem.resources.indices
        var load = problem.hostIDs.map { _ in [Double](repeating: 0, count: problem.resources.count) }
        var residents = [[Int]](repeating: [], count: problem.hostIDs.count)
        var hostOf: [Int: Int] = [:]

        // Spread groups per VM, and gather groups placed as one unit.
        var spreadGroups: [Int: [Int]] = [:]
        var gatherOf: [Int: [Int]] = [:]
        for (g, index) in formulation.selection.constraints.enumerated() {
            switch problem.instance.constraints[index] {
            case .spread(let spread):
                for vm in spread.vms { if let v = problem.vmIndex[vm] { spreadGroups[v, default: []].append(g) } }
            case .gather(let gather):
                let members = gather.vms.compactMap { problem.vmIndex[$0] }.filter { problem.vms[$0].state == .running }
                for v in members { gatherOf[v] = members }
            default: break
            }
        }
        var spreadUsed = Set<[Int]>()  // [group, host]

        func fits(_ unit: [Int], _ h: Int) -> Bool {
            for v in unit where !domains.isAllowed(v, h) { return false }
            for r in resources {
                let extra = unit.reduce(0.0) { $0 + domains.demand[$1][r] }
                if load[h][r] + extra > domains.capacity[h][r] + 1e-9 { return false }
            }
            for v in unit { for g in spreadGroups[v] ?? [] where spreadUsed.contains([g, h]) { return false } }
            return true
        }
        func put(_ unit: [Int], _ h: Int) {
            for v in unit {
                for r in resources { load[h][r] += domains.demand[v][r] }
                residents[h].append(v)
                hostOf[v] = h
                for g in spreadGroups[v] ?? [] { spreadUsed.insert([g, h]) }
            }
        }

        var units: [[Int]] = []
        var seen = Set<Int>()
        for v in problem.running where !seen.contains(v) {
            let unit = gatherOf[v] ?? [v]
            seen.formUnion(unit)
            units.append(unit)
        }
        func size(_ unit: [Int]) -> Double {
            // Largest share of the biggest host over all resources: a scale-free "size".
            resources.map { r in
                let biggest = domains.capacity.map { $0[r] }.max() ?? 0
                return biggest > 0 ? unit.reduce(0.0) { $0 + domains.demand[$1][r] } / biggest : 0
            }.max() ?? 0
        }

        var pending: [[Int]] = []
        if strategy == .stay {
            for unit in units {
                if let h = problem.current[unit[0]], unit.allSatisfy({ problem.current[$0] == h }), fits(unit, h) {
                    put(unit, h)
                } else {
                    pending.append(unit)
                }
            }
        } else {
            pending = units
        }
        pending.sort { size($0) > size($1) }

        for unit in pending {
            let candidates = problem.hostIDs.indices.filter { fits(unit, $0) }
            let chosen: Int?
            switch strategy {
            case .stay:
                // Best fit: the host left with the least slack, preferring hosts that are on.
                chosen = candidates.min { a, b in
                    let onA = !residents[a].isEmpty || problem.hostStates[a] == .online
                    let onB = !residents[b].isEmpty || problem.hostStates[b] == .online
                    if onA != onB { return onA }
                    return slack(a, load) < slack(b, load)
                }
            case .pack:
                chosen = candidates.min { a, b in
                    let usedA = !residents[a].isEmpty, usedB = !residents[b].isEmpty
                    if usedA != usedB { return usedA }
                    let onA = problem.hostStates[a] == .online, onB = problem.hostStates[b] == .online
                    if onA != onB { return onA }
                    return usedA ? slack(a, load) < slack(b, load) : slack(a, load) > slack(b, load)
                }
            }
            guard let host = chosen else { return nil }
            put(unit, host)
        }

        var vmHosts: [String: String] = [:]
        for (v, h) in hostOf { vmHosts[problem.vmIDs[v]] = problem.hostIDs[h] }
        var online = Set<String>()
        let keepOn = formulation.objective != .minHosts
        for h in problem.hostIDs.indices where problem.hostStates[h] != .maintenance {
            if !residents[h].isEmpty || !problem.sleeping[h].isEmpty || (keepOn && problem.hostStates[h] == .online) {
                online.insert(problem.hostIDs[h])
            }
        }
        for index in formulation.selection.constraints {
            switch problem.instance.constraints[index] {
            case .online(let rule): online.formUnion(rule.hosts)
            case .offline(let rule): online.subtract(rule.hosts)
            default: break
            }
        }
        return Placement(vmHosts: vmHosts, onlineHosts: online)
    }

    private func slack(_ h: Int, _ load: [[Double]]) -> Double {
        problem.resources.indices.reduce(0.0) { total, r in
            let capacity = domains.capacity[h][r]
            return total + (capacity > 0 ? (capacity - load[h][r]) / capacity : 0)
        }
    }
}
