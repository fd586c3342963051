import BerthMIP

/// Invariant: on each host of `hosts`, the running VMs' `resource` demand stays within capacity × `ratio`.
/// The ratio replaces the host's own; where several apply, the smallest wins. Breaches are reported
/// by the built-in `capacity` rule, which reads the ratio in force.
public struct Overbook: PlacementRule, ContinuityChoosing {
    static let kind = "overbook"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var hosts: [String]
    public var resource: String
    public var ratio: Double

    public init(hosts: [String], resource: String, ratio: Double, continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.hosts = hosts
        self.resource = resource
        self.ratio = ratio
        self.label = label
    }

    static let continuousByDefault = true
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedHosts: [String] { hosts }
    var summary: String { "overbook \(resource) ×\(format(ratio)) on \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func encode(into encoding: inout PlacementEncoding, id: String) {}  // changes capacity in the capacity rows
}

extension Overbook {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, resource, ratio, continuous }
}

extension Overbook {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(ratio, "ratio", positive: true)
    }

    static let scriptNames = ["overbook"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(hosts, resource, ratio)")
        return .overbook(Overbook(hosts: try args.hosts(0), resource: try args.resource(1), ratio: try args.number(2), label: label))
    }

    /// Nothing to test incrementally: the ratio is the capacity the packers fill (`ResourceSemantics`).
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "hosts", "resource", "ratio", "continuous"]
    static let nature = RuleNature.hard
    var resourceAdjustment: ResourceAdjustment? { .capacityRatio(hosts: hosts, resource: resource, ratio: ratio) }

    /// Per host: the ratio holds on each host inside.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.hosts.isEmpty ? [] : [.overbook(rule)])
    }
}

extension Constraint {
    /// The `Overbook` rule as a catalog constraint (`.overbook(Overbook(…))`).
    public static func overbook(_ rule: Overbook) -> Constraint { Constraint(rule) }
}
