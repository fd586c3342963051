import BerthMIP

/// Soft rule ("should run apart", DRS-style): each running VM of `vms` sharing a host with another
/// member costs `weight` in the objective. Never a hard violation.
public struct AntiAffinity: PlacementRule {
    static let kind = "antiAffinity"
    public var label: String?
    public var vms: [String]
    public var weight: Double

    public init(vms: [String], weight: Double = 1, label: String? = nil) {
        self.vms = vms
        self.weight = weight
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "antiAffinity (soft, weight \(format(weight))): \(listed(vms)) should run on distinct hosts" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func softPenalty(in view: PlacementView, id: String) -> SoftPenalty? {
        var count: [String: Int] = [:]
        var order: [String] = []
        for vm in vms where view.isRunning(vm) {
            guard let host = view.finalHost(of: vm) else { continue }
            if count[host] == nil { order.append(host) }
            count[host, default: 0] += 1
        }
        let shared = order.filter { count[$0]! > 1 }
        let extra = shared.reduce(0) { $0 + count[$1]! - 1 }
        guard extra > 0 else { return nil }
        return SoftPenalty(
            constraint: id, kind: Self.kind, vms: vms, hosts: shared, amount: Double(extra), weight: weight,
            message: "\(extra) VM(s) share a host with another member on \(listed(shared))")
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        guard members.count > 1 else { return }
        var cost = LinearExpr()
        for host in encoding.candidateHosts(of: members) {
            let vars = members.compactMap { encoding.assignmentVariable($0, host) }
            guard vars.count > 1 else { continue }
            let excess = encoding.newContinuous("\(id)_e\(host)", lowerBound: 0)
            var expr = LinearExpr.sum(vars)
            expr.add(-1, excess)
            encoding.add(expr <= 1, name: "\(id)_h\(host)")
            cost.add(1, excess)
        }
        encoding.addSoftCost(cost, weight: weight)
    }
}

extension AntiAffinity {
    enum CodingKeys: String, CodingKey { case label = "id", vms, weight }
}

extension AntiAffinity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.amount(weight, "weight")
    }

    static let scriptNames = ["antiAffinity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...2, "(VMs) or (VMs, weight)")
        return .antiAffinity(AntiAffinity(vms: try args.vms(0), weight: args.count > 1 ? try args.number(1) : 1, label: label))
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
    /// The `AntiAffinity` rule as a catalog constraint (`.antiAffinity(AntiAffinity(…))`).
    public static func antiAffinity(_ rule: AntiAffinity) -> Constraint { Constraint(rule) }
}
