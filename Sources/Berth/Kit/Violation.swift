/// One way a placement breaks one constraint: which constraint, on which VMs and hosts, by how much.
public struct Violation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The constraint's stable id (`spread#2`, a user label, or a built-in such as `capacity`).
    public var constraint: String
    /// The constraint's kind (`spread`, `capacity`, …).
    public var kind: String
    public var vms: [String]
    public var hosts: [String]
    public var resource: String?
    /// What the placement has (load, count, …), where a number says it.
    public var measured: Double?
    /// What the constraint allows.
    public var limit: Double?
    /// A sentence for people.
    public var message: String

    public init(
        constraint: String, kind: String, vms: [String] = [], hosts: [String] = [],
        resource: String? = nil, measured: Double? = nil, limit: Double? = nil, message: String
    ) {
        self.constraint = constraint
        self.kind = kind
        self.vms = vms
        self.hosts = hosts
        self.resource = resource
        self.measured = measured
        self.limit = limit
        self.message = message
    }

    public var description: String { "\(constraint): \(message)" }
}

extension Array where Element == Violation {
    /// Violations grouped by constraint id, in first-seen order.
    public var byConstraint: [(constraint: String, violations: [Violation])] {
        var order: [String] = []
        var groups: [String: [Violation]] = [:]
        for violation in self {
            if groups[violation.constraint] == nil { order.append(violation.constraint) }
            groups[violation.constraint, default: []].append(violation)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
