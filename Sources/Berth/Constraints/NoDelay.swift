/// Invariant: every move of the VMs of `vms` starts at t = 0 (BtrPlace's `NoDelay`).
///
/// A scheduling constraint: the scheduler moves these VMs first and fails naming it when one cannot
/// start at once; the plan checker enforces it. It adds nothing to the placement.
public struct NoDelay: SchedulingRule {
    static let kind = "noDelay"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "noDelay: \(listed(vms)) start moving at t = 0" }
}

extension NoDelay {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension NoDelay {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if vms.isEmpty { check.report("vms", "noDelay needs at least one VM") }
    }

    static let scriptNames = ["noDelay"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .noDelay(NoDelay(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms"]
}

extension NoDelay {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        for vm in vms where timing.noDelay[vm] == nil { timing.noDelay[vm] = id }
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        vms.compactMap { vm in
            guard let move = plan.moves[vm], move.start > 1e-9 else { return nil }
            return Violation(constraint: id, kind: Self.kind, vms: [vm], measured: move.start, limit: 0,
                             message: "at t = \(format(move.start)) s: \(vm) starts moving late (noDelay asks t = 0)")
        }
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `NoDelay` rule as a catalog constraint (`.noDelay(NoDelay(…))`).
    public static func noDelay(_ rule: NoDelay) -> Constraint { Constraint(rule) }
}
