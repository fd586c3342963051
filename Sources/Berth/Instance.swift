/// A placement request: a cluster, the operator's constraints, an objective and a time limit.
public struct Instance: Hashable, Sendable {
    /// The JSON format this version reads and writes.
    public static let format = "berth/1"

    public var cluster: Cluster
    public var constraints: [Constraint]
    public var objective: Objective
    /// Seconds the solver may spend; `nil` lets the caller decide.
    public var timeLimit: Double?
    /// How hosts are wired for migrations; `nil` means one 1 Gb/s NIC per host on a non-blocking switch.
    public var network: Network?

    public init(cluster: Cluster, constraints: [Constraint] = [], objective: Objective = .minMigrations, timeLimit: Double? = nil,
                network: Network? = nil) {
        self.cluster = cluster
        self.constraints = constraints
        self.objective = objective
        self.timeLimit = timeLimit
        self.network = network
    }

    /// Stable id of the constraint at `index`: its label, else `kind#n` (1-based position).
    public func constraintID(at index: Int) -> String {
        let constraint = constraints[index]
        return constraint.label ?? "\(constraint.kind)#\(index + 1)"
    }
}
