import BerthMIP

/// Soft rule: moving a VM from host `a` to host `b` costs `costs[a][b]` (missing entries are 0),
/// times `weight`; a host-to-host matrix such as network distance. Applies to `vms` (every VM when `nil`).
/// A VM that stays costs nothing (the diagonal is ignored).
public struct HostMoveCost: PlacementRule {
    static let kind = "hostMoveCost"
    public var label: String?
    /// Cost by source host id, then destination host id.
    public var costs: [String: [String: Double]]
    public var weight: Double
    public var vms: [String]?

    public init(costs: [String: [String: Double]], weight: Double = 1, vms: [String]? = nil, label: String? = nil) {
        self.costs = costs
        self.weight = weight
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms ?? [] }
    var referencedHosts: [String] { Set(costs.keys).union(costs.values.flatMap(\.keys)).sorted() }
    var hostGroups: [[String]] { referencedHosts.map { [$0] } }
    var summary: String { "hostMoveCost (soft, weight \(format(weight))): host-to-host cost of each move" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        var amount = 0.0
        var moved: [String] = []
        for vm in vms ?? view.cluster.vms.map(\.id) where view.hasMoved(vm) {
            guard let from = view.currentHost(of: vm), let to = view.finalHost(of: vm) else { continue }
            let cost = costs[from]?[to] ?? 0
            if cost != 0 { amount += cost; moved.append(vm) }
        }
        guard amount != 0 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: moved, hosts: [], amount: amount, weight: weight,
            message: "\(moved.count) moves cost \(format(amount)) by the host-to-host matrix")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let problem = encoding.problem
        var cost = LinearExpr()
        for vm in vms.map({ encoding.runningIndices(of: $0) }) ?? problem.running {
            guard let from = problem.vms[vm].host, let row = costs[from] else { continue }
            for (to, c) in row.sorted(by: { $0.key < $1.key }) where to != from && c != 0 {
                if let h = problem.hostIndex[to] { cost += c * encoding.assignment(vm, h) }
            }
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension HostMoveCost {
    enum CodingKeys: String, CodingKey { case label = "id", costs, weight, vms }
}

extension HostMoveCost {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(weight, "weight")
        for (from, row) in costs.sorted(by: { $0.key < $1.key }) { check.nonNegative(row, "costs.\(from)", what: "a move cost") }
    }

    static let scriptNames = ["hostMoveCost"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        throw args.failure("hostMoveCost takes a host-to-host cost matrix: write it in the JSON instance (docs/format.md)")
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "costs", "weight", "vms"]
    static let nature = RuleNature.soft
    static let encodingReachesUnnamedVMs = true

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `HostMoveCost` rule as a catalog constraint (`.hostMoveCost(HostMoveCost(…))`).
    public static func hostMoveCost(_ rule: HostMoveCost) -> Constraint { Constraint(rule) }
}
