import BerthMIP

/// Invariant: on each host of `hosts`, the running VMs use at most `amount` of `resource` (a per-host cap
/// below the physical capacity, e.g. a headroom target).
public struct SingleResourceCapacity: PlacementRule, ContinuityChoosing {
    static let kind = "singleResourceCapacity"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var hosts: [String]
    public var resource: String
    public var amount: Double

    public init(hosts: [String], resource: String, amount: Double, continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.hosts = hosts
        self.resource = resource
        self.amount = amount
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedHosts: [String] { hosts }
    var summary: String { "singleResourceCapacity: at most \(format(amount)) \(resource) on each of \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        hosts.compactMap { host in
            let residents = view.runningResidents(of: host)
            let load = view.load(on: host, resource)
            guard CapacityTolerance.exceeds(load, amount) else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: residents, hosts: [host], resource: resource, measured: load, limit: amount,
                message: "\(host) uses \(format(load)) \(resource), at most \(format(amount)) allowed")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        guard let r = encoding.resourceIndex(resource) else { return }
        for host in encoding.hostIndices(of: hosts) {
            let expr = encoding.load(on: host, r)
            guard !expr.terms.isEmpty else { continue }
            encoding.add(expr <= amount, name: "\(id)_h\(host)")
        }
    }
}

extension SingleResourceCapacity {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, resource, amount, continuous }
}

extension SingleResourceCapacity {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(amount)
    }

    static let scriptNames = ["singleResourceCapacity"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(hosts, resource, amount)")
        return .singleResourceCapacity(SingleResourceCapacity(
            hosts: try args.hosts(0), resource: try args.resource(1), amount: try args.number(2), label: label))
    }

    static let fields = ["id", "hosts", "resource", "amount", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a VM on a host of the set while that host stays within the amount: O(1).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        guard let r = problem.resources.firstIndex(of: resource) else { return nil }
        let amount = amount
        return AdmissionTest(hosts: problem.hostIndices(of: hosts)) { vm, host, state in
            state.load[host][r] + problem.demand[vm][r] <= amount + 1e-9
        }
    }
}

extension SingleResourceCapacity {
    /// Per host: the cap holds on each host inside.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.hosts = scope.inside(hosts: hosts)
        return .rules(rule.hosts.isEmpty ? [] : [.singleResourceCapacity(rule)])
    }
}

extension Constraint {
    /// The `SingleResourceCapacity` rule as a catalog constraint (`.singleResourceCapacity(SingleResourceCapacity(…))`).
    public static func singleResourceCapacity(_ rule: SingleResourceCapacity) -> Constraint { Constraint(rule) }
}
