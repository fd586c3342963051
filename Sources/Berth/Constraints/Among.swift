import BerthMIP

/// Invariant: running VMs of `vms` all end inside a single group of `groups`.
public struct Among: PlacementRule, ContinuityChoosing {
    static let kind = "among"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vms: [String]
    public var groups: [[String]]

    public init(vms: [String], groups: [[String]], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vms = vms
        self.groups = groups
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vms }
    var referencedHosts: [String] { groups.flatMap { $0 } }
    var hostGroups: [[String]] { groups }
    var summary: String { "among of \(vms.count) VMs (\(listed(vms))) inside one of \(groups.count) host groups" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let placed = vms.filter { view.isRunning($0) && view.finalHost(of: $0) != nil }
        let hosts = view.hosts(occupiedBy: placed)
        let fits = groups.contains { group in hosts.allSatisfy(Set(group).contains) }
        guard !fits, !hosts.isEmpty else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, vms: placed, hosts: hosts,
            message: "the VMs end on \(listed(hosts)), which no single group contains")]
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        let union = groups.flatMap { $0 }
        for vm in vms { domains.restrict(vm: vm, to: union, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        guard !members.isEmpty else { return }
        let groupHosts = groups.map { Set(encoding.hostIndices(of: $0)) }
        let chosen = groupHosts.indices.map { encoding.newBinary("\(id)_g\($0)") }
        encoding.add(LinearExpr.sum(chosen) == 1, name: "\(id)_one")
        for vm in members {
            for host in encoding.candidateHosts(of: [vm]) {
                guard let x = encoding.assignmentVariable(vm, host) else { continue }
                var expr = LinearExpr(x)
                for (k, hosts) in groupHosts.enumerated() where hosts.contains(host) { expr.add(-1, chosen[k]) }
                encoding.add(expr <= 0, name: "\(id)_v\(vm)_h\(host)")
            }
        }
    }
}

extension Among {
    enum CodingKeys: String, CodingKey { case label = "id", vms, groups, continuous }
}

extension Among {
    func validate(_ check: inout RuleValidation) {
        check.vms(vms, "vms")
        check.groups(groups, "groups", hosts: true)
    }

    static let scriptNames = ["among"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs, host groups)")
        return .among(Among(vms: try args.vms(0), groups: try args.hostGroups(1), label: label))
    }

    static let fields = ["id", "vms", "groups", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a member on a host when one group holds it and every host members use already:
    /// O(members + groups).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.runningIndices(of: vms)
        let groupSets = groups.map { Set(problem.hostIndices(of: $0)) }
        return AdmissionTest(vms: members) { vm, host, state in
            var used = Set<Int>()
            for m in members where m != vm { if let h = state.host(of: m) { used.insert(h) } }
            used.insert(host)
            return groupSets.contains { used.isSubset(of: $0) }
        }
    }
}

extension Among {
    /// All members inside, or none (a member outside has chosen its group outside); the groups keep
    /// their hosts inside.
    func projected(onto scope: SubproblemScope) -> Projection {
        let members = scope.members(vms)
        if members.isEmpty { return .rules([]) }
        guard members.count == vms.count else { return .notLocal }
        var rule = self
        rule.groups = groups.map(scope.inside(hosts:)).filter { !$0.isEmpty }
        return rule.groups.isEmpty ? .notLocal : .rules([.among(rule)])
    }
}

extension Constraint {
    /// The `Among` rule as a catalog constraint (`.among(Among(…))`).
    public static func among(_ rule: Among) -> Constraint { Constraint(rule) }
}
