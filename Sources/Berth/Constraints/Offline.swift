import BerthMIP

/// Invariant: every host of `hosts` ends powered off, hence with no VM.
public struct Offline: PlacementRule {
    static let kind = "offline"
    public var label: String?
    public var hosts: [String]

    public init(hosts: [String], label: String? = nil) {
        self.hosts = hosts
        self.label = label
    }

    var referencedHosts: [String] { hosts }
    var summary: String { "offline: \(listed(hosts)) must end powered off and empty" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        hosts.compactMap { host in
            let residents = view.residents(of: host)
            if !residents.isEmpty {
                return Violation(
                    constraint: id, kind: Self.kind, vms: residents, hosts: [host], measured: Double(residents.count),
                    limit: 0, message: "\(host) must end offline but still hosts \(listed(residents))")
            }
            if view.endsOnline(host) {
                return Violation(constraint: id, kind: Self.kind, hosts: [host], message: "\(host) must end offline but ends on")
            }
            return nil
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        domains.forbidAll(hosts: hosts, by: id)
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        for host in encoding.hostIndices(of: hosts) {
            encoding.add(encoding.online(host) == 0, name: "\(id)_h\(host)")
        }
    }
}

extension Offline {
    enum CodingKeys: String, CodingKey { case label = "id", hosts }
}

extension Offline {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let closed = Set(problem.hostIndices(of: hosts))
        return AdmissionTest(hosts: Array(closed).sorted()) { _, host, _ in !closed.contains(host) }
    }
}

extension Offline {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["offline"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(hosts)")
        return .offline(Offline(hosts: try args.hosts(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "hosts"]
    static let nature = RuleNature.hard
    var hostStateDemand: HostStateDemand? { .off(hosts) }

    /// Per host: the hosts inside end off.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.hosts.isEmpty ? [] : [.offline(rule)])
    }
}

extension Constraint {
    /// The `Offline` rule as a catalog constraint (`.offline(Offline(…))`).
    public static func offline(_ rule: Offline) -> Constraint { Constraint(rule) }
}
