import BerthMIP

/// The placement MIP under construction, and the vocabulary constraints use to add rows to it:
/// `x[v,h]` (VM v lands on host h) exists only for allowed pairs, `y[h]` (host h ends on) for usable hosts.
///
/// With `classes`, interchangeable VMs (a flavour no rule names) get one integer count per host,
/// `n[c,h]`, instead of a binary per VM and host: rules reach them through `columns(on:)` and `load(on:_:)`.
struct PlacementEncoding: Sendable {
    let problem: PlacementProblem
    let domains: PlacementDomains
    private(set) var model: MIPModel
    /// Binaries of the individual VMs (empty for VMs counted in a class).
    private(set) var x: [[Int: Variable]]
    private(set) var y: [Variable?]
    private var vmsByHost: [[Int]]
    /// Interchangeable VMs counted together.
    let classes: [VMClass]
    /// Whether host capacity is among the selected rules (rules may then add capacity-derived rows).
    let enforcesCapacity: Bool
    /// `n[c][h]`: how many VMs of class c end on host h.
    private(set) var n: [[Int: Variable]]
    private var classesByHost: [[Int]]

    init(problem: PlacementProblem, domains: PlacementDomains, selection: RuleSelection, name: String, classes: [VMClass] = []) {
        self.problem = problem
        self.domains = domains
        self.classes = classes
        enforcesCapacity = selection.builtins.contains(.capacity)
        model = MIPModel(name: name)
        x = problem.vmIDs.map { _ in [:] }
        y = problem.hostIDs.map { _ in nil }
        vmsByHost = problem.hostIDs.map { _ in [] }
        n = classes.map { _ in [:] }
        classesByHost = problem.hostIDs.map { _ in [] }
        let maintenanceIsOff = selection.builtins.contains(.hostState)
        for h in problem.hostIDs.indices where !(maintenanceIsOff && problem.hostStates[h] == .maintenance) {
            y[h] = model.addVariable("y_\(h)", kind: .binary)
        }
        var counted = Set<Int>()
        for (c, vmClass) in classes.enumerated() {
            counted.formUnion(vmClass.members)
            for h in vmClass.hosts {
                // Capacity bounds the count only when capacity is selected (the explainer tests without it).
                let fitting = selection.builtins.contains(.capacity) ? vmClass.fitting(on: h, capacity: domains.capacity[h]) : Int.max
                let most = Double(min(vmClass.members.count, fitting))
                guard most >= 1 else { continue }
                n[c][h] = model.addVariable("n_\(c)_\(h)", kind: .integer, lowerBound: 0, upperBound: most)
                classesByHost[h].append(c)
            }
        }
        for v in problem.running where !counted.contains(v) {
            for h in domains.hosts(of: v) {
                x[v][h] = model.addVariable("x_\(v)_\(h)", kind: .binary)
                vmsByHost[h].append(v)
            }
        }
    }

    /// One variable of a host's occupancy: an individual VM's binary or a class's count.
    struct HostColumn {
        let variable: Variable
        /// A VM it stands for (the class's first member): its demand is every member's.
        let vm: Int
        /// Most VMs the column can count.
        let count: Int
        /// The VMs it may stand for.
        let vms: [Int]
    }

    /// Every variable that puts running VMs on `host`: individual binaries, then class counts.
    func columns(on host: Int) -> [HostColumn] {
        vmsByHost[host].map { HostColumn(variable: x[$0][host]!, vm: $0, count: 1, vms: [$0]) }
            + classesByHost[host].map { c in
                HostColumn(variable: n[c][host]!, vm: classes[c].members[0], count: classes[c].members.count, vms: classes[c].members)
            }
    }

    /// Classes that may put VMs on `host`.
    func candidateClasses(of host: Int) -> [Int] { classesByHost[host] }

    func count(_ vmClass: Int, _ host: Int) -> Variable? { n[vmClass][host] }

    /// Soft-rule costs, added to the objective by the formulation.
    private(set) var softCost = LinearExpr()

    func vmID(_ vm: Int) -> String { problem.vmIDs[vm] }

    func resourceIndex(_ name: String) -> Int? { problem.resources.firstIndex(of: name) }

    /// A VM's demand under the selected rules (`preserve` included).
    func demand(_ vm: Int, _ resource: Int) -> Double { domains.demand[vm][resource] }

    /// A host's usable capacity under the selected rules (`overbook` included).
    func capacity(_ host: Int, _ resource: Int) -> Double { domains.capacity[host][resource] }

    /// `load(h, r) ≤ capacity(h, r) × peak` for every host of `hosts` and every resource it has and may carry.
    func peakRows(on hosts: some Sequence<Int>, bounding peak: Variable) -> [(row: LinearConstraint, host: Int, resource: Int)] {
        var rows: [(row: LinearConstraint, host: Int, resource: Int)] = []
        for h in hosts {
            for r in problem.resources.indices where domains.capacity[h][r] > 0 {
                var load = load(on: h, r)
                guard !load.terms.isEmpty else { continue }
                load.add(-domains.capacity[h][r], peak)
                rows.append((load <= 0, h, r))
            }
        }
        return rows
    }

    /// Σ demand × x[v,h] (and demand × n[c,h]) over the VMs that may land on `host`: the host's load of `resource` (index).
    func load(on host: Int, _ resource: Int) -> LinearExpr {
        var expr = LinearExpr()
        for column in columns(on: host) where demand(column.vm, resource) > 0 { expr.add(demand(column.vm, resource), column.variable) }
        return expr
    }

    mutating func addSoftCost(_ cost: LinearExpr, weight: Double) { softCost.add(cost, scaledBy: weight) }

    /// Indices of the running VMs among `ids` (others are not placed), in the given order.
    func runningIndices(of ids: [String]) -> [Int] {
        ids.compactMap { problem.vmIndex[$0] }.filter { problem.vms[$0].state == .running }
    }

    func hostIndices(of ids: [String]) -> [Int] { ids.compactMap { problem.hostIndex[$0] } }

    /// Hosts where at least one of `vms` may land, ascending.
    func candidateHosts(of vms: [Int]) -> [Int] {
        var hosts = Set<Int>()
        for v in vms { hosts.formUnion(x[v].keys) }
        return hosts.sorted()
    }

    /// Running VMs with their own binary that may land on `host`, ascending (class members are in `columns(on:)`).
    func candidateVMs(of host: Int) -> [Int] { vmsByHost[host] }

    func sleepingVMs(on host: Int) -> [String] { problem.sleeping[host] }

    func assignmentVariable(_ vm: Int, _ host: Int) -> Variable? { x[vm][host] }

    /// `x[v,h]`, or the constant 0 where the pair is not allowed.
    func assignment(_ vm: Int, _ host: Int) -> LinearExpr {
        x[vm][host].map { LinearExpr($0) } ?? LinearExpr()
    }

    /// `1 − x[v, current host]`: whether a VM leaves its current host; `nil` for a VM with no current host.
    func moved(_ vm: Int) -> LinearExpr? {
        guard let from = problem.vms[vm].host, let h = problem.hostIndex[from] else { return nil }
        return 1 - assignment(vm, h)
    }

    /// `y[h]`, or the constant 0 for a host that can never be on.
    func online(_ host: Int) -> LinearExpr {
        y[host].map { LinearExpr($0) } ?? LinearExpr()
    }

    mutating func newBinary(_ name: String) -> Variable { model.addVariable(name, kind: .binary) }

    mutating func newContinuous(_ name: String, lowerBound: Double? = 0, upperBound: Double? = nil) -> Variable {
        model.addVariable(name, kind: .continuous, lowerBound: lowerBound, upperBound: upperBound)
    }

    mutating func add(_ constraint: LinearConstraint, name: String) { model.addConstraint(constraint, name: name) }

    mutating func minimize(_ objective: LinearExpr) { model.minimize(objective) }
}
