import BerthMIP

/// Soft rule: the largest number of moved VMs within any one group (a service) costs `weight` per VM,
/// so moves are spread across groups rather than concentrated in one.
///
/// Cost = weight × max over groups of (number of moved running VMs of the group).
public struct GroupMoveCost: PlacementRule {
    static let kind = "groupMoveCost"
    public var label: String?
    public var groups: [[String]]
    public var weight: Double

    public init(groups: [[String]], weight: Double = 1, label: String? = nil) {
        self.groups = groups
        self.weight = weight
        self.label = label
    }

    var referencedVMs: [String] { groups.flatMap { $0 } }
    var summary: String { "groupMoveCost (soft, weight \(format(weight))): the most moved VMs among \(groups.count) groups" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        var worst: [String] = []
        for group in groups {
            let moved = group.filter { view.hasMoved($0) }
            if moved.count > worst.count { worst = moved }
        }
        guard !worst.isEmpty else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: worst, hosts: [], amount: Double(worst.count), weight: weight,
            message: "one group has \(worst.count) moved VMs (\(listed(worst)))")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let most = encoding.newContinuous("\(id)_max")
        for (g, group) in groups.enumerated() {
            var moved = LinearExpr()
            for vm in encoding.runningIndices(of: group) { if let m = encoding.moved(vm) { moved += m } }
            guard !moved.terms.isEmpty || moved.constant > 0 else { continue }
            encoding.add(moved - most <= 0, name: "\(id)_g\(g)")
        }
        encoding.addSoftCost(LinearExpr(most), weight: weight)
    }
}

extension GroupMoveCost {
    enum CodingKeys: String, CodingKey { case label = "id", groups, weight }
}

extension GroupMoveCost {
    func validate(_ check: inout RuleValidation) {
        check.amount(weight, "weight")
        check.groups(groups, "groups", hosts: false)
    }

    static let scriptNames = ["groupMoveCost"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...2, "([VMs, …]) or (…, weight)")
        return .groupMoveCost(GroupMoveCost(groups: try args.vmGroups(0), weight: args.count > 1 ? try args.number(1) : 1, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "groups", "weight"]
    static let nature = RuleNature.soft

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `GroupMoveCost` rule as a catalog constraint (`.groupMoveCost(GroupMoveCost(…))`).
    public static func groupMoveCost(_ rule: GroupMoveCost) -> Constraint { Constraint(rule) }
}
