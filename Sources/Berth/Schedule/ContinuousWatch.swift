/// Continuous placement constraints along a plan: at every instant, each violation of a continuous
/// placement rule must already exist in the initial state (same constraint, its hosts and VMs a
/// subset of an initial violation's); the plan may improve a violated rule but never make it worse.
///
/// The list scheduler's incremental watch: it refuses a start that would add a violation. It relies
/// on every placement rule being monotone: a VM leaving a host (a move's end, a suspend) never
/// creates a violation, so only starts need checking. The plan checker does not use it: it
/// re-evaluates every continuous rule at every start on its own. Rules are indexed by the VMs and hosts they name, so a change only
/// re-evaluates the rules that mention it. `maxOnline` is left to the licence check (absolute: the
/// scheduler blocks boots over the limit), and scheduling rules have no placement violations.
struct ContinuousWatch: Sendable {
    struct Entry: Sendable {
        var id: String
        var constraint: Constraint
        /// The rule's violations in the initial state: the only ones a plan may show.
        var baseline: [Violation]
    }

    let entries: [Entry]
    /// The instance cluster's lookup tables, for the views of instants.
    let index: PlacementView.Index?
    private let byVM: [String: [Int]]
    private let byHost: [String: [Int]]
    /// Rules that any arrival may break (`lonely`: a stranger joining a lonely VM's host).
    private let anyHost: [Int]

    init(instance: Instance) {
        var entries: [Entry] = []
        var byVM: [String: [Int]] = [:], byHost: [String: [Int]] = [:], anyHost: [Int] = []
        let chosen = instance.constraints.enumerated().filter { $0.element.holdsAlongPlans }
        if !chosen.isEmpty {
            let initial = PlacementView.initial(of: instance)
            for (index, constraint) in chosen {
                let id = instance.constraintID(at: index)
                let e = entries.count
                entries.append(Entry(id: id, constraint: constraint, baseline: constraint.violations(in: initial, id: id)))
                for vm in Set(constraint.vms).sorted() { byVM[vm, default: []].append(e) }
                for host in Set(constraint.hosts).sorted() { byHost[host, default: []].append(e) }
                if constraint.kind == Lonely.kind { anyHost.append(e) }
            }
        }
        self.entries = entries
        index = entries.isEmpty ? nil : PlacementView.Index(instance.cluster, constraints: instance.constraints)
        self.byVM = byVM
        self.byHost = byHost
        self.anyHost = anyHost
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Rules that name one of `vms` or `hosts`, and those any arrival may break, ascending.
    func entries(touching vms: [String], hosts: [String]) -> [Int] {
        guard !entries.isEmpty else { return [] }
        var found = Set<Int>()
        for vm in vms { found.formUnion(byVM[vm] ?? []) }
        for host in hosts { found.formUnion(byHost[host] ?? []) }
        if !hosts.isEmpty { found.formUnion(anyHost) }
        return found.sorted()
    }

    /// Whether an initial violation of the same rule covers `violation`.
    func isInitial(_ violation: Violation, entry: Int) -> Bool {
        let hosts = Set(violation.hosts), vms = Set(violation.vms)
        return entries[entry].baseline.contains { old in
            old.resource == violation.resource && hosts.isSubset(of: old.hosts) && vms.isSubset(of: old.vms)
        }
    }

    /// The violations of the given rules in `view` that the initial state does not have.
    func newViolations(in view: PlacementView, entries chosen: [Int]) -> [Violation] {
        chosen.flatMap { e in
            entries[e].constraint.violations(in: view, id: entries[e].id).filter { !isInitial($0, entry: e) }
        }
    }

    /// The first new violation among the given rules, if any (the scheduler's test before a start).
    func firstNewViolation(in view: PlacementView, entries chosen: [Int]) -> Violation? {
        for e in chosen {
            if let v = entries[e].constraint.violations(in: view, id: entries[e].id).first(where: { !isInitial($0, entry: e) }) { return v }
        }
        return nil
    }
}
