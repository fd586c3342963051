import BerthMIP

/// Soft rule ("should run together", DRS-style): each extra host the running VMs of `vms` spread
/// over costs `weight` in the objective. Never a hard violation.
public struct Affinity: PlacementRule {
    static let kind = "affinity"
    public var label: String?
    public var vms: [String]
    public var weight: Double

    public init(vms: [String], weight: Double = 1, label: String? = nil) {
        self.vms = vms
        self.weight = weight
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "affinity (soft, weight \(format(weight))): \(listed(vms)) should share a host" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        let hosts = view.hosts(occupiedBy: vms)
        guard hosts.count > 1 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: vms, hosts: hosts, amount: Double(hosts.count - 1), weight: weight,
            message: "the VMs spread over \(hosts.count) hosts instead of 1")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        guard members.count > 1 else { return }
        var cost = LinearExpr(constant: -1)
        for host in encoding.candidateHosts(of: members) {
            let used = encoding.newBinary("\(id)_u\(host)")
            for vm in members { if let x = encoding.assignmentVariable(vm, host) { encoding.add(x - used <= 0, name: "\(id)_v\(vm)_h\(host)") } }
            cost.add(1, used)
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension Affinity {
    enum CodingKeys: String, CodingKey { case label = "id", vms, weight }
}

extension Affinity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(weight, "weight")
    }

    static let scriptNames = ["affinity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...2, "(VMs) or (VMs, weight)")
        return .affinity(Affinity(vms: try args.vms(0), weight: args.count > 1 ? try args.number(1) : 1, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// A soft rule: a cost in the objective, never a reason to refuse a host.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "vms", "weight"]
    static let nature = RuleNature.soft

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `Affinity` rule as a catalog constraint (`.affinity(Affinity(…))`).
    public static func affinity(_ rule: Affinity) -> Constraint { Constraint(rule) }
}
