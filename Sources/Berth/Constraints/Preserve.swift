import BerthMIP

/// Invariant: each running VM of `vms` holds at least `amount` of `resource` on its host, and the
/// host has room for it (the VM's demand is raised to `amount` in every capacity sum).
public struct Preserve: PlacementRule {
    static let kind = "preserve"
    public var label: String?
    public var vms: [String]
    public var resource: String
    public var amount: Double

    public init(vms: [String], resource: String, amount: Double, label: String? = nil) {
        self.vms = vms
        self.resource = resource
        self.amount = amount
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "preserve \(format(amount)) \(resource) for \(listed(vms))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        view.hosts(occupiedBy: vms).compactMap { hostID in
            guard let host = view.host(hostID) else { return nil }
            let residents = view.runningResidents(of: hostID)
            let load = view.load(on: hostID, resource)
            let limit = view.semantics.capacity(host: host, resource: resource)
            guard CapacityTolerance.exceeds(load, limit) else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: residents, hosts: [hostID], resource: resource, measured: load, limit: limit,
                message: "\(hostID) cannot preserve \(format(amount)) \(resource): the preserved load is \(format(load)) > \(format(limit))")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}  // raises demand in the capacity rows
}

extension Preserve {
    enum CodingKeys: String, CodingKey { case label = "id", vms, resource, amount }
}

extension Preserve {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
        check.amount(amount)
    }

    static let scriptNames = ["preserve"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(VMs, resource, amount)")
        return .preserve(Preserve(vms: try args.vms(0), resource: try args.resource(1), amount: try args.number(2), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    /// Nothing to test incrementally: the reservation is the demand the packers place (`ResourceSemantics`).
    func admission(in problem: PlacementProblem) -> AdmissionTest? { nil }

    static let fields = ["id", "vms", "resource", "amount"]
    static let nature = RuleNature.hard
    var resourceAdjustment: ResourceAdjustment? { .demandFloor(vms: vms, resource: resource, amount: amount) }

    /// Per VM: the members inside keep their reservation.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        return .rules(rule.vms.isEmpty ? [] : [.preserve(rule)])
    }
}

extension Constraint {
    /// The `Preserve` rule as a catalog constraint (`.preserve(Preserve(…))`).
    public static func preserve(_ rule: Preserve) -> Constraint { Constraint(rule) }
}
