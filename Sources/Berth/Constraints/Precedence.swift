/// Invariant: every migration of a VM of `after` starts once every migration of the VMs of `before` has ended.
///
/// A scheduling constraint (BtrPlace's `Precedence`): the scheduler orders the moves and the plan
/// checker enforces it; it says nothing about the final state and adds nothing to the placement MIP.
public struct Precedence: SchedulingRule {
    static let kind = "precedence"
    public var label: String?
    public var before: [String]
    public var after: [String]

    public init(before: [String], after: [String], label: String? = nil) {
        self.before = before
        self.after = after
        self.label = label
    }

    // `before` and `after` are validated with their own JSON paths (`validate`).
    var summary: String { "precedence: \(listed(before)) migrate before \(listed(after))" }
}

extension Precedence {
    enum CodingKeys: String, CodingKey { case label = "id", before, after }
}

extension Precedence {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if before.isEmpty || after.isEmpty { check.reportRule("precedence needs VMs in both 'before' and 'after'") }
        check.vms(before, "before")
        check.vms(after, "after")
    }

    static let scriptNames = ["precedence", "before"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs moved first, VMs moved after)")
        return .precedence(Precedence(before: try args.vms(0), after: try args.vms(1), label: label))
    }

    static let fields = ["id", "before", "after"]
}

extension Precedence {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        timing.precedences.append((id, Set(before), Set(after)))
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        let before = Set(self.before), after = Set(self.after)
        let lastEnd = plan.moving.filter { before.contains($0.vm!) && $0.kind != .suspend }.map(\.end).max() ?? 0
        return plan.moving.filter { after.contains($0.vm!) && $0.start < lastEnd - 1e-6 }.map { a in
            Violation(constraint: id, kind: Self.kind, vms: [a.vm!], measured: a.start, limit: lastEnd,
                      message: "at t = \(format(a.start)) s: \(a.vm!) starts moving before \(listed(self.before)) have finished (\(format(lastEnd)) s)")
        }
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `Precedence` rule as a catalog constraint (`.precedence(Precedence(…))`).
    public static func precedence(_ rule: Precedence) -> Constraint { Constraint(rule) }
}
