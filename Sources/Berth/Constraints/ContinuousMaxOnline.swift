import BerthMIP

/// Invariant: at every instant of the plan at most `amount` hosts of `hosts` are on, booting or
/// shutting down (licences); the final state obeys the same bound.
public struct ContinuousMaxOnline: PlacementRule {
    static let kind = "continuousMaxOnline"
    public var label: String?
    public var hosts: [String]
    public var amount: Int

    public init(hosts: [String], amount: Int, label: String? = nil) {
        self.hosts = hosts
        self.amount = amount
        self.label = label
    }

    var referencedHosts: [String] { hosts }
    var summary: String { "continuousMaxOnline: at most \(amount) of \(hosts.count) hosts (\(listed(hosts))) on at any instant" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let online = hosts.filter(view.endsOnline)
        guard online.count > amount else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, hosts: online, measured: Double(online.count), limit: Double(amount),
            message: "\(online.count) hosts of the set end online, at most \(amount) allowed")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        var expr = LinearExpr()
        for host in encoding.hostIndices(of: hosts) { expr.add(encoding.online(host), scaledBy: 1) }
        encoding.add(expr <= Double(amount), name: id)
    }
}

extension ContinuousMaxOnline {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, amount }
}
