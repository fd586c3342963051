import BerthMIP

/// Invariant: running VMs of `vms` all end on one host (affinity).
public struct Gather: PlacementRule, ContinuityChoosing {
    static let kind = "gather"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vms: [String]

    public init(vms: [String], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vms = vms
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vms }
    var summary: String { "gather of \(vms.count) VMs (\(listed(vms))) on one host" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let placed = vms.filter { view.isRunning($0) && view.finalHost(of: $0) != nil }
        let hosts = view.hosts(occupiedBy: placed)
        guard hosts.count > 1 else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, vms: placed, hosts: hosts,
            measured: Double(hosts.count), limit: 1,
            message: "the gathered VMs end on \(hosts.count) hosts: \(listed(hosts))")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        guard let first = members.first, members.count > 1 else { return }
        let hosts = encoding.candidateHosts(of: members)
        for other in members.dropFirst() {
            for host in hosts {
                // x[other,h] = x[first,h]; a missing variable reads as 0 and forbids h for both.
                let expr = encoding.assignment(other, host) - encoding.assignment(first, host)
                encoding.add(expr == 0, name: "\(id)_v\(other)_h\(host)")
            }
        }
    }
}

extension Gather {
    enum CodingKeys: String, CodingKey { case label = "id", vms, continuous }
}

extension Gather {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["gather"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .gather(Gather(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a member only where the placed members are; the packers place the members as one unit.
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.runningIndices(of: vms)
        return AdmissionTest(vms: members, unit: members) { vm, host, state in
            members.allSatisfy { $0 == vm || state.host(of: $0).map { $0 == host } ?? true }
        }
    }
}

extension Gather {
    /// All members inside, or none: a member outside stays on a host outside, where the others
    /// cannot follow.
    func projected(onto scope: SubproblemScope) -> Projection {
        let members = scope.members(vms)
        if members.isEmpty { return .rules([]) }
        guard members.count == vms.count else { return .notLocal }
        return .rules(members.count < 2 ? [] : [.gather(self)])
    }
}

extension Constraint {
    /// The `Gather` rule as a catalog constraint (`.gather(Gather(…))`).
    public static func gather(_ rule: Gather) -> Constraint { Constraint(rule) }
}
