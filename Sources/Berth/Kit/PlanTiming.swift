/// A plan's moves as the plan checker reads them for the scheduling rules
/// (`SchedulingRule.violations(in:id:)`).
struct PlanTiming {
    /// The migrations, resumes and suspends, in plan order (each names its VM).
    let moving: [PlanAction]
    /// Each VM's move as an interval: its first moving action's start to its last one's end.
    let moves: [String: (start: Double, end: Double)]

    init(actions: [PlanAction]) {
        moving = actions.filter { ($0.kind == .migrate || $0.kind == .resume || $0.kind == .suspend) && $0.vm != nil }
        var moves: [String: (start: Double, end: Double)] = [:]
        for a in moving {
            let old = moves[a.vm!] ?? (a.start, a.end)
            moves[a.vm!] = (min(old.start, a.start), max(old.end, a.end))
        }
        self.moves = moves
    }
}

/// One instant of the plan checker's sweep (`SchedulingRule.violations(at:id:)`).
struct PlanInstant {
    let t: Double
    /// The migrations and resumes running.
    let moving: [PlanAction]
    /// The hosts booting or shutting down.
    let changing: Set<String>
    /// The links a migration crosses.
    let links: (PlanAction) -> [String]
}

/// What the rules ask of a plan's timing, in the scheduler's terms: each rule with something to
/// say adds its part (`PlacementRule.require(in:id:)`); the scheduler reads this, not the rules.
struct TimingRequirements: Sendable {
    /// The VMs the plan moves.
    let moving: Set<String>
    var powerBudgets: [(id: String, watts: Double)] = []
    var onlineLimits: [(id: String, hosts: Set<String>, amount: Int)] = []
    /// VMs whose moves must all end before the `after` VMs' moves start.
    var precedences: [(id: String, before: Set<String>, after: Set<String>)] = []
    /// The tightest deadline per VM: (seconds, constraint id).
    var deadlines: [String: (seconds: Double, id: String)] = [:]
    /// Groups of VMs whose migrations start together.
    var syncGroups: [(id: String, vms: Set<String>)] = []
    /// VMs whose moves must start at t = 0, with the rule's id.
    var noDelay: [String: String] = [:]
    /// Groups of VMs whose moves never overlap (`serialize`; `seq` is chained through `precedences`).
    var serialGroups: [(id: String, vms: Set<String>)] = []
    /// Host sets whose boots and shutdowns run one at a time.
    var rebootSerials: [(id: String, hosts: Set<String>)] = []
    /// Concurrent-migration limits: host set (`nil`: all) and links, each with its limit.
    var migrationCaps: [(id: String, hosts: Set<String>?, links: Set<String>, amount: Int)] = []

    init(moving: Set<String>) { self.moving = moving }
}
