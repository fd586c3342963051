
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

extension Instance {
    /// This instance with the rules of a DSL block added: the model's constraints, objective, time
    /// limit and network are kept; an objective or time limit written in the block replaces the
    /// model's. Selectors read this instance's cluster.
    ///
    /// ```swift
    /// let model = try InstanceCodec.loadInstance(path: "Models/workflow-cluster.json")
    /// let instance = try model.adding {
    ///     Spread(vms("web-1", "web-2")).named("web-ha")
    ///     Ban(vms(tagged: "batch"), hosts(rack: "r1"))
    /// }
    /// ```
    ///
    /// A selector that names an unknown VM or host, or matches nothing (a tag, a rack, a feature no
    /// one has), is an error naming the selector and suggesting the closest name; so is any rule
    /// the instance's validation refuses.
    public func adding(@InstanceBuilder _ rules: () -> [InstanceComponent]) throws(InputError) -> Instance {
        let issues = SelectionIssues()
        let components = SelectionContext.$cluster.withValue(cluster) {
            SelectionContext.$issues.withValue(issues) { rules() }
        }
        var next = self
        for component in components {
            switch component {
            case .constraint(let c): next.constraints.append(c)
            case .objective(let o): next.objective = o
            case .timeLimit(let t): next.timeLimit = t
            }
        }
        var problems = issues.all
        // The model's own problems are the model's; only what the block added is reported.
        let before = Set(InstanceValidation.issues(in: self).map(\.description))
        problems += InstanceValidation.issues(in: next).filter { !before.contains($0.description) }.map { issue in
            guard issue.path.hasPrefix("constraints["), let index = Int(issue.path.dropFirst(12).prefix { $0.isNumber }),
                  index >= constraints.count else { return issue }
            // Rules of the block, by their place in it.
            return InputIssue(path: "rules[\(index - constraints.count)]" + issue.path.drop { $0 != "]" }.dropFirst(), message: issue.message)
        }
        guard problems.isEmpty else { throw InputError(file: "DSL", issues: problems) }
        return next
    }
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
