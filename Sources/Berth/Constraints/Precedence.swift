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

    // `before` and `after` are validated with their own JSON paths (ScheduleValidation).
    var summary: String { "precedence: \(listed(before)) migrate before \(listed(after))" }
}

extension Precedence {
    enum CodingKeys: String, CodingKey { case label = "id", before, after }
}

extension Precedence {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let fields = ["id", "before", "after"]
    static let nature = RuleNature.scheduling
    public var constraint: Constraint { .precedence(self) }

    /// A scheduling rule: nothing to place in a sub-problem.
    func projected(onto scope: SubproblemScope) -> Projection { .rules([]) }
}
