/// Invariant: the migrations of the VMs of `vms` that move start at the same instant (VMs that talk
/// to each other converge together, as COMMA does); a scheduling constraint, checked on plans only.
public struct Sync: SchedulingRule {
    static let kind = "sync"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "sync: \(listed(vms)) start migrating together" }
}

extension Sync {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension Sync {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if vms.count < 2 { check.report("vms", "sync needs at least two VMs") }
    }

    static let scriptNames = ["sync"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .sync(Sync(vms: try args.vms(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A scheduling rule: it times the plan and places nothing.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "vms"]
    static let nature = RuleNature.scheduling
    public var constraint: Constraint { .sync(self) }

    /// A scheduling rule: nothing to place in a sub-problem.
    func projected(onto scope: SubproblemScope) -> Projection { .rules([]) }
}

extension Constraint {
    /// The `Sync` rule as a catalog constraint (`.sync(Sync(…))`).
    public static func sync(_ rule: Sync) -> Constraint { Constraint(rule) }
}
