import BerthMIP

/// Invariant: no running VM enters or leaves the host set: VMs there stay, VMs elsewhere (and new ones) stay out.
public struct Quarantine: PlacementRule {
    static let kind = "quarantine"
    public var label: String?
    public var hosts: [String]

    public init(hosts: [String], label: String? = nil) {
        self.hosts = hosts
        self.label = label
    }

    /// Continuous only, as in BtrPlace.
    var isContinuous: Bool { true }
    var referencedHosts: [String] { hosts }
    var summary: String { "quarantine of \(listed(hosts)): no VM enters or leaves" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let zone = Set(hosts)
        return view.cluster.vms.compactMap { vm in
            guard vm.state == .running, let then = view.finalHost(of: vm.id) else { return nil }
            let inside = vm.host.map(zone.contains) ?? false
            if inside, then != vm.host {
                return Violation(constraint: id, kind: Self.kind, vms: [vm.id], hosts: [vm.host!, then],
                                 message: "\(vm.id) leaves quarantined \(vm.host!) for \(then)")
            }
            if !inside, zone.contains(then) {
                return Violation(constraint: id, kind: Self.kind, vms: [vm.id], hosts: [then],
                                 message: "\(vm.id) enters quarantined \(then)")
            }
            return nil
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        let zone = Set(hosts)
        for v in domains.problem.running {
            let vm = domains.problem.vmIDs[v]
            if let now = domains.currentHost(of: vm), zone.contains(now) {
                domains.restrict(vm: vm, to: [now], by: id)
            } else {
                domains.forbid(vm: vm, hosts: hosts, by: id)
            }
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Quarantine {
    enum CodingKeys: String, CodingKey { case label = "id", hosts }
}

extension Quarantine {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["quarantine"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(hosts)")
        return .quarantine(Quarantine(hosts: try args.hosts(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// Nothing to test incrementally: `restrict` keeps the VMs on quarantined hosts home and the others out, in the domains the packers read.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "hosts"]
    static let nature = RuleNature.hard

    /// Per host: VMs cannot cross the scope, so those on quarantined hosts inside stay and the others stay out.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.hosts.isEmpty ? [] : [.quarantine(rule)])
    }
}

extension Constraint {
    /// The `Quarantine` rule as a catalog constraint (`.quarantine(Quarantine(…))`).
    public static func quarantine(_ rule: Quarantine) -> Constraint { Constraint(rule) }
}
