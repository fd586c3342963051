import BerthMIP

/// Soft rule (avoid stranding one resource without another): on each host, the free amount of
/// `against` should be at least `target` × the free amount of `resource`; every unit short costs `weight`.
///
/// Cost = weight × Σ_h max(0, target × free(h, resource) − free(h, against)), where free = usable
/// capacity − load, over `hosts` (every host of the cluster when `nil`).
public struct BalanceTarget: PlacementRule {
    static let kind = "balanceTarget"
    public var label: String?
    public var resource: String
    public var against: String
    public var target: Double
    public var weight: Double
    /// Hosts the target applies to; `nil` means every host.
    public var hosts: [String]?

    public init(resource: String, against: String, target: Double, weight: Double = 1, hosts: [String]? = nil, label: String? = nil) {
        self.resource = resource
        self.against = against
        self.target = target
        self.weight = weight
        self.hosts = hosts
        self.label = label
    }

    var referencedHosts: [String] { hosts ?? [] }
    var summary: String {
        "balanceTarget (soft, weight \(format(weight))): free \(against) ≥ \(format(target)) × free \(resource) on each host"
    }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func shortfall(in view: PlacementView) -> [(host: String, amount: Double)] {
        let ids = hosts ?? view.cluster.hosts.map(\.id)
        return ids.compactMap { id in
            guard let host = view.host(id) else { return nil }
            func free(_ r: String) -> Double {
                view.semantics.capacity(host: host, resource: r) - view.load(on: id, r)
            }
            let short = target * free(resource) - free(against)
            return short > 0 ? (id, short) : nil
        }
    }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        let short = shortfall(in: view)
        let amount = short.reduce(0.0) { $0 + $1.amount }
        guard amount > 0 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: [], hosts: short.map(\.host), amount: amount, weight: weight,
            message: "free \(against) falls \(format(amount)) short of \(format(target)) × free \(resource) on \(short.count) hosts")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        guard let r1 = encoding.resourceIndex(resource), let r2 = encoding.resourceIndex(against) else { return }
        let indices = hosts.map { encoding.hostIndices(of: $0) } ?? Array(encoding.problem.hostIDs.indices)
        var cost = LinearExpr()
        for host in indices {
            // target × (cap1 − load1) − (cap2 − load2) ≤ short, short ≥ 0.
            var expr = LinearExpr(constant: target * encoding.capacity(host, r1) - encoding.capacity(host, r2))
            for column in encoding.columns(on: host) {
                expr.add(encoding.demand(column.vm, r2) - target * encoding.demand(column.vm, r1), column.variable)
            }
            let short = encoding.newContinuous("\(id)_s\(host)")
            encoding.add(expr - short <= 0, name: "\(id)_h\(host)")
            cost += short
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension BalanceTarget {
    enum CodingKeys: String, CodingKey { case label = "id", resource, against, target, weight, hosts }
}

extension BalanceTarget {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(weight, "weight")
        check.amount(target, "target")
        check.resource(against, "against")
    }

    static let scriptNames = ["balanceTarget"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...4, "(resource, against resource, target) or (…, weight)")
        return .balanceTarget(BalanceTarget(
            resource: try args.resource(0), against: try args.resource(1), target: try args.number(2),
            weight: args.count > 3 ? try args.number(3) : 1, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "resource", "against", "target", "weight", "hosts"]
    static let nature = RuleNature.soft

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `BalanceTarget` rule as a catalog constraint (`.balanceTarget(BalanceTarget(…))`).
    public static func balanceTarget(_ rule: BalanceTarget) -> Constraint { Constraint(rule) }
}
