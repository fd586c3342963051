/// What a `.berth` script says: constraints, and optionally the objective and the time limit.
public struct RulesScript: Hashable, Sendable {
    public var constraints: [Constraint]
    public var objective: Objective?
    public var timeLimit: Double?
    /// The line each constraint was written on.
    public var lines: [Int] = []

    /// Parses `text` against `cluster` (selectors resolve to the cluster's VMs and hosts).
    /// Errors carry the file, line and column.
    public static func parse(_ text: String, cluster: Cluster, file: String? = nil) throws(ScriptError) -> RulesScript {
        var parser = ScriptParser(cluster: cluster, file: file)
        return try parser.parse(text)
    }

    /// Validates the script's constraints against `instance` as `applied(to:)` would combine them,
    /// naming script lines rather than JSON paths.
    public func issues(appliedTo instance: Instance, file: String?) -> [ScriptError] {
        let base = instance.constraints.count
        return InstanceValidation.issues(in: applied(to: instance)).map { issue in
            // constraints[i]… with i past the model's own constraints is a script line.
            if issue.path.hasPrefix("constraints["), let end = issue.path.firstIndex(of: "]"),
                let index = Int(issue.path[issue.path.index(issue.path.startIndex, offsetBy: 12)..<end]), index >= base,
                index - base < lines.count
            {
                return ScriptError(file: file, line: lines[index - base], column: 1, message: issue.message)
            }
            return ScriptError(file: file, line: 0, column: 0, message: "\(issue.path): \(issue.message)")
        }
    }

    /// `instance` with the script's constraints appended and its objective and time limit applied.
    public func applied(to instance: Instance) -> Instance {
        var copy = instance
        copy.constraints += constraints
        if let objective { copy.objective = objective }
        if let timeLimit { copy.timeLimit = timeLimit }
        return copy
    }
}
