/// A value the catalog knows how to wrap as a `Constraint`: every constraint struct is one.
public protocol ConstraintConvertible: Sendable {
    var constraint: Constraint { get }
    /// The constraint's name in reports.
    var label: String? { get set }
}

extension ConstraintConvertible {
    /// The same constraint under a name (`Spread(vms("a", "b")).named("web-ha")`).
    public func named(_ label: String) -> Self {
        var copy = self
        copy.label = label
        return copy
    }
}

/// A time limit for the instance, in seconds, as a DSL line.
public struct TimeLimit: Hashable, Sendable {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
}

/// One line of an `Instance(cluster) { … }` block.
public enum InstanceComponent: Hashable, Sendable {
    case constraint(Constraint)
    case objective(Objective)
    case timeLimit(Double)
}

/// Collects constraints, the objective and the time limit written in an `Instance(cluster) { … }` block.
@resultBuilder
public enum InstanceBuilder {
    public static func buildExpression(_ constraint: Constraint) -> [InstanceComponent] { [.constraint(constraint)] }
    public static func buildExpression(_ constraint: some ConstraintConvertible) -> [InstanceComponent] { [.constraint(constraint.constraint)] }
    public static func buildExpression(_ constraints: [Constraint]) -> [InstanceComponent] { constraints.map { .constraint($0) } }
    public static func buildExpression(_ objective: Objective) -> [InstanceComponent] { [.objective(objective)] }
    public static func buildExpression(_ limit: TimeLimit) -> [InstanceComponent] { [.timeLimit(limit.seconds)] }
    public static func buildBlock(_ parts: [InstanceComponent]...) -> [InstanceComponent] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [InstanceComponent]?) -> [InstanceComponent] { part ?? [] }
    public static func buildEither(first part: [InstanceComponent]) -> [InstanceComponent] { part }
    public static func buildEither(second part: [InstanceComponent]) -> [InstanceComponent] { part }
    public static func buildArray(_ parts: [[InstanceComponent]]) -> [InstanceComponent] { parts.flatMap { $0 } }
}

extension Instance {
    /// Builds an instance from a cluster and a block of rules; `vms(…)` and `hosts(…)` select from `cluster`.
    ///
    /// ```swift
    /// let instance = Instance(cluster) {
    ///     Spread(vms("web-1", "web-2", "web-3"))
    ///     Ban(vms(tagged: "db"), hosts(rack: "r7"))
    ///     Among(vms(group: "hpc"), groups: hosts.byRack)
    ///     MaxOnline(hosts.all, 30)
    ///     Offline(hosts(bladeCenter: "bc1"))
    ///     Objective.minHosts
    /// }
    /// ```
    /// The last objective and time limit written win; without one the objective is `minMigrations`.
    public init(_ cluster: Cluster, @InstanceBuilder _ rules: () -> [InstanceComponent]) {
        let components = SelectionContext.$cluster.withValue(cluster) { rules() }
        var constraints: [Constraint] = []
        var objective = Objective.minMigrations
        var limit: Double?
        for component in components {
            switch component {
            case .constraint(let c): constraints.append(c)
            case .objective(let o): objective = o
            case .timeLimit(let t): limit = t
            }
        }
        self.init(cluster: cluster, constraints: constraints, objective: objective, timeLimit: limit)
    }
}

/// Constraints that may hold either at the end of a plan only (discrete) or at every instant (continuous).
public protocol ContinuityChoosing: ConstraintConvertible {
    var continuous: Bool? { get set }
}

extension ContinuityChoosing {
    /// The same constraint, required at every instant of the reconfiguration plan.
    public func asContinuous() -> Self {
        var copy = self
        copy.continuous = true
        return copy
    }

    /// The same constraint, required only in the final state.
    public func asDiscrete() -> Self {
        var copy = self
        copy.continuous = false
        return copy
    }
}
