/// The cost a placement pays for breaking a soft ("should") rule: `weight × amount`, in the
/// objective's units (hosts for `minHosts`, MiB moved for `minMigrations`, utilisation for `balance`;
/// `minCost` counts these costs alone).
public struct SoftPenalty: Hashable, Sendable, Codable, CustomStringConvertible {
    public var constraint: String
    public var kind: String
    public var vms: [String]
    public var hosts: [String]
    /// How far the rule is broken (extra hosts used, co-located pairs, …).
    public var amount: Double
    public var weight: Double
    public var message: String

    public var cost: Double { weight * amount }
    public var description: String { "\(constraint): \(message) (cost \(format(cost)))" }
}
