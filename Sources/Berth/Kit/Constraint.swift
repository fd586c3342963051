/// A placement rule of the catalog, as a value. JSON: an object whose `kind` names the rule.
///
/// Each rule is a type in its own file (`Spread`, `Ban`, …) that states everything the engine
/// needs of it (`PlacementRule`); `.spread(Spread(…))` wraps one, `as(_:)` unwraps it. Adding a
/// constraint means writing that file and naming its type once in `ConstraintCatalog.types`.
public struct Constraint: Hashable, Sendable {
    let rule: any PlacementRule

    init(_ rule: some PlacementRule) { self.rule = rule }

    /// The rule as its own type, or `nil` when it is another kind: `constraint.as(Spread.self)?.vms`.
    public func `as`<Rule: ConstraintConvertible>(_ type: Rule.Type) -> Rule? { rule as? Rule }

    public static func == (lhs: Constraint, rhs: Constraint) -> Bool { AnyHashable(lhs.rule) == AnyHashable(rhs.rule) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(rule)) }

    /// The JSON `kind` (`spread`, `maxOnline`, …).
    public var kind: String { type(of: rule).kind }
    /// The user's label (`"id"` in JSON), if any.
    public var label: String? { rule.label }
    public var vms: [String] { rule.referencedVMs }
    public var hosts: [String] { rule.referencedHosts }
    /// One line saying what the constraint asks.
    public var summary: String { rule.summary }
    /// Every way `view` breaks this constraint, reported under `id`.
    package func violations(in view: PlacementView, id: String) -> [Violation] { rule.violations(in: view, id: id) }

    /// The same constraint with its semantics set; `nil` when the kind has no choice (e.g. `root` is continuous only).
    public func withContinuity(_ continuous: Bool) -> Constraint? { rule.withContinuity(continuous) }

    /// The constraint restricted to a sub-problem (see `PlacementRule.projected`).
    func projected(onto scope: SubproblemScope) -> Projection { rule.projected(onto: scope) }

    /// Whether the rule must hold at every instant of a plan (BtrPlace's continuous semantics).
    public var isContinuous: Bool { rule.isContinuous }
    /// Whether the rule is soft (a cost in the objective) rather than hard.
    public var isSoft: Bool { type(of: rule).nature == .soft }
}
