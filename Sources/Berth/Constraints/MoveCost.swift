import BerthMIP

/// Soft rule: moving a VM away from its current host costs its entry in `costs`, times `weight`
/// (VMs not listed move for free). New VMs (no current host) never count as moved.
public struct MoveCost: PlacementRule {
    static let kind = "moveCost"
    public var label: String?
    /// Cost of moving each VM, by VM id.
    public var costs: [String: Double]
    public var weight: Double

    public init(costs: [String: Double], weight: Double = 1, label: String? = nil) {
        self.costs = costs
        self.weight = weight
        self.label = label
    }

    var referencedVMs: [String] { costs.keys.sorted() }
    var summary: String { "moveCost (soft, weight \(format(weight))): per-VM cost of moving \(costs.count) VMs" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        let moved = referencedVMs.filter { view.hasMoved($0) }
        let amount = moved.reduce(0.0) { $0 + costs[$1]! }
        guard amount > 0 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: moved, hosts: [], amount: amount, weight: weight,
            message: "\(moved.count) VMs move, at a cost of \(format(amount))")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        var cost = LinearExpr()
        for vm in encoding.runningIndices(of: referencedVMs) {
            if let moved = encoding.moved(vm) { cost.add(moved, scaledBy: costs[encoding.vmID(vm)]!) }
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension MoveCost {
    enum CodingKeys: String, CodingKey { case label = "id", costs, weight }
}

extension MoveCost {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(weight, "weight")
        check.nonNegative(costs, "costs", what: "a move cost")
    }

    static let scriptNames = ["moveCost"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...3, "(VMs, cost) or (…, weight)")
        let cost = try args.number(1)
        return .moveCost(MoveCost(costs: Dictionary(uniqueKeysWithValues: uniqued(try args.vms(0)).map { ($0, cost) }),
                                  weight: args.count > 2 ? try args.number(2) : 1, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "costs", "weight"]
    static let nature = RuleNature.soft

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `MoveCost` rule as a catalog constraint (`.moveCost(MoveCost(…))`).
    public static func moveCost(_ rule: MoveCost) -> Constraint { Constraint(rule) }
}
