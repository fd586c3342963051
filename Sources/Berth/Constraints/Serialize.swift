/// Invariant: no two moves of the VMs of `vms` overlap in time (any order); a move runs from its
/// first action's start to its last action's end.
///
/// A scheduling constraint: the scheduler starts a member's move only when no other member is
/// moving; the plan checker enforces it.
public struct Serialize: SchedulingRule {
    static let kind = "serialize"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "serialize: the moves of \(listed(vms)) never overlap" }
}

extension Serialize {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}

extension Serialize {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if vms.count < 2 { check.report("vms", "serialize needs at least two VMs") }
    }

    static let scriptNames = ["serialize"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .serialize(Serialize(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms"]
}

extension Serialize {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        timing.serialGroups.append((id, Set(vms)))
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] {
        let moves = plan.moves
        let members = vms.filter { moves[$0] != nil }.sorted { (moves[$0]!.start, $0) < (moves[$1]!.start, $1) }
        var found: [Violation] = []
        var last: (vm: String, end: Double)?
        for vm in members {
            let move = moves[vm]!
            if let previous = last, move.start < previous.end - 1e-6 {
                found.append(Violation(constraint: id, kind: Self.kind, vms: [previous.vm, vm], measured: move.start, limit: previous.end,
                                       message: "at t = \(format(move.start)) s: \(vm) starts moving while \(previous.vm) still moves (until \(format(previous.end)) s)"))
            }
            if last.map({ move.end > $0.end }) ?? true { last = (vm, move.end) }
        }
        return found
    }
    func violations(at instant: PlanInstant, id: String) -> [Violation] { [] }
    static let checkedAtInstants = false
}

extension Constraint {
    /// The `Serialize` rule as a catalog constraint (`.serialize(Serialize(…))`).
    public static func serialize(_ rule: Serialize) -> Constraint { Constraint(rule) }
}
