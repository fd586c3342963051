import BerthMIP

/// Invariant: running VMs of `vms` end on pairwise distinct hosts (anti-affinity).
public struct Spread: PlacementRule, ContinuityChoosing {
    static let kind = "spread"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vms: [String]

    public init(vms: [String], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vms = vms
        self.label = label
    }

    static let continuousByDefault = true
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vms }
    var summary: String { "spread of \(vms.count) VMs (\(listed(vms))) over distinct hosts" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let members = Set(vms)
        return view.hosts(occupiedBy: vms).compactMap { host in
            let members = view.runningResidents(of: host).filter(members.contains)
            guard members.count > 1 else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: members, hosts: [host],
                measured: Double(members.count), limit: 1,
                message: "\(members.count) VMs of the spread share \(host): \(listed(members))")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        guard members.count > 1 else { return }
        for host in encoding.candidateHosts(of: members) {
            let expr = LinearExpr.sum(members.compactMap { encoding.assignmentVariable($0, host) })
            guard expr.terms.count > 1 else { continue }
            encoding.add(expr <= 1, name: "\(id)_h\(host)")
        }
    }
}

extension Spread {
    enum CodingKeys: String, CodingKey { case label = "id", vms, continuous }
}

extension Spread {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["spread"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .spread(Spread(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a member only on a host holding no other member: O(members).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.runningIndices(of: vms)
        return AdmissionTest(vms: members) { vm, host, state in
            !members.contains { $0 != vm && state.host(of: $0) == host }
        }
    }
}

extension Spread {
    /// Hosts inside and outside are distinct, so spreading the members inside spreads them all.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        return .rules(rule.vms.count < 2 ? [] : [.spread(rule)])
    }
}

extension Constraint {
    /// The `Spread` rule as a catalog constraint (`.spread(Spread(…))`).
    public static func spread(_ rule: Spread) -> Constraint { Constraint(rule) }
}
