import BerthMIP

/// Invariant: at most `amount` hosts of `hosts` end powered on (licences, power).
public struct MaxOnline: PlacementRule, ContinuityChoosing {
    static let kind = "maxOnline"
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
    var summary: String { "maxOnline: at most \(amount) of \(hosts.count) hosts (\(listed(hosts))) online" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let online = hosts.filter(view.endsOnline)
        guard online.count > amount else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, hosts: online, measured: Double(online.count), limit: Double(amount),
            message: "\(online.count) hosts of the set end online, at most \(amount) allowed")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        var expr = LinearExpr()
        for host in encoding.hostIndices(of: hosts) { expr.add(encoding.online(host), scaledBy: 1) }
        encoding.add(expr <= Double(amount), name: id)
    }
}

extension MaxOnline {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, amount, continuous }
}

extension MaxOnline {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(Double(amount))
    }

    static let scriptNames = ["maxOnline"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(hosts, count)")
        return .maxOnline(MaxOnline(hosts: try args.hosts(0), amount: try args.integer(1), label: label))
    }

    static let fields = ["id", "hosts", "amount", "continuous"]
    static let nature = RuleNature.hard
    var hostStateDemand: HostStateDemand? { .onOnlyWhenUsed(hosts) }
    /// A continuous limit holds at every instant of the plan: the scheduler counts hosts on as it goes.
    func require(in timing: inout TimingRequirements, id: String) {
        if isContinuous { timing.onlineLimits.append((id, Set(hosts), amount)) }
    }

    /// Admits a VM on a host of the set that is already on, or while fewer than `amount` are: O(hosts).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.hostIndices(of: hosts)
        let limit = amount
        return AdmissionTest(hosts: members) { _, host, state in
            state.isOn(host) || members.filter(state.isOn).count < limit
        }
    }
}

extension MaxOnline {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `MaxOnline` rule as a catalog constraint (`.maxOnline(MaxOnline(…))`).
    public static func maxOnline(_ rule: MaxOnline) -> Constraint { Constraint(rule) }
}
