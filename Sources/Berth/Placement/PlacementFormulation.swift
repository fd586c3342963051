import BerthMIP

/// Builds the placement MIP: assignment, capacity and host-state rows, the selected constraints,
/// symmetry breaking and the objective.
struct PlacementFormulation: Sendable {
    let problem: PlacementProblem
    let selection: RuleSelection
    let objective: Objective?
    private(set) var encoding: PlacementEncoding
    /// Groups of interchangeable empty hosts, each in index order.
    private(set) var symmetryClasses: [[Int]] = []
    /// Groups of hosts interchangeable to every rule, occupied ones included (they differ only in
    /// which VMs they hold now, which the primary objective ignores), each in index order.
    private(set) var interchangeableHosts: [[Int]] = []
    /// What the objective ranks first (hosts on, peak, moved memory or soft costs), and what breaks
    /// its ties (moved memory and state changes); the model minimises `primary` alone, and
    /// `secondPhase(primaryAtMost:)` keeps it while minimising `secondary`: a true lexicographic order.
    private(set) var primary = LinearExpr()
    private(set) var secondary: LinearExpr?
    /// The primary objective takes integer values only (hosts on, without soft costs): a bound rounds up.
    private(set) var primaryIsIntegral = false

    /// - Parameters:
    ///   - pinned: VMs kept on their current host (repair mode); the others are free.
    ///   - objective: `nil` builds a pure feasibility model (used by the infeasibility explainer).
    ///   - countClasses: interchangeable VMs get one integer count per host (see `VMClass`).
    ///   - classes: those classes, when the caller has already formed them on the same domains.
    init(
        problem: PlacementProblem, selection: RuleSelection, pinned: Set<Int> = [], objective: Objective?,
        countClasses: Bool = false, classes given: [VMClass]? = nil
    ) {
        self.problem = problem
        self.selection = selection
        self.objective = objective
        var domains = PlacementDomains(problem: problem, selection: selection)
        for v in pinned.sorted() { if let h = problem.current[v] { domains.pin(v, to: h) } }
        let classes = given ?? (countClasses ? VMClass.classes(problem: problem, domains: domains, selection: selection) : [])
        encoding = PlacementEncoding(problem: problem, domains: domains, selection: selection, name: "placement", classes: classes)
        addAssignmentRows()
        if selection.builtins.contains(.capacity) { addCapacityRows() }
        addLinkingRows()
        if selection.builtins.contains(.hostState) { addSleepingRows() }
        for index in selection.constraints {
            problem.instance.constraints[index].rule.encode(into: &encoding, id: problem.instance.constraintID(at: index))
        }
        if objective != nil { addSymmetryBreaking() }
        if let objective { addObjective(objective) }
    }

    var model: MIPModel { encoding.model }

    private mutating func addAssignmentRows() {
        let counted = Set(encoding.classes.flatMap(\.members))
        for v in problem.running where !counted.contains(v) {
            let vars = encoding.x[v].keys.sorted().map { encoding.x[v][$0]! }
            encoding.add(LinearExpr.sum(vars) == 1, name: "assign_\(v)")
        }
        for (c, vmClass) in encoding.classes.enumerated() {
            let vars = encoding.n[c].keys.sorted().map { encoding.n[c][$0]! }
            encoding.add(LinearExpr.sum(vars) == Double(vmClass.members.count), name: "count_\(c)")
        }
    }

    private mutating func addCapacityRows() {
        for h in problem.hostIDs.indices {
            guard !encoding.columns(on: h).isEmpty else { continue }
            for r in problem.resources.indices {
                var expr = encoding.load(on: h, r)
                guard !expr.terms.isEmpty else { continue }
                expr.add(encoding.online(h), scaledBy: -encoding.domains.capacity[h][r])
                encoding.add(expr <= 0, name: "cap_\(h)_\(r)")
            }
        }
    }

    /// x[v,h] ≤ y[h] and n[c,h] ≤ (most that fit) × y[h]: VMs land only on a host that ends on
    /// (per pair, which tightens the LP bound well beyond the capacity rows).
    private mutating func addLinkingRows() {
        for h in problem.hostIDs.indices {
            for v in encoding.candidateVMs(of: h) {
                encoding.add(encoding.assignment(v, h) - encoding.online(h) <= 0, name: "on_\(v)_\(h)")
            }
            for c in encoding.candidateClasses(of: h) {
                guard let count = encoding.count(c, h), let most = encoding.model.variables[count.index].upperBound else { continue }
                encoding.add(LinearExpr(count) - most * encoding.online(h) <= 0, name: "on_c\(c)_\(h)")
            }
        }
    }

    private mutating func addSleepingRows() {
        for h in problem.hostIDs.indices where !problem.sleeping[h].isEmpty {
            encoding.add(encoding.online(h) == 1, name: "sleep_\(h)")
        }
    }

    /// Identical hosts (same capacity, features and state, empty now, named by the same constraints)
    /// are interchangeable: switch them on in index order only.
    private mutating func addSymmetryBreaking() {
        var referencedBy = [[String]](repeating: [], count: problem.hostIDs.count)
        for index in selection.constraints {
            for (g, group) in problem.instance.constraints[index].rule.hostGroups.enumerated() {
                for h in encoding.hostIndices(of: group) { referencedBy[h].append("\(index).\(g)") }
            }
        }
        var occupied = [Bool](repeating: false, count: problem.hostIDs.count)
        for v in problem.vms.indices { if let h = problem.current[v] { occupied[h] = true } }
        var classes: [String: [Int]] = [:]
        var order: [String] = []
        var everyClass: [String: [Int]] = [:]
        var everyOrder: [String] = []
        for h in problem.hostIDs.indices where encoding.y[h] != nil {
            let host = problem.hosts[h]
            let key = "\(encoding.domains.capacity[h])|\(host.features.sorted())|\(host.state)|\(referencedBy[h])|\(problem.sleeping[h])|\(encoding.candidateVMs(of: h))|\(encoding.candidateClasses(of: h))"
            if everyClass[key] == nil { everyOrder.append(key) }
            everyClass[key, default: []].append(h)
            guard !occupied[h] else { continue }
            if classes[key] == nil { order.append(key) }
            classes[key, default: []].append(h)
        }
        symmetryClasses = order.map { classes[$0]! }.filter { $0.count > 1 }
        interchangeableHosts = everyOrder.map { everyClass[$0]! }.filter { $0.count > 1 }
        for members in symmetryClasses {
            for (a, b) in zip(members, members.dropFirst()) {
                encoding.add(encoding.online(b) - encoding.online(a) <= 0, name: "sym_\(a)_\(b)")
            }
        }
    }

    /// Whether the primary objective is blind to where VMs run now (hosts on, peak utilisation, with
    /// no soft rule), so that interchangeable hosts may trade their VMs. Moved memory is not.
    var primaryIgnoresCurrentPlacement: Bool {
        (objective == .minHosts || objective == .balance) && encoding.softCost.terms.isEmpty
    }

    /// The resource whose load orders interchangeable hosts in the primary phase (the first one some
    /// running VM demands), or `nil` when the primary phase orders nothing.
    private var primaryOrderingResource: Int? {
        guard primaryIgnoresCurrentPlacement else { return nil }
        return problem.resources.indices.first { r in problem.running.contains { encoding.demand($0, r) > 0 } }
    }

    /// The model of the primary phase: the hosts of each interchangeable group switched on in index
    /// order and loaded in decreasing order of their first loaded resource. Valid for the primary
    /// objective only (it ignores where VMs run now); the tie-break phase and the neighbourhoods
    /// use `model`. `primaryCanonical` maps any placement onto these rows.
    func primaryPhaseModel() -> MIPModel {
        var model = encoding.model
        guard let r = primaryOrderingResource else { return model }
        for members in interchangeableHosts {
            for (a, b) in zip(members, members.dropFirst()) {
                model.addConstraint(encoding.online(b) - encoding.online(a) <= 0, name: "psym_\(a)_\(b)")
                model.addConstraint(encoding.load(on: b, r) - encoding.load(on: a, r) <= 0, name: "pload_\(a)_\(b)")
            }
        }
        return model
    }

    /// The same placement with each interchangeable group's hosts renamed so that the hosts on come
    /// first and loads decrease in index order, as `primaryPhaseModel` demands.
    func primaryCanonical(_ placement: Placement) -> Placement {
        guard let r = primaryOrderingResource else { return placement }
        var load = [Double](repeating: 0, count: problem.hostIDs.count)
        for v in problem.running {
            if let id = placement.vmHosts[problem.vmIDs[v]], let h = problem.hostIndex[id] { load[h] += encoding.demand(v, r) }
        }
        var rename: [String: String] = [:]
        for members in interchangeableHosts {
            let on = members.map { placement.onlineHosts.contains(problem.hostIDs[$0]) }
            let sorted = members.indices.sorted { (on[$0] ? 0 : 1, -load[members[$0]], $0) < (on[$1] ? 0 : 1, -load[members[$1]], $1) }
            for (slot, i) in sorted.enumerated() where members[i] != members[slot] {
                rename[problem.hostIDs[members[i]]] = problem.hostIDs[members[slot]]
            }
        }
        guard !rename.isEmpty else { return placement }
        return Placement(
            vmHosts: placement.vmHosts.mapValues { rename[$0] ?? $0 },
            onlineHosts: Set(placement.onlineHosts.map { rename[$0] ?? $0 }))
    }

    /// The same placement with the hosts of each symmetry class used in index order, as the
    /// symmetry rows demand (the hosts of a class are interchangeable, so nothing else changes).
    func canonical(_ placement: Placement) -> Placement {
        var rename: [String: String] = [:]
        for members in symmetryClasses {
            let ids = members.map { problem.hostIDs[$0] }
            let used = ids.filter { placement.onlineHosts.contains($0) }
            for (from, to) in zip(used, ids.prefix(used.count)) where from != to { rename[from] = to }
        }
        guard !rename.isEmpty else { return placement }
        return Placement(
            vmHosts: placement.vmHosts.mapValues { rename[$0] ?? $0 },
            onlineHosts: Set(placement.onlineHosts.map { rename[$0] ?? $0 }))
    }

    /// 1 − x[v, current host] for VMs that run somewhere now; 0 for new VMs.
    func moved(_ v: Int) -> LinearExpr? {
        guard let now = problem.current[v] else { return nil }
        return LinearExpr(constant: 1) - encoding.assignment(v, now)
    }

    /// 1 − y for hosts on now, y for hosts off now.
    func stateChange(_ h: Int) -> LinearExpr? {
        guard encoding.y[h] != nil else { return nil }
        switch problem.hostStates[h] {
        case .online: return LinearExpr(constant: 1) - encoding.online(h)
        case .offline: return encoding.online(h)
        case .maintenance: return nil
        }
    }

    private mutating func addObjective(_ objective: Objective) {
        var migrations = LinearExpr()
        var totalWeight = 1.0
        var lightest = Double.infinity
        let counted = Set(encoding.classes.flatMap(\.members))
        for v in problem.running where !counted.contains(v) {
            guard let moved = moved(v) else { continue }
            let w = problem.moveWeight(v)
            migrations.add(moved, scaledBy: w)
            totalWeight += w
            lightest = min(lightest, w)
        }
        // A class moves max(0, now − n[c,h]) VMs off each host h: m[c,h] ≥ now − n[c,h], m ≥ 0.
        for (c, vmClass) in encoding.classes.enumerated() {
            let w = problem.moveWeight(vmClass.members[0])
            var now: [Int: Int] = [:]
            for v in vmClass.members { if let h = problem.current[v] { now[h, default: 0] += 1 } }
            for (h, count) in now.sorted(by: { $0.key < $1.key }) {
                totalWeight += w * Double(count)
                lightest = min(lightest, w)
                guard let n = encoding.count(c, h) else {
                    migrations.add(LinearExpr(constant: Double(count)), scaledBy: w)
                    continue
                }
                let leaving = encoding.newContinuous("m_\(c)_\(h)", lowerBound: 0)
                impliedIntegers.insert(leaving.index)
                encoding.add(LinearExpr(leaving) + LinearExpr(n) >= Double(count), name: "left_\(c)_\(h)")
                // A host switched off sends every VM away: m[c,h] ≥ now × (1 − y[h]). Implied by the
                // integer model, but the LP otherwise keeps VMs on a host that is 7/16 on, and the
                // tie-break bound of a consolidation sat at a tenth of the optimum. Tie-break models
                // only: in the primary phase the rows only change GLPK's path (measured: one
                // consolidation proven at 16 hosts without them ended at 17 with them).
                if encoding.y[h] != nil {
                    tieBreakRows.append((LinearExpr(leaving) + Double(count) * encoding.online(h) >= Double(count), "left_off_\(c)_\(h)"))
                }
                migrations.add(w, leaving)
            }
        }
        if !lightest.isFinite { lightest = 1 }
        var changes = LinearExpr()
        for h in problem.hostIDs.indices { if let change = stateChange(h) { changes.add(change, scaledBy: 1) } }
        let hostCount = Double(problem.hostIDs.count)

        var expr = LinearExpr()
        switch objective {
        case .minHosts:
            // Lexicographic: hosts on, then migrations by memory, then state changes (worth less than the lightest move).
            for h in problem.hostIDs.indices { expr.add(encoding.online(h), scaledBy: 1) }
            var ties = migrations
            ties.add(changes, scaledBy: lightest / (2 * (hostCount + 1)))
            secondary = ties
        case .minMigrations:
            // Lexicographic: moved memory, then host state changes (booting a spare beats any move).
            expr.add(migrations, scaledBy: 1)
            if !changes.terms.isEmpty { secondary = changes }
        case .balance:
            let peak = encoding.newContinuous("peak", lowerBound: 0)
            for (row, h, r) in encoding.peakRows(on: problem.hostIDs.indices, bounding: peak) { encoding.add(row, name: "peak_\(h)_\(r)") }
            // Peak utilisation ∈ [0, 1]; a state change (2) always outweighs it; migrations break ties.
            expr.add(1, peak)
            expr.add(changes, scaledBy: 2)
            secondary = migrations
        case .minCost:
            // The soft costs below; migrations, then state changes, break ties for less than 10⁻³ in all.
            expr.add(migrations, scaledBy: 1e-3 / (2 * totalWeight))
            expr.add(changes, scaledBy: 1e-3 / (2 * (hostCount + 1)))
        }
        expr.add(encoding.softCost, scaledBy: 1)
        primary = expr
        primaryIsIntegral = isIntegral(expr)
        encoding.minimize(expr)
    }

    /// Rows that tighten the tie-breakers' LP bound, added to the tie-break models only.
    private var tieBreakRows: [(row: LinearConstraint, name: String)] = []

    /// Columns that are integral in every optimal solution though continuous (m[c,h] = max(0, now − n[c,h])).
    private var impliedIntegers = Set<Int>()

    /// Whether every value the expression takes at an optimum is an integer: integral coefficients
    /// and constant on integer columns (or implied ones), so a bound rounds up.
    private func isIntegral(_ expr: LinearExpr) -> Bool {
        func whole(_ x: Double) -> Bool { x.rounded() == x }
        guard whole(expr.constant) else { return false }
        return expr.terms.allSatisfy { term in
            whole(term.coefficient)
                && (encoding.model.variables[term.variable.index].kind != .continuous || impliedIntegers.contains(term.variable.index))
        }
    }

    /// The model of the second lexicographic phase: the primary objective at most `value` (plus a
    /// relative slack for rounding), the tie-breakers minimised. `nil` when the objective has none.
    func secondPhase(primaryAtMost value: Double) -> MIPModel? {
        guard let secondary else { return nil }
        var model = encoding.model
        for (row, name) in tieBreakRows { model.addConstraint(row, name: name) }
        let slack = 1e-7 * max(1, abs(value))
        model.addConstraint(primary <= value + slack, name: "primary_cap")
        model.minimize(secondary)
        return model
    }

    /// A step of `PeakDescent`: every host's load of every resource strictly below `peak` × its
    /// capacity, rounded down to a multiple of the resource's demand granularity (so that GLPK gets
    /// knapsack rows with integral right-hand sides), hosts kept in their power state (a state change
    /// weighs 2 in balance, more than any peak), moved memory minimised. `nil` unless the objective
    /// is balance without soft rules.
    func peakLevelModel(below peak: Double) -> MIPModel? {
        guard objective == .balance, encoding.softCost.terms.isEmpty, let secondary else { return nil }
        var model = encoding.model
        for (row, name) in tieBreakRows { model.addConstraint(row, name: name) }
        for h in problem.hostIDs.indices {
            guard let y = encoding.y[h] else { continue }
            switch problem.hostStates[h] {
            case .online: model.fix(y, to: 1)
            case .offline: model.fix(y, to: 0)
            case .maintenance: break
            }
        }
        let granularity = problem.resources.indices.map { demandGranularity($0) }
        for h in problem.hostIDs.indices where !encoding.columns(on: h).isEmpty {
            for r in problem.resources.indices where problem.capacity[h][r] > 0 {
                let load = encoding.load(on: h, r)
                guard !load.terms.isEmpty else { continue }
                let level = peak * problem.capacity[h][r]
                let most = granularity[r].map { g in ((level / g) - 1e-7).rounded(.down) * g } ?? level * (1 - 1e-6)
                model.addConstraint(load <= most, name: "level_\(h)_\(r)")
            }
        }
        model.minimize(secondary)
        return model
    }

    /// The greatest common divisor of the running VMs' demands of a resource when they are all
    /// whole numbers (every load is then a multiple of it), `nil` otherwise.
    private func demandGranularity(_ r: Int) -> Double? {
        func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
        var g: Int64 = 0
        for v in problem.running {
            let d = encoding.demand(v, r)
            guard d >= 0, d < 1e15, d.rounded() == d else { return nil }
            g = gcd(Int64(d), g)
        }
        return g > 0 ? Double(g) : nil
    }

    /// The placement encoded by a MIP solution. A class's VMs stay where they are as far as the
    /// counts allow (the fewest moves); the others fill the hosts whose count grew, in host order.
    func placement(from values: [Double]) -> Placement {
        var vmHosts: [String: String] = [:]
        var online = Set<String>()
        for v in problem.running {
            for (h, variable) in encoding.x[v] where values[variable.index] > 0.5 {
                vmHosts[problem.vmIDs[v]] = problem.hostIDs[h]
            }
        }
        for (c, vmClass) in encoding.classes.enumerated() {
            var slots: [Int: Int] = [:]
            for (h, variable) in encoding.n[c] { slots[h] = Int(values[variable.index].rounded()) }
            var movers: [Int] = []
            for v in vmClass.members {
                if let h = problem.current[v], let free = slots[h], free > 0 {
                    vmHosts[problem.vmIDs[v]] = problem.hostIDs[h]
                    slots[h] = free - 1
                } else {
                    movers.append(v)
                }
            }
            var next = movers.makeIterator()
            for h in slots.keys.sorted() {
                for _ in 0..<max(0, slots[h]!) {
                    guard let v = next.next() else { break }
                    vmHosts[problem.vmIDs[v]] = problem.hostIDs[h]
                }
            }
        }
        for (h, variable) in encoding.y.enumerated() {
            if let variable, values[variable.index] > 0.5 { online.insert(problem.hostIDs[h]) }
        }
        return Placement(vmHosts: vmHosts, onlineHosts: online)
    }

    /// A copy of the model with every x and y fixed to `placement`; solving it completes the
    /// auxiliary variables, giving a full warm-start vector. `nil` when the placement uses a pair
    /// that has no variable.
    func fixing(to placement: Placement, model base: MIPModel? = nil) -> MIPModel? {
        var model = base ?? encoding.model
        let counted = Set(encoding.classes.flatMap(\.members))
        for (c, vmClass) in encoding.classes.enumerated() {
            var count: [Int: Int] = [:]
            for v in vmClass.members {
                guard let hostID = placement.vmHosts[problem.vmIDs[v]], let target = problem.hostIndex[hostID],
                    encoding.n[c][target] != nil
                else { return nil }
                count[target, default: 0] += 1
            }
            for (h, variable) in encoding.n[c] { model.fix(variable, to: Double(count[h] ?? 0)) }
        }
        for v in problem.running where !counted.contains(v) {
            guard let hostID = placement.vmHosts[problem.vmIDs[v]], let target = problem.hostIndex[hostID],
                encoding.x[v][target] != nil
            else { return nil }
            for (h, variable) in encoding.x[v] { model.fix(variable, to: h == target ? 1 : 0) }
        }
        for (h, variable) in encoding.y.enumerated() {
            guard let variable else { continue }
            model.fix(variable, to: placement.onlineHosts.contains(problem.hostIDs[h]) ? 1 : 0)
        }
        return model
    }
}
