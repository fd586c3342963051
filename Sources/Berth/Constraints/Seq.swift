/// Invariant: the moves of the VMs of `vms` run one after another in the listed order, never
/// overlapping (BtrPlace's `SequentialVMTransitions`); VMs that do not move are skipped.
///
/// A scheduling constraint: the scheduler chains the moves; the plan checker enforces it.
public struct Seq: SchedulingRule {
    static let kind = "seq"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "seq: \(listed(vms)) move one after another, in this order" }
}

extension Seq {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension Seq {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if vms.count < 2 { check.report("vms", "seq needs at least two VMs") }
        else if Set(vms).count < vms.count { check.report("vms", "seq lists a VM twice") }
    }

    static let scriptNames = ["seq"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...Int.max, "(VMs, VMs, …) in the order they move")
        var vms: [String] = []
        for i in 0..<args.count { vms += try args.vms(i) }
        return .seq(Seq(vms: vms, label: label))
    }

    static let fields = ["id", "vms"]
}

extension Seq {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    /// One after another: each moving member after the previous moving one.
    func require(in timing: inout TimingRequirements, id: String) {
        let chain = vms.filter(timing.moving.contains)
        for (before, after) in zip(chain, chain.dropFirst()) { timing.precedences.append((id, [before], [after])) }
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        let moves = plan.moves
        let chain = vms.filter { moves[$0] != nil }
        return zip(chain, chain.dropFirst()).filter { before, after in moves[after]!.start < moves[before]!.end - 1e-6 }.map { before, after in
            Violation(constraint: id, kind: Self.kind, vms: [before, after], measured: moves[after]!.start, limit: moves[before]!.end,
                      message: "at t = \(format(moves[after]!.start)) s: \(after) starts moving before \(before) has finished (\(format(moves[before]!.end)) s)")
        }
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `Seq` rule as a catalog constraint (`.seq(Seq(…))`).
    public static func seq(_ rule: Seq) -> Constraint { Constraint(rule) }
}
