import BerthMIP

/// Invariant: running VMs of `vms` end on the host they run on now (they must not move).
public struct Root: PlacementRule {
    static let kind = "root"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    /// Continuous only, as in BtrPlace.
    var isContinuous: Bool { true }
    var referencedVMs: [String] { vms }
    var summary: String { "root of \(vms.count) VM(s) (\(listed(vms))) on their current hosts" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        vms.compactMap { vm in
            guard view.isRunning(vm), let now = view.currentHost(of: vm),
                let then = view.finalHost(of: vm), now != then
            else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: [vm], hosts: [now, then],
                message: "\(vm) is rooted on \(now) but moves to \(then)")
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        for vm in vms {
            guard let host = domains.currentHost(of: vm) else { continue }
            domains.restrict(vm: vm, to: [host], by: id)
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Root {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension Root {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        AdmissionTest(vms: problem.runningIndices(of: vms)) { vm, host, state in
            state.problem.current[vm].map { $0 == host } ?? true
        }
    }
}

extension Root {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["root"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .root(Root(vms: try args.vms(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "vms"]
    static let nature = RuleNature.hard

    /// Each member on its own: the members inside keep their hosts.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        return .rules(rule.vms.isEmpty ? [] : [.root(rule)])
    }
}

extension Constraint {
    /// The `Root` rule as a catalog constraint (`.root(Root(…))`).
    public static func root(_ rule: Root) -> Constraint { Constraint(rule) }
}
