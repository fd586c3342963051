import BerthMIP

/// Invariant: every host of `hosts` ends powered on.
public struct Online: PlacementRule {
    static let kind = "online"
    public var label: String?
    public var hosts: [String]

    public init(hosts: [String], label: String? = nil) {
        self.hosts = hosts
        self.label = label
    }

    var referencedHosts: [String] { hosts }
    var summary: String { "online: \(listed(hosts)) must end powered on" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        hosts.filter { !view.endsOnline($0) }.map { host in
            Violation(constraint: id, kind: Self.kind, hosts: [host], message: "\(host) must end online but ends off")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        for host in encoding.hostIndices(of: hosts) {
            encoding.add(encoding.online(host) == 1, name: "\(id)_h\(host)")
        }
    }
}

extension Online {
    enum CodingKeys: String, CodingKey { case label = "id", hosts }
}

extension Online {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["online"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(hosts)")
        return .online(Online(hosts: try args.hosts(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "hosts"]
    static let nature = RuleNature.hard
    var hostStateDemand: HostStateDemand? { .on(hosts) }

    /// Nothing to refuse: `PackingState` keeps these hosts on.
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }
}

extension Online {
    /// Per host: the hosts inside stay on.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.hosts.isEmpty ? [] : [.online(rule)])
    }
}

extension Constraint {
    /// The `Online` rule as a catalog constraint (`.online(Online(…))`).
    public static func online(_ rule: Online) -> Constraint { Constraint(rule) }
}
