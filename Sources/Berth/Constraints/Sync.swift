/// Invariant: the migrations of the VMs of `vms` that move start at the same instant (VMs that talk
/// to each other converge together, as COMMA does); a scheduling constraint, checked on plans only.
public struct Sync: SchedulingRule {
    static let kind = "sync"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "sync: \(listed(vms)) start migrating together" }
}

extension Sync {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension Sync {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if vms.count < 2 { check.report("vms", "sync needs at least two VMs") }
    }

    static let scriptNames = ["sync"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .sync(Sync(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms"]
}

extension Sync {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        timing.syncGroups.append((id, Set(vms)))
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        let group = Set(vms)
        var firstStart: [String: Double] = [:]
        for a in plan.moving where group.contains(a.vm!) { firstStart[a.vm!] = min(firstStart[a.vm!] ?? a.start, a.start) }
        guard let earliest = firstStart.values.min(), let latest = firstStart.values.max(), latest - earliest > 1e-6 else { return [] }
        let late = firstStart.filter { $0.value > earliest + 1e-6 }.keys.sorted()
        return [Violation(constraint: id, kind: Self.kind, vms: late, measured: latest - earliest, limit: 0,
                          message: "at t = \(format(earliest)) s: \(listed(late)) start moving later than the rest of the group (up to \(format(latest)) s)")]
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `Sync` rule as a catalog constraint (`.sync(Sync(…))`).
    public static func sync(_ rule: Sync) -> Constraint { Constraint(rule) }
}
