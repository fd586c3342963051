import BerthMIP

/// Invariant: each running VM of `vms` ends on a host offering every feature of `features`
/// (CPU feature sets, accelerators, storage reachability), on top of the VM's own `requires`.
public struct Compatible: PlacementRule {
    static let kind = "compatible"
    public var label: String?
    public var vms: [String]
    public var features: [String]

    public init(vms: [String], features: [String], label: String? = nil) {
        self.vms = vms
        self.features = features
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "compatible: \(listed(vms)) need hosts with \(features.joined(separator: ", "))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        vms.compactMap { vm in
            guard view.isRunning(vm), let hostID = view.finalHost(of: vm), let host = view.host(hostID) else { return nil }
            let missing = features.filter { !host.features.contains($0) }
            guard !missing.isEmpty else { return nil }
            return Violation(constraint: id, kind: Self.kind, vms: [vm], hosts: [hostID],
                             message: "\(hostID) lacks \(missing.joined(separator: ", ")) needed by \(vm)")
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        let required = Set(features)
        let lacking = domains.problem.hosts.filter { !required.isSubset(of: $0.features) }.map(\.id)
        for vm in vms { domains.forbid(vm: vm, hosts: lacking, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Compatible {
    enum CodingKeys: String, CodingKey { case label = "id", vms, features }
}

extension Compatible {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if features.isEmpty { check.report("features", "compatible needs at least one feature") }
    }

    static let scriptNames = ["compatible"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "(VMs, feature or {features})")
        return .compatible(Compatible(vms: try args.vms(0), features: try args.features(1), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// Nothing to test incrementally: `restrict` removes the hosts lacking a feature from the VMs' domains, which the packers read.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "vms", "features"]
    static let nature = RuleNature.hard

    /// Per VM: the members inside need the features wherever they go.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        return .rules(rule.vms.isEmpty ? [] : [.compatible(rule)])
    }
}

extension Constraint {
    /// The `Compatible` rule as a catalog constraint (`.compatible(Compatible(…))`).
    public static func compatible(_ rule: Compatible) -> Constraint { Constraint(rule) }
}
