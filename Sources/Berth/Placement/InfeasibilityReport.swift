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
