import BerthMIP

/// The placement MIP under construction, and the vocabulary constraints use to add rows to it:
/// `x[v,h]` (VM v lands on host h) exists only for allowed pairs, `y[h]` (host h ends on) for usable hosts.
struct PlacementEncoding: Sendable {
    let problem: PlacementProblem
    let domains: PlacementDomains
    private(set) var model: MIPModel
    private(set) var x: [[Int: Variable]]
    private(set) var y: [Variable?]
    private var vmsByHost: [[Int]]

    init(problem: PlacementProblem, domains: PlacementDomains, selection: RuleSelection, name: String) {
        self.problem = problem
        self.domains = domains
        model = MIPModel(name: name)
        x = problem.vmIDs.map { _ in [:] }
        y = problem.hostIDs.map { _ in nil }
        vmsByHost = problem.hostIDs.map { _ in [] }
        let maintenanceIsOff = selection.builtins.contains(.hostState)
        for h in problem.hostIDs.indices where !(maintenanceIsOff && problem.hostStates[h] == .maintenance) {
            y[h] = model.addVariable("y_\(h)", kind: .binary)
        }
        for v in problem.running {
            for h in domains.hosts(of: v) {
                x[v][h] = model.addVariable("x_\(v)_\(h)", kind: .binary)
                vmsByHost[h].append(v)
            }
        }
    }

    /// Soft-rule costs, added to the objective by the formulation.
    private(set) var softCost = LinearExpr()

    func vmID(_ vm: Int) -> String { problem.vmIDs[vm] }

    func resourceIndex(_ name: String) -> Int? { problem.resources.firstIndex(of: name) }

    /// A VM's demand under the selected rules (`preserve` included).
    func demand(_ vm: Int, _ resource: Int) -> Double { domains.demand[vm][resource] }

    /// A host's usable capacity under the selected rules (`overbook` included).
    func capacity(_ host: Int, _ resource: Int) -> Double { domains.capacity[host][resource] }

    /// Σ demand × x[v,h] over the VMs that may land on `host`: the host's load of `resource` (index).
    func load(on host: Int, _ resource: Int) -> LinearExpr {
        var expr = LinearExpr()
        for v in candidateVMs(of: host) where demand(v, resource) > 0 { expr.add(demand(v, resource), x[v][host]!) }
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

    /// Running VMs that may land on `host`, ascending.
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
