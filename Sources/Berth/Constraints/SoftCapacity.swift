import BerthMIP

/// Soft rule (operators' headroom target): on each listed host, every unit of `resource` used above
/// the host's safety `thresholds` entry costs `weight`. Hard capacity still applies on top.
///
/// Cost = weight × Σ_h max(0, load(h) − threshold(h)), over the hosts in `thresholds`.
public struct SoftCapacity: PlacementRule {
    static let kind = "softCapacity"
    public var label: String?
    public var resource: String
    /// Safety threshold per host id; hosts not listed cost nothing.
    public var thresholds: [String: Double]
    public var weight: Double

    public init(resource: String, thresholds: [String: Double], weight: Double = 1, label: String? = nil) {
        self.resource = resource
        self.thresholds = thresholds
        self.weight = weight
        self.label = label
    }

    var referencedHosts: [String] { thresholds.keys.sorted() }
    var summary: String { "softCapacity (soft, weight \(format(weight))): \(resource) above the safety threshold on \(thresholds.count) hosts" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    /// Units used above the threshold, per listed host, in host-id order.
    func excess(in view: PlacementView) -> [(host: String, amount: Double)] {
        referencedHosts.compactMap { host in
            let over = view.load(on: host, resource) - thresholds[host]!
            return over > 0 ? (host, over) : nil
        }
    }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        let over = excess(in: view)
        let amount = over.reduce(0.0) { $0 + $1.amount }
        guard amount > 0 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: [], hosts: over.map(\.host), amount: amount, weight: weight,
            message: "\(format(amount)) \(resource) above the safety threshold on \(over.count) hosts")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        guard let r = encoding.resourceIndex(resource) else { return }
        var cost = LinearExpr()
        for host in encoding.hostIndices(of: referencedHosts) {
            let threshold = thresholds[encoding.problem.hostIDs[host]]!
            var load = LinearExpr()
            for column in encoding.columns(on: host) { load.add(encoding.demand(column.vm, r), column.variable) }
            let over = encoding.newContinuous("\(id)_e\(host)")
            encoding.add(load - over <= threshold, name: "\(id)_h\(host)")
            cost += over
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension SoftCapacity {
    enum CodingKeys: String, CodingKey { case label = "id", resource, thresholds, weight }
}

extension SoftCapacity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(weight, "weight")
        if thresholds.isEmpty { check.report("thresholds", "softCapacity needs at least one host threshold") }
        check.nonNegative(thresholds, "thresholds", what: "a threshold")
    }

    static let scriptNames = ["softCapacity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...4, "(resource, hosts, threshold) or (…, weight)")
        let r = try args.resource(0), hosts = try args.hosts(1), threshold = try args.number(2)
        return .softCapacity(SoftCapacity(
            resource: r, thresholds: Dictionary(uniqueKeysWithValues: uniqued(hosts).map { ($0, threshold) }),
            weight: args.count > 3 ? try args.number(3) : 1, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "resource", "thresholds", "weight"]
    static let nature = RuleNature.soft

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `SoftCapacity` rule as a catalog constraint (`.softCapacity(SoftCapacity(…))`).
    public static func softCapacity(_ rule: SoftCapacity) -> Constraint { Constraint(rule) }
}
