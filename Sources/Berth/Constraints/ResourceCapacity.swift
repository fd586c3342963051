import BerthMIP

/// Invariant: the running VMs on the host set use at most `amount` of `resource` in total.
public struct ResourceCapacity: PlacementRule, ContinuityChoosing {
    static let kind = "resourceCapacity"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var hosts: [String]
    public var resource: String
    public var amount: Double

    public init(hosts: [String], resource: String, amount: Double, continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.hosts = hosts
        self.resource = resource
        self.amount = amount
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedHosts: [String] { hosts }
    var summary: String { "resourceCapacity: at most \(format(amount)) \(resource) in total on \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let residents = hosts.flatMap { view.runningResidents(of: $0) }
        let load = hosts.reduce(0.0) { $0 + view.load(on: $1, resource) }
        guard CapacityTolerance.exceeds(load, amount) else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, vms: residents, hosts: hosts, resource: resource, measured: load, limit: amount,
            message: "the host set uses \(format(load)) \(resource), at most \(format(amount)) allowed")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        guard let r = encoding.resourceIndex(resource) else { return }
        var expr = LinearExpr()
        for host in encoding.hostIndices(of: hosts) { expr.add(encoding.load(on: host, r), scaledBy: 1) }
        encoding.add(expr <= amount, name: id)
    }
}

extension ResourceCapacity {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, resource, amount, continuous }
}

extension ResourceCapacity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(amount)
    }

    static let scriptNames = ["resourceCapacity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(hosts, resource, amount)")
        return .resourceCapacity(ResourceCapacity(
            hosts: try args.hosts(0), resource: try args.resource(1), amount: try args.number(2), label: label))
    }

    static let fields = ["id", "hosts", "resource", "amount", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a VM on the host set while the set's total stays within the amount: O(hosts in the set).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        guard let r = problem.resources.firstIndex(of: resource) else { return nil }
        let members = problem.hostIndices(of: hosts)
        let amount = amount
        return AdmissionTest(hosts: members) { vm, _, state in
            members.reduce(0.0) { $0 + state.load[$1][r] } + problem.demand[vm][r] <= amount + 1e-9
        }
    }
}

extension ResourceCapacity {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `ResourceCapacity` rule as a catalog constraint (`.resourceCapacity(ResourceCapacity(…))`).
    public static func resourceCapacity(_ rule: ResourceCapacity) -> Constraint { Constraint(rule) }
}
