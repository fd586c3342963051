/// Invariant: no two boots or shutdowns of hosts of `hosts` overlap in time (one power change at a
/// time, e.g. hosts sharing a management controller or a power feed).
///
/// A scheduling constraint: the scheduler delays boots and shutdowns; the plan checker enforces it.
public struct SerializeReboots: SchedulingRule {
    static let kind = "serializeReboots"
    public var label: String?
    public var hosts: [String]

    public init(hosts: [String], label: String? = nil) {
        self.hosts = hosts
        self.label = label
    }

    var referencedHosts: [String] { hosts }
    var summary: String { "serializeReboots: boots and shutdowns of \(listed(hosts)) one at a time" }
}

extension SerializeReboots {
    enum CodingKeys: String, CodingKey { case label = "id", hosts }
}

extension SerializeReboots {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if hosts.count < 2 { check.report("hosts", "serializeReboots needs at least two hosts") }
    }

    static let scriptNames = ["serializeReboots"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(hosts)")
        return .serializeReboots(SerializeReboots(hosts: try args.hosts(0), label: label))
    }

    static let fields = ["id", "hosts"]
}

extension SerializeReboots {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        timing.rebootSerials.append((id, Set(hosts)))
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] { [] }
    static let checkedAtInstants = true

    func violations(at instant: PlanInstant, id: String) -> [Violation] {
        let busy = hosts.filter(instant.changing.contains)
        guard busy.count > 1 else { return [] }
        return [Violation(constraint: id, kind: Self.kind, hosts: busy, measured: Double(busy.count), limit: 1,
                          message: "at t = \(format(instant.t)) s: \(listed(busy)) boot or shut down at once")]
    }
}

extension Constraint {
    /// The `SerializeReboots` rule as a catalog constraint (`.serializeReboots(SerializeReboots(…))`).
    public static func serializeReboots(_ rule: SerializeReboots) -> Constraint { Constraint(rule) }
}
