/// Invariant: every migration of the VMs of `vms` ends at most `seconds` after the plan starts.
///
/// A scheduling constraint (BtrPlace's `Deadline`): the scheduler moves these VMs first, earliest
/// deadline first, and the plan checker enforces it; it adds nothing to the placement MIP.
public struct Deadline: SchedulingRule {
    static let kind = "deadline"
    public var label: String?
    public var vms: [String]
    public var seconds: Double

    public init(vms: [String], seconds: Double, label: String? = nil) {
        self.vms = vms
        self.seconds = seconds
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "deadline: \(listed(vms)) moved within \(format(seconds)) s" }
}

extension Deadline {
    enum CodingKeys: String, CodingKey { case label = "id", vms, seconds }
}

extension Deadline {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if !(seconds >= 0 && seconds.isFinite) { check.report("seconds", "a deadline must be a finite number of seconds ≥ 0, found \(seconds)") }
    }

    static let scriptNames = ["deadline"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs, seconds)")
        return .deadline(Deadline(vms: try args.vms(0), seconds: try args.number(1), label: label))
    }

    static let fields = ["id", "vms", "seconds"]
}

extension Deadline {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        for vm in vms where timing.deadlines[vm].map({ seconds < $0.seconds }) ?? true {
            timing.deadlines[vm] = (seconds, id)
        }
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        let vms = Set(self.vms)
        return plan.moving.filter { vms.contains($0.vm!) && $0.end > seconds + 1e-6 }.map { a in
            Violation(constraint: id, kind: Self.kind, vms: [a.vm!], measured: a.end, limit: seconds,
                      message: "at t = \(format(a.end)) s: \(a.vm!) finishes moving after its deadline of \(format(seconds)) s")
        }
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `Deadline` rule as a catalog constraint (`.deadline(Deadline(…))`).
    public static func deadline(_ rule: Deadline) -> Constraint { Constraint(rule) }
}
