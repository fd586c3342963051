import Foundation

/// Options of a scheduling run.
public struct SchedulerOptions: Sendable {
    /// Seconds for scheduling (the list scheduler always runs; the MIP uses what is left).
    public var timeLimit: Duration
    /// Plans with at most this many migrations also get the ordering MIP.
    public var mipMigrationLimit: Int
    /// Weight of the sum of migration durations against the completion time.
    public var durationWeight: Double
    /// Other orders the list scheduler tries (busiest link first, then seeded shuffles of the
    /// priority order); a fixed count, so the same input gives the same plan on any machine.
    public var orderRestarts: Int

    public init(timeLimit: Duration = .seconds(10), mipMigrationLimit: Int = 8, durationWeight: Double = 1, orderRestarts: Int = 24) {
        self.timeLimit = timeLimit
        self.mipMigrationLimit = mipMigrationLimit
        self.durationWeight = durationWeight
        self.orderRestarts = orderRestarts
    }
}

/// A checked plan and how it was found.
public struct ScheduleResult: Sendable {
    public var plan: MigrationPlan
    /// `list` (seed-002 priority order), `mip` (the slot MIP's order won), `list-busiest-link` or `list-reordered` (a restart won).
    public var source: String
    /// Completion + weight × sum of migration durations (seconds).
    public var objective: Double
    public var seconds: Double
    /// Whether the MIP ran to a proven optimum of its ordering model.
    public var mipOptimal: Bool?
}

/// Builds the plan from the current placement to a target: list scheduler in seed-002 order,
/// improved by the slot-ordering MIP on small plans, then checked by the independent plan checker.
public struct Scheduler: Sendable {
    public var options: SchedulerOptions

    public init(options: SchedulerOptions = SchedulerOptions()) { self.options = options }

    public func schedule(_ instance: Instance, target: Placement) throws(SchedulingError) -> ScheduleResult {
        let started = Date()
        let overloaded = Self.overloadedAtStart(instance, why: "every instant of a plan must be within capacity, so it cannot start from there")
        guard overloaded.isEmpty else { throw .blocked(at: 0, blockers: overloaded) }
        let problem = ScheduleProblem(instance: instance, target: target)
        try Self.checkBudgetsAtBothEnds(problem, target: target)
        let list = ListScheduler(problem: problem)
        let order = MigrationOrder.sorted(problem)
        var best = try list.run(order: order)
        var source = "list"
        var mipOptimal: Bool?
        func score(_ plan: MigrationPlan) -> Double { plan.completion + options.durationWeight * plan.totalMigrationSeconds }

        if problem.moves.count >= 2 && problem.moves.count <= options.mipMigrationLimit {
            let left = options.timeLimit.inSeconds - Date().timeIntervalSince(started)
            // The MIP only reorders; two seconds suit its 8-migration size, and the list plan stands meanwhile.
            if left > 0.2, let ordering = SlotOrderingMIP(problem: problem, priority: order).solve(timeLimit: min(left * 0.8, 2)) {
                mipOptimal = ordering.optimal
                if let plan = try? list.run(order: ordering.order), score(plan) < score(best) - 1e-6,
                   PlanChecker.check(instance, plan: plan, target: target).isEmpty {
                    best = plan
                    source = "mip"
                }
            }
        }
        // The priority order can leave the busiest link idle while its next flows wait for a NIC:
        // orders that put that link's flows first, or mix the priorities a little, often fill it.
        // Restarts scale down with the plan (about 1,500 moves scheduled in all) so scheduling stays
        // a small share of the plan's makespan; at least the busiest-link order is always tried.
        var generator = SplitMix64(seed: 29)
        let restarts = min(max(0, options.orderRestarts), max(1, 1_500 / max(1, problem.moves.count)))
        for restart in 0..<restarts where problem.moves.count >= 2 {
            guard Date().timeIntervalSince(started) < options.timeLimit.inSeconds * 0.5 else { break }
            let candidate = restart == 0 ? MigrationOrder.busiestLinkFirst(order, problem: problem, target: target)
                                         : MigrationOrder.shuffled(order, window: max(2, problem.moves.count / 4), using: &generator)
            if let plan = try? list.run(order: candidate), score(plan) < score(best) - 1e-6,
               PlanChecker.check(instance, plan: plan, target: target).isEmpty {
                best = plan
                source = restart == 0 ? "list-busiest-link" : "list-reordered"
            }
        }
        // A missed deadline is the instance's limits, not a scheduler bug: say which and when.
        var late: [ScheduleBlocker] = []
        for action in best.actions where action.kind == .migrate || action.kind == .resume {
            if let deadline = problem.timing.deadlines[action.vm!], action.end > deadline.seconds + 1e-6 {
                late.append(ScheduleBlocker(cause: .deadline, vm: action.vm, host: action.to, rule: deadline.id,
                                            message: "\(deadline.id): \(action.vm!) ends at \(format(action.end)) s, after its deadline of \(format(deadline.seconds)) s"))
            }
        }
        var firstMove: [String: Double] = [:]
        for action in best.actions where action.kind != .boot && action.kind != .shutdown {
            if let vm = action.vm, problem.timing.noDelay[vm] != nil { firstMove[vm] = min(firstMove[vm] ?? .infinity, action.start) }
        }
        for (vm, start) in firstMove.sorted(by: { $0.key < $1.key }) where start > 1e-9 {
            late.append(ScheduleBlocker(cause: .noDelay, vm: vm, rule: problem.timing.noDelay[vm],
                                        message: "\(problem.timing.noDelay[vm]!): \(vm) can only start moving at \(format(start)) s, not at 0 (noDelay)"))
        }
        if !late.isEmpty { throw .blocked(at: best.completion, blockers: late) }
        let violations = PlanChecker.check(instance, plan: best, target: target)
        guard violations.isEmpty else { throw .checkFailed(violations) }
        return ScheduleResult(plan: best, source: source, objective: score(best),
                              seconds: Date().timeIntervalSince(started), mipOptimal: mipOptimal)
    }

    /// One blocker per host whose current load exceeds its usable capacity, in cluster order: the
    /// host's id, and a message naming the overload (`w1 (cpu 106%)`) followed by `why`.
    public static func overloadedAtStart(_ instance: Instance, why: String) -> [ScheduleBlocker] {
        let cluster = instance.cluster
        let semantics = ResourceSemantics.Table(constraints: instance.constraints)
        var load: [String: [Double]] = [:]
        for vm in cluster.vms where vm.state == .running {
            guard let host = vm.host else { continue }
            var row = load[host] ?? [Double](repeating: 0, count: cluster.resources.count)
            for (r, resource) in cluster.resources.enumerated() { row[r] += semantics.demand(vm: vm, resource: resource) }
            load[host] = row
        }
        return cluster.hosts.compactMap { host -> ScheduleBlocker? in
            guard let row = load[host.id] else { return nil }
            let over = cluster.resources.enumerated().compactMap { r, resource -> String? in
                let capacity = semantics.capacity(host: host, resource: resource)
                return CapacityTolerance.exceeds(row[r], capacity) ? "\(resource) \(percent(capacity > 0 ? row[r] / capacity : .infinity))" : nil
            }
            guard !over.isEmpty else { return nil }
            return ScheduleBlocker(cause: .overloadedAtStart, host: host.id, rule: "capacity",
                                   message: "the current placement already overloads \(host.id) (\(over.joined(separator: ", "))); \(why)")
        }
    }

    /// A budget the start or the target already exceeds cannot hold along any plan: say so up front
    /// rather than build a plan the checker must reject.
    private static func checkBudgetsAtBothEnds(_ problem: ScheduleProblem, target: Placement) throws(SchedulingError) {
        guard !problem.timing.powerBudgets.isEmpty else { return }
        let cluster = problem.instance.cluster
        let cpu = cluster.cpuResource
        func draw(on: (Server) -> Bool, host: (VM) -> String?) -> Double {
            var load: [String: Double] = [:], count: [String: Int] = [:]
            for vm in cluster.vms where vm.state == .running {
                if let h = host(vm) { load[h, default: 0] += vm.demand[cpu]; count[h, default: 0] += 1 }
            }
            return cluster.hosts.reduce(0.0) {
                $0 + (on($1) ? $1.watts(.on, cpuLoad: load[$1.id] ?? 0, cpuResource: cpu, vms: count[$1.id] ?? 0)
                             : $1.watts(.off, cpuLoad: 0, cpuResource: cpu))
            }
        }
        let start = draw(on: { problem.isOnAtStart($0) }, host: { $0.host })
        let end = draw(on: { target.onlineHosts.contains($0.id) }, host: { target.vmHosts[$0.id] ?? $0.host })
        var reasons: [ScheduleBlocker] = []
        for budget in problem.timing.powerBudgets {
            if start > budget.watts + 1e-6 {
                reasons.append(ScheduleBlocker(cause: .powerBudget, rule: budget.id, missing: ["watts": start - budget.watts],
                                               message: "\(budget.id): the hosts already draw \(format(start)) W at the start, over the budget of \(format(budget.watts)) W"))
            }
            if end > budget.watts + 1e-6 {
                reasons.append(ScheduleBlocker(cause: .powerBudget, rule: budget.id, missing: ["watts": end - budget.watts],
                                               message: "\(budget.id): the target placement draws \(format(end)) W, over the budget of \(format(budget.watts)) W"))
            }
        }
        if !reasons.isEmpty { throw .blocked(at: 0, blockers: reasons) }
    }
}
