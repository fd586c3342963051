import BerthMIP

/// Invariant: every running VM of `vms` ends on a host of `hosts`.
public struct Fence: PlacementRule, ContinuityChoosing {
    static let kind = "fence"
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
    var summary: String { "fence of \(vms.count) VM(s) (\(listed(vms))) into \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let allowed = Set(hosts)
        return vms.filter(view.isRunning).flatMap { vm in
            view.occupiedHosts(of: vm).filter { !allowed.contains($0) }.map { host in
                Violation(
                    constraint: id, kind: Self.kind, vms: [vm], hosts: [host],
                    message: "\(vm) runs on \(host), outside its fence (\(listed(self.hosts)))")
            }
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        for vm in vms { domains.restrict(vm: vm, to: hosts, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Fence {
    enum CodingKeys: String, CodingKey { case label = "id", vms, hosts, continuous }
}

extension Fence {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let allowed = Set(problem.hostIndices(of: hosts))
        return AdmissionTest(vms: problem.runningIndices(of: vms)) { _, host, _ in allowed.contains(host) }
    }
}

extension Fence {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.nonEmpty(vms, "vms")
        check.nonEmpty(hosts, "hosts")
    }

    static let scriptNames = ["fence"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs, hosts)")
        return .fence(Fence(vms: try args.vms(0), hosts: try args.hosts(1), label: label))
    }

    static let fields = ["id", "vms", "hosts", "continuous"]
    static let nature = RuleNature.hard

    /// Per VM: the members inside stay on the fence's hosts inside; with none inside, the members
    /// could only satisfy the fence by leaving the scope.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        rule.hosts = scope.inside(hosts: hosts)
        if rule.vms.isEmpty { return .rules([]) }
        return rule.hosts.isEmpty ? .notLocal : .rules([.fence(rule)])
    }
}

extension Constraint {
    /// The `Fence` rule as a catalog constraint (`.fence(Fence(…))`).
    public static func fence(_ rule: Fence) -> Constraint { Constraint(rule) }
}
