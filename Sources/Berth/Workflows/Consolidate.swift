/// Nightly consolidation: pack the running VMs onto fewer hosts and switch the freed ones off.
///
/// Deterministic (the solver and scheduler are) and idempotent: the placement minimises hosts on,
/// then migrations, so re-running on the result proposes no migration.
public enum Consolidate {
    /// A consolidation request.
    public struct Request: Sendable {
        /// Power the freed hosts off (`false`: they are emptied but stay on).
        public var powerOff: Bool
        /// Demand from measured utilisation instead of nominal sizes.
        public var history: UtilizationHistory?
        /// Percentile of the history (0–100] taken as each VM's demand.
        public var percentile: Double
        /// Seconds of history before the newest sample that count (`nil`: all).
        public var window: Double?
        /// At most this many migrations; beyond it, only the cheapest hosts to empty are opened up.
        public var maxMigrations: Int?
        /// Energy against migrations: a migration is worth making only for this many idle watts
        /// saved. `nil` (or 0): save every host possible.
        public var wattsPerMigration: Double?

        public init(powerOff: Bool = true, history: UtilizationHistory? = nil, percentile: Double = 95, window: Double? = nil,
                    maxMigrations: Int? = nil, wattsPerMigration: Double? = nil) {
            self.powerOff = powerOff
            self.history = history
            self.percentile = percentile
            self.window = window
            self.maxMigrations = maxMigrations
            self.wattsPerMigration = wattsPerMigration
        }
    }

    /// The model with demands from history (when given) and the `minHosts` objective.
    public static func instance(_ model: Instance, _ request: Request) throws(WorkflowError) -> Instance {
        var instance = model
        if let history = request.history {
            instance = try history.applied(to: model, percentile: request.percentile, window: request.window)
        }
        instance.objective = .minHosts
        return instance
    }

    /// Consolidates: fewest hosts on, then fewest migrations (by memory); checked, scheduled, simulated.
    public static func run(_ model: Instance, _ request: Request = Request(), options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let original = try instance(model, request)
        // Rules already broken are kept as found in the capped search too (not repaired within the cap).
        let keptAsFound = options.repairViolations ? original : PreexistingViolations.setAside(original: original, instance: original).instance
        let (instance, budgetNote) = try budgeted(keptAsFound, request, options: options)
        let keepOn = Set(instance.cluster.hosts.filter { $0.state == .online }.map(\.id))
        var keptOn = false
        let adjust: ((PlacementResult) -> Placement)? = request.powerOff ? nil : { result in
            var target = result.placement
            target.onlineHosts.formUnion(keepOn)
            // Keeping the freed hosts on must not break a rule (maxOnline, offline …); else they go off.
            guard PlacementChecker.check(instance, target).isEmpty else { return result.placement }
            keptOn = true
            return target
        }
        var report = try WorkflowPipeline.run(workflow: "consolidate", original: original, instance: instance, options: options, adjust: adjust)
        report.instance = original
        if let budgetNote { report.findings.append(budgetNote) }
        if let limit = request.maxMigrations {
            report.promises.append(PromiseCheck("at most \(limit) migrations", holds: report.migrations <= limit, detail: "\(report.migrations) migrations"))
        }
        let on = report.before.filter(\.online).count
        let emptied = report.after.filter { $0.vmCount == 0 && keepOn.contains($0.host) }.count
            - report.before.filter { $0.vmCount == 0 && keepOn.contains($0.host) }.count
        if request.history != nil {
            report.findings.append("demand: p\(format(request.percentile)) of the history\(request.window.map { " over the last \(format($0)) s" } ?? "")")
        }
        report.findings.append("freed \(max(0, emptied)) hosts\(request.powerOff ? "" : keptOn ? " (left on: no --power-off)" : " (switched off: keeping them on breaks a rule)")")
        let needed = report.after.filter { $0.vmCount > 0 }.count
        if request.maxMigrations == nil && request.wattsPerMigration == nil, let ffd = FirstFitDecreasing.hostCount(original) {
            report.findings.append("first-fit decreasing (rule-checked) fills \(ffd) hosts; the plan fills \(needed)")
            report.promises.append(PromiseCheck("frees at least the hosts first-fit decreasing frees", holds: needed <= ffd,
                                                detail: "\(on) on before, \(needed) hosting VMs after, FFD \(ffd)"))
        } else {
            report.findings.append("first-fit decreasing finds no rule-abiding placement: no bound to compare with")
        }
        return report
    }
}

extension Consolidate {
    /// The instance to solve under the request's migration limit and energy weight, and what was decided.
    static func budgeted(_ instance: Instance, _ request: Request, options: WorkflowOptions) throws(WorkflowError) -> (Instance, String?) {
        if let limit = request.maxMigrations, limit < 0 { throw .invalid("max-migrations", "must be ≥ 0") }
        if let watts = request.wattsPerMigration, watts < 0 { throw .invalid("watts-per-migration", "must be ≥ 0") }
        let weight = request.wattsPerMigration ?? 0
        guard request.maxMigrations != nil || weight > 0 else { return (instance, nil) }
        let free = try WorkflowPipeline.place(workflow: "consolidate", instance: instance, options: options)
        let limit = request.maxMigrations ?? Int.max
        func score(_ result: PlacementResult) -> Double {
            let saved = result.shutDownHosts.compactMap { instance.cluster.host($0)?.power?.idleWatts ?? 100 }.reduce(0, +)
            return saved - weight * Double(result.moves.count)
        }
        if free.moves.count <= limit && weight == 0 { return (instance, nil) }
        // Open up the cheapest hosts to empty, one more at a time, within the limit; keep the best score.
        let candidates = ConsolidationBudget.candidates(instance)
        var best: (instance: Instance, score: Double, moves: Int, hosts: Int)?
        if free.moves.count <= limit { best = (instance, score(free), free.moves.count, candidates.count) }
        let largest = ConsolidationBudget.hostsWithin(limit, of: candidates).count
        var outOfTime = false
        for count in stride(from: largest, through: 0, by: -1) {
            if let deadline = options.deadline, ContinuousClock.now >= deadline { outOfTime = true; break }
            let opened = Array(candidates.prefix(count))
            if count == candidates.count && best != nil { continue }
            let trial = ConsolidationBudget.restricted(instance, emptying: opened.map(\.host))
            guard let result = try? WorkflowPipeline.place(workflow: "consolidate", instance: trial, options: options), result.moves.count <= limit else { continue }
            let value = score(result)
            if best == nil || value > best!.score + 1e-9 || (abs(value - best!.score) <= 1e-9 && result.moves.count < best!.moves) {
                best = (trial, value, result.moves.count, count)
            }
            if weight == 0 { break }  // only the limit matters: the widest opening within it is best
        }
        if best == nil, outOfTime {
            throw .unknown(UnknownReport(reason: "no consolidation within \(limit) migrations found before the time limit", suspects: []))
        }
        guard let best else {
            // Staying put is within any limit unless the current placement already breaks a rule:
            // then repairing it takes more migrations than allowed. Name those rules.
            let broken = PlacementChecker.check(instance, Placement(current: instance.cluster))
            guard !broken.isEmpty else {
                throw .internalFailure("no consolidation within the migration limit, although the current placement breaks no rule")
            }
            var conflicts = broken.map {
                ConflictingConstraint(id: $0.constraint, kind: $0.kind, summary: $0.message, vms: $0.vms, hosts: $0.hosts)
            }
            conflicts.append(ConflictingConstraint(
                id: "max-migrations", kind: "maxMigrations", summary: "at most \(limit) migrations", vms: [], hosts: []))
            throw .infeasible(InfeasibilityReport(
                conflicts: conflicts,
                explanation: ["the current placement already breaks " + Set(broken.map(\.constraint)).sorted().joined(separator: ", ")
                    + "; no placement within \(limit) migrations repairs it (raise --max-migrations, or fix those rules first)"],
                isMinimal: false))
        }
        return (best.instance, "budget: \(best.hosts) of \(candidates.count) hosts open to emptying"
            + (request.maxMigrations.map { ", at most \($0) migrations" } ?? "")
            + (weight > 0 ? ", \(format(weight)) W per migration (score \(format(best.score)) W)" : ""))
    }
}

extension Instance {
    /// The model after a placement has been carried out: VMs on their targets, hosts on or off as placed.
    public func applying(_ placement: Placement) -> Instance {
        var copy = self
        for i in copy.cluster.vms.indices where copy.cluster.vms[i].state == .running {
            if let host = placement.vmHosts[copy.cluster.vms[i].id] { copy.cluster.vms[i].host = host }
        }
        for i in copy.cluster.hosts.indices where copy.cluster.hosts[i].state != .maintenance {
            copy.cluster.hosts[i].state = placement.onlineHosts.contains(copy.cluster.hosts[i].id) ? .online : .offline
        }
        return copy
    }
}
