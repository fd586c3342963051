import BerthMIP

/// A value the catalog knows how to wrap as a `Constraint`: every constraint struct is one.
public protocol ConstraintConvertible: Sendable {
    var constraint: Constraint { get }
    /// The constraint's name in reports.
    var label: String? { get set }
}

/// Constraints that may hold either at the end of a plan only (discrete) or at every instant (continuous).
public protocol ContinuityChoosing: ConstraintConvertible {
    var continuous: Bool? { get set }
}

extension ContinuityChoosing where Self: PlacementRule {
    /// Either semantics may be chosen: adopting `ContinuityChoosing` is how a rule says so.
    func withContinuity(_ continuous: Bool) -> Constraint? {
        var rule = self
        rule.continuous = continuous
        return rule.constraint
    }
}

/// What every constraint of the catalog provides, side by side in its own file:
/// the checker's view (`violations`), the MIP's view (`restrict` + `encode`), and the ids it names.
///
/// The checker side reads only the model (`PlacementView`); it never calls the encoding.
protocol PlacementRule: ConstraintConvertible, Hashable, Codable {
    /// The JSON `kind`.
    static var kind: String { get }
    /// The JSON keys besides `kind` (any other key is refused, with the closest one suggested).
    static var fields: [String] { get }
    /// A hard invariant, a soft cost, or a rule on the schedule only.
    static var nature: RuleNature { get }
    /// Checks the rule's fields against the model (the ids it names exist, its resources, amounts
    /// and weights), reporting under its own path.
    func validate(_ check: inout RuleValidation)
    /// The same rule with its semantics set (continuous or discrete, `Constraint.withContinuity`);
    /// `nil` when the rule has no choice and is the other one.
    func withContinuity(_ continuous: Bool) -> Constraint?
    /// The names a `.berth` script calls the rule by (its kind, and aliases).
    static var scriptNames: [String] { get }
    /// The rule from its `.berth` script line (docs/dsl.md): arity, arguments, label.
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint
    var referencedVMs: [String] { get }
    var referencedHosts: [String] { get }
    /// Every way `view` breaks the constraint; empty when it holds.
    func violations(in view: PlacementView, id: String) -> [Violation]
    /// Removes the (VM, host) pairs the constraint forbids outright, before variables exist.
    func restrict(_ domains: inout PlacementDomains, id: String)
    /// Adds the constraint's rows to the placement MIP.
    func encode(into encoding: inout PlacementEncoding, id: String)
    /// One line for explanations: what the constraint says.
    var summary: String { get }
    /// For soft rules: what `view` costs in the objective (`nil` when the rule is met or hard).
    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty?
    /// The host groups the rule tells apart (hosts of one group are interchangeable to it).
    var hostGroups: [[String]] { get }
    /// Whether the rule must hold at every instant of a reconfiguration plan, not only at its end.
    var isContinuous: Bool { get }
    /// Compiles the constraint into an incremental admission test for the constructive heuristics
    /// (`VectorPacker`): may a VM land on a host, given what is placed so far? `nil` admits
    /// everything; the independent checker stays the final judge of every heuristic placement.
    func admission(in problem: PlacementProblem) -> AdmissionTest?
    /// The rule restricted to a sub-problem (LNS neighbourhoods, independent parts, host
    /// partitions), or `notLocal` when restricting it would change its meaning. No default: each
    /// rule says, in its own file, how it splits.
    func projected(onto scope: SubproblemScope) -> Projection

    // Optional: what a rule means to the shared bookkeeping, stated in the kit's vocabulary so
    // that the kit and the algorithms need not know the rule's type.

    /// How the rule changes what hosts offer or VMs hold (`overbook`, `preserve`).
    var resourceAdjustment: ResourceAdjustment? { get }
    /// What the rule asks of hosts' power states (`online`, `offline`, `maxOnline`, `powerBudget`).
    var hostStateDemand: HostStateDemand? { get }
    /// Whether the rule's encoding reaches VMs it does not name one by one (through all the VMs
    /// that may land on a host, with per-VM data): with it, VMs are not grouped into classes.
    static var encodingReachesUnnamedVMs: Bool { get }
    /// Adds what the rule asks of the plan's timing, for the scheduler (every scheduling rule;
    /// `powerBudget` and a continuous `maxOnline` too).
    func require(in timing: inout TimingRequirements, id: String)
}

extension PlacementRule {
    var referencedVMs: [String] { [] }
    var referencedHosts: [String] { [] }
    func restrict(_ domains: inout PlacementDomains, id: String) {}
    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? { nil }
    var hostGroups: [[String]] { [referencedHosts] }
    var isContinuous: Bool { false }
    var resourceAdjustment: ResourceAdjustment? { nil }
    var hostStateDemand: HostStateDemand? { nil }
    static var encodingReachesUnnamedVMs: Bool { false }
    func require(in timing: inout TimingRequirements, id: String) {}
    /// Every rule wraps itself the same way.
    public var constraint: Constraint { Constraint(self) }
}

/// How a rule changes the resources of a placement, before any packing.
enum ResourceAdjustment: Sendable {
    /// The hosts offer `ratio` × their capacity of `resource`; the smallest ratio of all wins and
    /// replaces the host's own.
    case capacityRatio(hosts: [String], resource: String, ratio: Double)
    /// The VMs hold at least `amount` of `resource` on their host; the largest amount of all wins.
    case demandFloor(vms: [String], resource: String, amount: Double)
}

/// What a rule asks of hosts' power states, for the heuristics' host bookkeeping (the rule's
/// admission test and the checker still judge every placement).
enum HostStateDemand: Sendable {
    /// The hosts must be on.
    case on([String])
    /// The hosts must be off.
    case off([String])
    /// The hosts (every host when `nil`) stay on only when used: a count or a budget decides.
    case onOnlyWhenUsed([String]?)
}

/// What a rule is to a placement.
enum RuleNature: Sendable {
    /// Every placement must satisfy it (the checker reports it, the MIP and the heuristics honour it).
    case hard
    /// A cost in the objective ("should"), never a violation.
    case soft
    /// It orders or times the plan's actions and says nothing about the placement.
    case scheduling
}

/// A rule on the schedule only (order, timing, concurrency of the actions): it holds along the
/// whole plan, has nothing to check on a placement and nothing to encode in the placement MIP; the
/// scheduler honours what it adds to `TimingRequirements` and the plan checker enforces it through
/// its own `violations`, which read the plan and nothing of the scheduler.
protocol SchedulingRule: PlacementRule {
    /// Every way the plan's moves break the rule (orders, starts, deadlines).
    func violations(in plan: PlanTiming, id: String) -> [Violation]
    /// Every way the plan breaks the rule at one instant (concurrency); only called when
    /// `checkedAtInstants`.
    func violations(at instant: PlanInstant, id: String) -> [Violation]
    /// Whether the checker's sweep must ask the rule at every instant.
    static var checkedAtInstants: Bool { get }
}

/// What being a rule on the schedule only decides, once for all of them.
extension SchedulingRule {
    static var nature: RuleNature { .scheduling }
    var isContinuous: Bool { true }
    /// Its semantics are fixed: it holds along the whole plan.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }
    func violations(in view: PlacementView, id: String) -> [Violation] { [] }
    func encode(into encoding: inout PlacementEncoding, id: String) {}
    /// It places nothing: it admits every VM anywhere, and has nothing to say in a sub-problem.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }
    func projected(onto scope: SubproblemScope) -> Projection { .rules([]) }
}

/// Short list of ids for messages: `a, b, c and 4 more`.
func listed(_ ids: [String], limit: Int = 6) -> String {
    if ids.count <= limit { return ids.joined(separator: ", ") }
    return ids.prefix(limit).joined(separator: ", ") + " and \(ids.count - limit) more"
}
