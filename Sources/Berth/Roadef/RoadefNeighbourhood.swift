import BerthMIP

/// A large neighbourhood of a ROADEF/EURO 2012 assignment: a few machines and some of the
/// processes on them, re-assigned among those machines exactly by a GLPK MIP while every other
/// process stays where it is.
///
/// The MIP carries the whole challenge model restricted to the neighbourhood: assignment,
/// capacity with transient copies held on initial machines, conflicts, spread over locations,
/// dependencies over neighbourhoods (presence counted with the fixed processes), load and balance
/// costs of the machines, process and machine move costs, and the service-move cost as a
/// max over the services' moved counts (those outside the neighbourhood included as constants).
/// The current assignment is the warm start, so the MIP can only return something at least as good.
struct RoadefNeighbourhood {
    /// The machines whose placement may change.
    var machines: [Int]
    /// The processes that may move; each sits on one of `machines`.
    var free: [Int]

    /// The MIP and how to read its solution.
    struct Formulation {
        var model: MIPModel
        var incumbent: [Double]
        /// Per free process: (machine, column) pairs.
        var columns: [[(machine: Int, variable: Variable)]]
        /// The objective's value at the current assignment (the MIP's own constants excluded).
        var currentObjective: Double
    }

    func formulate(_ state: RoadefState) -> Formulation {
        var builder = NeighbourhoodModel(state: state, machines: machines, free: free)
        builder.addColumns()
        builder.addConflicts()
        builder.addMachineRows()
        builder.addServiceMoves()
        builder.addSpread()
        builder.addDependencies()
        builder.model.minimize(builder.objective)
        return Formulation(model: builder.model, incumbent: builder.incumbent, columns: builder.columns, currentObjective: builder.current)
    }

    /// Solves the neighbourhood under `timeLimit` seconds and returns the new machine of each free
    /// process when the MIP found something strictly better than the current assignment.
    func improve(_ state: RoadefState, timeLimit: Double) -> [(process: Int, machine: Int)]? {
        let formulation = formulate(state)
        var parameters = SolveParameters(timeLimit: TimeBudget.duration(timeLimit))
        parameters.incumbent = formulation.incumbent
        let solved = try? GLPKSolver().solve(formulation.model, parameters: parameters)
        guard let result = solved,
              result.status.hasSolution, let objective = result.objective,
              objective < formulation.currentObjective - 0.5
        else { return nil }
        var moves: [(process: Int, machine: Int)] = []
        for (i, p) in free.enumerated() {
            guard let chosen = formulation.columns[i].max(by: { result.value($0.variable) < result.value($1.variable) }) else { return nil }
            if chosen.machine != state.machineOf[p] { moves.append((p, chosen.machine)) }
        }
        return moves.isEmpty ? nil : moves
    }
}

/// The neighbourhood's MIP, built part by part: columns, conflicts, machine rows (capacity,
/// load, balance), service moves, spread, dependencies. `current` is the objective's value at the
/// current assignment, accumulated as the terms are added.
private struct NeighbourhoodModel {
    let state: RoadefState
    let machines: [Int]
    let free: [Int]
    let R: Int
    let inK: Set<Int>
    /// What the fixed processes leave on the neighbourhood's machines.
    var baseUsage: [Int: [Int64]] = [:], baseHeld: [Int: [Int64]] = [:]
    var freeOfService: [Int: [Int]] = [:]
    let services: [Int]
    var model = MIPModel(name: "roadef-lns")
    var incumbent: [Double] = []
    var columns: [[(machine: Int, variable: Variable)]] = []
    var x: [Int: [Int: Variable]] = [:]  // p → m → x
    var objective = LinearExpr()
    var current = 0.0

    init(state: RoadefState, machines: [Int], free: [Int]) {
        self.state = state
        self.machines = machines
        self.free = free
        R = state.R
        inK = Set(machines)
        let R = state.R
        for m in machines {
            baseUsage[m] = (0..<R).map { state.usage(m, $0) }
            baseHeld[m] = (0..<R).map { state.held(m, $0) }
        }
        for p in free {
            let m = state.machineOf[p], home = state.initial[p]
            for r in 0..<R { baseUsage[m]![r] -= state.requirement[p * R + r] }
            if home != m, inK.contains(home) {
                for r in 0..<R where state.isTransient(r) { baseHeld[home]![r] -= state.requirement[p * R + r] }
            }
            freeOfService[state.serviceOf[p], default: []].append(p)
        }
        services = freeOfService.keys.sorted()
    }

    mutating func variable(_ name: String, binary: Bool = false, value: Double) -> Variable {
        incumbent.append(value)
        return model.addVariable(name, kind: binary ? .binary : .continuous, lowerBound: 0)
    }

    func fixedOn(_ s: Int, _ m: Int) -> Int {
        Int(state.onMachine[s * state.M + m]) - (freeOfService[s] ?? []).filter { state.machineOf[$0] == m }.count
    }

    /// One binary per free process and machine it may take, with its move cost.
    mutating func addColumns() {
        for p in free {
            var row: [(Int, Variable)] = []
            let s = state.serviceOf[p]
            for m in machines where fixedOn(s, m) == 0 {
                let v = variable("x_\(p)_\(m)", binary: true, value: state.machineOf[p] == m ? 1 : 0)
                row.append((m, v))
                x[p, default: [:]][m] = v
                let c = Double(state.moveCost(of: p, on: m))
                if c != 0 { objective.add(c, v) }
                if state.machineOf[p] == m { current += c }
            }
            columns.append(row)
            model.addConstraint(LinearExpr.sum(row.map(\.1)) == 1, name: "assign_\(p)")
        }
    }

    /// Conflicts among the free processes of a service.
    mutating func addConflicts() {
        for s in services where freeOfService[s]!.count > 1 {
            for m in machines {
                let vars = freeOfService[s]!.compactMap { x[$0]?[m] }
                if vars.count > 1 { model.addConstraint(LinearExpr.sum(vars) <= 1, name: "conflict_\(s)_\(m)") }
            }
        }
    }

    /// Capacity, load and balance per machine.
    mutating func addMachineRows() {
        for m in machines {
            // U(m, r): what stays plus what the free processes may bring.
            let load: [LinearExpr] = (0..<R).map { r in
                var e = LinearExpr(constant: Double(baseUsage[m]![r]))
                for p in free { if let v = x[p]?[m] { e.add(Double(state.requirement[p * R + r]), v) } }
                return e
            }
            func currentLoad(_ r: Int) -> Double { Double(state.usage(m, r)) }
            for r in 0..<R {
                var e = load[r]
                e.constant += Double(baseHeld[m]![r])
                if state.isTransient(r) {
                    // A free process whose initial machine is m holds its copy here unless it is back.
                    for p in free where state.initial[p] == m {
                        let req = Double(state.requirement[p * R + r])
                        e.constant += req
                        if let v = x[p]?[m] { e.add(-req, v) }
                    }
                }
                model.addConstraint(e <= Double(state.capacity[m * R + r]), name: "cap_\(m)_\(r)")
                let w = state.loadWeight(r)
                if w != 0 {
                    let safety = Double(state.safety[m * R + r])
                    let overNow = max(0, currentLoad(r) - safety)
                    let over = variable("over_\(m)_\(r)", value: overNow)
                    model.addConstraint(load[r] - over <= safety, name: "over_\(m)_\(r)")
                    objective.add(Double(w), over)
                    current += Double(w) * overNow
                }
            }
            for b in 0..<state.balanceCount {
                let (r1, r2, target, weight) = state.balance(b)
                // short ≥ target·(cap1 − U1) − (cap2 − U2)
                let cap1 = Double(state.capacity[m * R + r1]), cap2 = Double(state.capacity[m * R + r2])
                let shortNow = max(0, Double(target) * (cap1 - currentLoad(r1)) - (cap2 - currentLoad(r2)))
                let short = variable("short_\(m)_\(b)", value: shortNow)
                var e = load[r2]
                e.add(load[r1], scaledBy: -Double(target))
                e.add(-1, short)
                model.addConstraint(e <= cap2 - Double(target) * cap1, name: "balance_\(m)_\(b)")
                objective.add(Double(weight), short)
                current += Double(weight) * shortNow
            }
        }
    }

    /// Service moves: Z ≥ every service's moved count.
    mutating func addServiceMoves() {
        if state.serviceMoveUnit != 0 {
            var others = 0
            for s in 0..<state.S where freeOfService[s] == nil { others = max(others, state.movedIn[s]) }
            let z = variable("mostMoved", value: Double(state.mostMoved))
            model.setBounds(z, lower: Double(others), upper: nil)
            for s in services {
                var e = LinearExpr(constant: Double(state.movedIn[s]))
                for p in freeOfService[s]! {
                    if state.machineOf[p] != state.initial[p] { e.constant -= 1 }
                    e.constant += 1
                    if let v = x[p]?[state.initial[p]] { e.add(-1, v) }
                }
                e.add(-1, z)
                model.addConstraint(e <= 0, name: "moved_\(s)")
            }
            objective.add(Double(state.serviceMoveUnit), z)
            current += Double(state.serviceMoveUnit) * Double(state.mostMoved)
        }
    }

    /// Spread: services that may lose locations keep at least spreadMin of them.
    mutating func addSpread() {
        let kLocations = Set(machines.map { state.locationOf[$0] }).sorted()
        for s in services {
            let frees = freeOfService[s]!
            var fixedInLocation: [Int: Int] = [:]
            for l in kLocations {
                fixedInLocation[l] = Int(state.inLocationCount(s, l)) - frees.filter { state.locationOf[state.machineOf[$0]] == l }.count
            }
            let fixedDistinct = state.distinctLocations[s] - kLocations.filter { state.inLocationCount(s, $0) > 0 && fixedInLocation[$0]! == 0 }.count
            let missing = state.spreadMin(of: s) - fixedDistinct
            guard missing > 0 else { continue }
            var used = LinearExpr()
            for l in kLocations where fixedInLocation[l]! == 0 {
                let sum = LinearExpr.sum(frees.flatMap { p in machines.filter { state.locationOf[$0] == l }.compactMap { x[p]?[$0] } })
                let now = frees.contains { state.locationOf[state.machineOf[$0]] == l } ? 1.0 : 0.0
                let y = variable("loc_\(s)_\(l)", binary: true, value: now)
                model.addConstraint(LinearExpr(y) - sum <= 0, name: "loc_\(s)_\(l)")
                used.add(1, y)
            }
            model.addConstraint(used >= Double(missing), name: "spread_\(s)")
        }
    }

    /// Dependencies over the neighbourhoods of the machines.
    mutating func addDependencies() {
        let kNeighborhoods = Set(machines.map { state.neighborhoodOf[$0] }).sorted()
        var pairs: [(Int, Int)] = []
        for s in 0..<state.S {
            for d in state.dependencies(of: s) where freeOfService[s] != nil || freeOfService[d] != nil { pairs.append((s, d)) }
        }
        for n in kNeighborhoods {
            let kn = machines.filter { state.neighborhoodOf[$0] == n }
            func presence(_ s: Int) -> (fixed: Int, expr: LinearExpr, vars: [Variable]) {
                let frees = freeOfService[s] ?? []
                let fixed = Int(state.inNeighborhoodCount(s, n)) - frees.filter { state.neighborhoodOf[state.machineOf[$0]] == n }.count
                let vars = frees.flatMap { p in kn.compactMap { x[p]?[$0] } }
                return (fixed, LinearExpr.sum(vars), vars)
            }
            for (s, d) in pairs {
                let dependency = presence(d)
                if dependency.fixed > 0 { continue }
                let dependent = presence(s)
                if dependent.fixed > 0 {
                    model.addConstraint(dependency.expr >= 1, name: "dep_\(s)_\(d)_\(n)")
                } else {
                    for v in dependent.vars {
                        model.addConstraint(LinearExpr(v) - dependency.expr <= 0, name: "dep_\(s)_\(d)_\(n)_\(v.index)")
                    }
                }
            }
        }
    }
}
