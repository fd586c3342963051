import BerthMIP

/// Invariant: no running VM of `vms` ends on a host of `hosts`.
public struct Ban: PlacementRule, ContinuityChoosing {
    static let kind = "ban"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vms: [String]
    public var hosts: [String]

    public init(vms: [String], hosts: [String], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vms = vms
        self.hosts = hosts
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vms }
    var referencedHosts: [String] { hosts }
    var summary: String { "ban of \(vms.count) VM(s) (\(listed(vms))) from \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let banned = Set(hosts)
        return vms.filter(view.isRunning).flatMap { vm in
            view.occupiedHosts(of: vm).filter(banned.contains).map { host in
                Violation(
                    constraint: id, kind: Self.kind, vms: [vm], hosts: [host],
                    message: "\(vm) runs on \(host), which it is banned from")
            }
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        for vm in vms { domains.forbid(vm: vm, hosts: hosts, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Ban {
    enum CodingKeys: String, CodingKey { case label = "id", vms, hosts, continuous }
}

extension Ban {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let banned = Set(problem.hostIndices(of: hosts))
        return AdmissionTest(vms: problem.runningIndices(of: vms)) { _, host, _ in !banned.contains(host) }
    }
}

extension Ban {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.nonEmpty(vms, "vms")
        check.nonEmpty(hosts, "hosts")
    }

    static let scriptNames = ["ban"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs, hosts)")
        return .ban(Ban(vms: try args.vms(0), hosts: try args.hosts(1), label: label))
    }

    static let fields = ["id", "vms", "hosts", "continuous"]
    static let nature = RuleNature.hard

    /// Per VM and host: the members inside stay off the banned hosts inside (the others are out of reach).
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.vms.isEmpty || rule.hosts.isEmpty ? [] : [.ban(rule)])
    }
}

extension Constraint {
    /// The `Ban` rule as a catalog constraint (`.ban(Ban(…))`).
    public static func ban(_ rule: Ban) -> Constraint { Constraint(rule) }
}
