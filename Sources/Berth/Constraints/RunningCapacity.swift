import BerthMIP

/// Invariant: at most `amount` running VMs end on the host set.
public struct RunningCapacity: PlacementRule, ContinuityChoosing {
    static let kind = "runningCapacity"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var hosts: [String]
    public var amount: Int

    public init(hosts: [String], amount: Int, continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.hosts = hosts
        self.amount = amount
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedHosts: [String] { hosts }
    var summary: String { "runningCapacity: at most \(amount) running VMs on \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let residents = hosts.flatMap { view.runningResidents(of: $0) }
        guard residents.count > amount else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, vms: residents, hosts: hosts, measured: Double(residents.count), limit: Double(amount),
            message: "\(residents.count) running VMs on the host set, at most \(amount) allowed")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        var expr = LinearExpr()
        for host in encoding.hostIndices(of: hosts) {
            for column in encoding.columns(on: host) { expr.add(1, column.variable) }
        }
        encoding.add(expr <= Double(amount), name: id)
    }
}

extension RunningCapacity {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, amount, continuous }
}

extension RunningCapacity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(Double(amount))
    }

    static let scriptNames = ["runningCapacity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(hosts, count)")
        return .runningCapacity(RunningCapacity(hosts: try args.hosts(0), amount: try args.integer(1), label: label))
    }

    static let fields = ["id", "hosts", "amount", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a VM on the host set while it holds fewer than `amount` running VMs: O(hosts in the set).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.hostIndices(of: hosts)
        let amount = amount
        return AdmissionTest(hosts: members) { _, _, state in
            members.reduce(0) { $0 + state.residents[$1].count } < amount
        }
    }
}

extension RunningCapacity {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `RunningCapacity` rule as a catalog constraint (`.runningCapacity(RunningCapacity(…))`).
    public static func runningCapacity(_ rule: RunningCapacity) -> Constraint { Constraint(rule) }
}
