import BerthMIP

/// Invariant: the hosts draw at most `watts` in total at every instant of the plan (boot peaks included).
///
/// Hard at both ends: the plan checker enforces it along the power timeline; at the final state it
/// bounds the power of the hosts left on, in the checker, the placement MIP and the packers'
/// admission alike.
public struct PowerBudget: PlacementRule {
    static let kind = "powerBudget"
    public var label: String?
    public var watts: Double

    public init(watts: Double, label: String? = nil) {
        self.watts = watts
        self.label = label
    }

    /// It holds along the whole plan (on the power timeline, not as a placement rule per instant).
    var isContinuous: Bool { true }
    var summary: String { "powerBudget: at most \(format(watts)) W drawn at any instant" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let cpu = view.cluster.cpuResource
        var total = 0.0
        for host in view.cluster.hosts {
            guard view.endsOnline(host.id) else { total += host.watts(.off, cpuLoad: 0, cpuResource: cpu); continue }
            let residents = view.runningResidents(of: host.id)
            let load = residents.reduce(0.0) { $0 + (view.vm($1)?.demand[cpu] ?? 0) }
            total += host.watts(.on, cpuLoad: load, cpuResource: cpu, vms: residents.count)
        }
        guard total > watts + 1e-6 else { return [] }
        return [Violation(constraint: id, kind: Self.kind, measured: total, limit: watts,
                          message: "the hosts left on draw \(format(total)) W, over the budget of \(format(watts)) W")]
    }

    /// Σ over hosts left on of idle + (peak − idle) × min(1, cpu load ÷ cpu capacity) + wattsPerVM
    /// × VMs, plus the standby draw of the hosts left off, ≤ watts: exact, as the checker counts.
    /// Where cpu overbooking lets the load pass the physical capacity, the capped utilisation is a
    /// variable u ≥ min(load ÷ capacity, on), chosen by one binary (the row only bounds it from
    /// above, so u settles on the minimum). Counting the load uncapped there refused placements
    /// the checker accepts, and the MIP then called feasible requests infeasible.
    func encode(into encoding: inout PlacementEncoding, id: String) {
        let cluster = encoding.problem.instance.cluster
        let cpu = cluster.cpuResource
        let r = encoding.resourceIndex(cpu)
        let hosts = Dictionary(cluster.hosts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var draw = LinearExpr()
        var standby = 0.0
        for (h, hostID) in encoding.problem.hostIDs.enumerated() {
            guard let host = hosts[hostID], let power = host.power else { continue }
            standby += power.offWatts
            guard let on = encoding.y[h] else { continue }
            draw.add(power.idleWatts - power.offWatts, on)
            let capacity = host.capacity[cpu]
            if let r, capacity > 0 {
                let slope = power.peakWatts - power.idleWatts, most = encoding.capacity(h, r)
                if most <= capacity * (1 + 1e-9) {
                    draw.add(encoding.load(on: h, r), scaledBy: slope / capacity)
                } else {
                    let u = encoding.newContinuous("\(id)_u\(h)", lowerBound: 0, upperBound: 1)
                    let saturated = encoding.newBinary("\(id)_s\(h)")
                    var below = LinearExpr(u)
                    below.add(encoding.load(on: h, r), scaledBy: -1 / capacity)
                    below.add(most / capacity, saturated)
                    encoding.add(below >= 0, name: "\(id)_load\(h)")  // u ≥ load/capacity unless saturated
                    var full = LinearExpr(u)
                    full.add(-1, on)
                    full.add(-1, saturated)
                    encoding.add(full >= -1, name: "\(id)_full\(h)")  // u ≥ on when saturated
                    draw.add(slope, u)
                }
            }
            if power.wattsPerVM > 0 { for column in encoding.columns(on: h) { draw.add(power.wattsPerVM, column.variable) } }
        }
        guard !draw.terms.isEmpty else { return }
        encoding.add(draw <= watts - standby, name: "\(id)_watts")
    }
}

extension PowerBudget {
    enum CodingKeys: String, CodingKey { case label = "id", watts }
}

extension PowerBudget {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if !(watts > 0 && watts.isFinite) { check.report("watts", "a power budget must be > 0 W, found \(watts)") }
    }

    static let scriptNames = ["powerBudget"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(watts)")
        return .powerBudget(PowerBudget(watts: try args.number(0), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "watts"]
    static let nature = RuleNature.hard
    /// Every host on draws power: none stays on unless used.
    var hostStateDemand: HostStateDemand? { .onOnlyWhenUsed(nil) }
    func require(in timing: inout TimingRequirements, id: String) {
        timing.powerBudgets.append((id, watts))
    }

    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension PowerBudget {
    /// Admits a VM when the hosts then on (the one it lands on included) draw within the budget,
    /// counted as the checker counts the final state. Placing more only adds draw, so a partial
    /// placement over the budget has no completion under it: the test refuses nothing the checker
    /// would accept. O(hosts + VMs) per test, and only where some host has a power model.
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let cluster = problem.instance.cluster
        guard cluster.hosts.contains(where: { $0.power != nil }) else { return nil }
        let cpu = cluster.cpuResource, watts = self.watts
        return AdmissionTest(asksEveryVM: true) { vm, host, state in
            var total = 0.0
            for (h, server) in cluster.hosts.enumerated() {
                guard h == host || state.isOn(h) else {
                    total += server.watts(.off, cpuLoad: 0, cpuResource: cpu)
                    continue
                }
                var load = state.residents[h].reduce(0.0) { $0 + problem.vms[$1].demand[cpu] }
                var count = state.residents[h].count
                if h == host {
                    load += problem.vms[vm].demand[cpu]
                    count += 1
                }
                total += server.watts(.on, cpuLoad: load, cpuResource: cpu, vms: count)
            }
            return total <= watts + 1e-6
        }
    }
}

extension Constraint {
    /// The `PowerBudget` rule as a catalog constraint (`.powerBudget(PowerBudget(…))`).
    public static func powerBudget(_ rule: PowerBudget) -> Constraint { Constraint(rule) }
}
