/// A constraint taking part in a conflict.
public struct ConflictingConstraint: Hashable, Sendable, Codable {
    /// The constraint id (`spread#1`, a user label, or a built-in: `capacity`, `compatibility`, `hostState`).
    public var id: String
    public var kind: String
    public var summary: String
    public var vms: [String]
    public var hosts: [String]
}

/// Why no placement exists: a small set of constraints that cannot hold together, and the
/// amounts that are missing.
public struct InfeasibilityReport: Hashable, Sendable, Codable {
    /// Constraints that conflict; removing any one of them (when `isMinimal`) makes the rest satisfiable.
    public var conflicts: [ConflictingConstraint]
    /// Sentences for people, with the VMs, hosts and missing amounts.
    public var explanation: [String]
    /// False when the time limit cut the search for a minimal set short.
    public var isMinimal: Bool
}

/// The sentences that tell a person about an unknown outcome.
package enum UnknownText {
    public static func render(_ report: UnknownReport) -> String {
        var lines = ["unknown: \(report.reason)"]
        if report.suspects.isEmpty {
            lines.append("the current placement breaks no rule; raise the time limit")
        } else {
            lines.append("suspects (rules the current placement breaks):")
            for suspect in report.suspects { lines.append("  \(suspect.id): \(suspect.summary)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Why a solve ended with neither a placement nor a proof of infeasibility, and which rules to suspect.
public struct UnknownReport: Hashable, Sendable, Codable {
    public var reason: String
    /// The rules the current placement breaks (where the search had to go), and the built-in rules
    /// among them; empty when the current placement breaks nothing.
    public var suspects: [ConflictingConstraint]

    public init(reason: String, suspects: [ConflictingConstraint]) {
        self.reason = reason
        self.suspects = suspects
    }

    init(problem: PlacementProblem, reason: String) {
        let instance = problem.instance
        var seen = Set<String>()
        var suspects: [ConflictingConstraint] = []
        for violation in PlacementChecker.check(instance, Placement(current: instance.cluster)) where seen.insert(violation.constraint).inserted {
            let constraint = instance.constraints.indices.first { instance.constraintID(at: $0) == violation.constraint }
                .map { instance.constraints[$0] }
            suspects.append(ConflictingConstraint(
                id: violation.constraint, kind: constraint?.kind ?? violation.kind,
                summary: constraint?.summary ?? violation.message, vms: constraint?.vms ?? violation.vms, hosts: constraint?.hosts ?? violation.hosts))
        }
        self.init(reason: reason, suspects: suspects)
    }
}
