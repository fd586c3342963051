import BerthMIP

/// A GLPK MIP that orders the migrations of a small plan: each migration goes to one of S
/// sequential slots (batches); a slot lasts as long as its longest migration; migrations in one
/// slot must fit every link direction together (sum of rates ≤ capacity) and every destination
/// must have room for what arrives while the sources still hold what leaves.
/// Minimising the sum of slot lengths minimises the completion of the migration phase; the
/// list scheduler then turns the slot order into a timed plan (boots, shutdowns, limits).
struct SlotOrderingMIP {
    let problem: ScheduleProblem
    /// The list scheduler's order: ties inside a slot keep it.
    let priority: [ScheduleProblem.Move]

    struct Ordering {
        var order: [ScheduleProblem.Move]
        var optimal: Bool
    }

    func solve(timeLimit: Double) -> Ordering? {
        let cluster = problem.instance.cluster
        let topology = problem.topology
        let moves = priority
        let n = moves.count
        let slots = n
        var model = MIPModel(name: "slots")
        var x: [[Variable]] = []
        var durations: [Double] = []
        var routes: [NetworkTopology.Route] = []
        var rates: [Double] = []
        for (m, move) in moves.enumerated() {
            let vm = cluster.vm(move.vm)!
            let route = topology.route(from: move.from, to: move.to)
            let rate = topology.loneRate(route)
            routes.append(route)
            rates.append(rate)
            durations.append(topology.preCopy.estimate(vm, bandwidthMiBps: rate).duration)
            x.append((0..<slots).map { model.addVariable("x_\(m)_\($0)", kind: .binary) })
            model.addConstraint(LinearExpr.sum(x[m]) == 1, name: "one_\(m)")
        }
        let length = (0..<slots).map { model.addVariable("L_\($0)", lowerBound: 0) }
        for s in 0..<slots {
            for m in 0..<n { model.addConstraint(LinearExpr(length[s]) - durations[m] * LinearExpr(x[m][s]) >= 0, name: "len_\(m)_\(s)") }
            var byResource: [Int: LinearExpr] = [:]
            for m in 0..<n { for r in routes[m].resources { byResource[r, default: LinearExpr()].add(rates[m], x[m][s]) } }
            for r in byResource.keys.sorted() {
                model.addConstraint(byResource[r]! <= topology.resources[r].capacity * (1 + 1e-9), name: "bw_\(r)_\(s)")
            }
        }
        // Destination room: initial load + arrivals up to this slot − departures before it ≤ capacity.
        let touched = Set(moves.flatMap { [$0.from, $0.to] }).sorted()
        for hostID in touched {
            let host = cluster.host(hostID)!
            for resource in cluster.resources {
                let initial = cluster.vms.filter { $0.state == .running && $0.host == hostID }.reduce(0.0) { $0 + $1.demand[resource] }
                let capacity = ResourceSemantics.capacity(host: host, resource: resource, constraints: problem.instance.constraints)
                for s in 0..<slots {
                    var expr = LinearExpr(constant: initial)
                    for (m, move) in moves.enumerated() {
                        let demand = cluster.vm(move.vm)!.demand[resource]
                        guard demand > 0 else { continue }
                        if move.to == hostID { for t in 0...s { expr.add(demand, x[m][t]) } }
                        if move.from == hostID && s > 0 { for t in 0..<s { expr.add(-demand, x[m][t]) } }
                    }
                    model.addConstraint(expr <= capacity + 1e-6, name: "room_\(hostID)_\(resource)_\(s)")
                }
            }
        }
        var objective = LinearExpr.sum(length)
        // A tiny pull towards early slots keeps empty slots at the end.
        for m in 0..<n { for s in 0..<slots { objective.add(1e-4 * Double(s), x[m][s]) } }
        model.minimize(objective)

        var parameters = SolveParameters(timeLimit: TimeBudget.duration(max(0.05, timeLimit)))
        parameters.relativeGap = 1e-4
        guard let result = try? GLPKSolver().solve(model, parameters: parameters) else { return nil }
        let optimal: Bool
        switch result.status {
        case .optimal: optimal = true
        case .feasible: optimal = false
        default: return nil
        }
        let slotOf = (0..<n).map { m in (0..<slots).first { result.values[x[m][$0].index] > 0.5 } ?? slots }
        let order = (0..<n).sorted { (slotOf[$0], $0) < (slotOf[$1], $1) }.map { moves[$0] }
        return Ordering(order: order, optimal: optimal)
    }
}
