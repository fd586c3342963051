import BerthMIP

/// The shared back half of every workflow: place, schedule, check, simulate, report.
///
/// A workflow turns its request into an ``Instance`` (host states, constraints, objective) and
/// hands it here with the original model, which gives the "before" picture.
package enum WorkflowPipeline {
    /// Solves `instance` (or takes `target`), schedules towards the placement, checks and simulates the plan.
    ///
    /// - Parameters:
    ///   - original: the model as the operator gave it (its current placement is "before").
    ///   - target: schedule towards this placement instead of solving one; it must pass the checker.
    ///   - compare: also simulate the baselines, replay under the worst-case hash and ±30 %, and bound the completion.
    ///   - adjust: a last change to the checked placement before scheduling (consolidation without
    ///     power-off keeps freed hosts on); the result is checked again.
    public static func run(
        workflow: String, original: Instance, instance: Instance, options: WorkflowOptions,
        target given: Placement? = nil, compare: Bool = false,
        adjust: ((PlacementResult) -> Placement)? = nil
    ) throws(WorkflowError) -> WorkflowReport {
        var instance = instance
        var kept: [String] = []
        if !options.repairViolations {
            let outcome = PreexistingViolations.setAside(original: original, instance: instance)
            instance = outcome.instance
            kept = outcome.findings
        }
        let result: PlacementResult
        if let given {
            let violations = PlacementChecker.check(instance, given)
            guard violations.isEmpty else { throw .violatedTarget(violations) }
            result = PlacementResult(given: given, instance: instance)
        } else {
            result = try place(workflow: workflow, instance: instance, options: options)
        }
        if options.cancellation?.isCancelled == true { throw .cancelled }
        var target = result.placement
        if let adjust {
            target = adjust(result)
            let violations = PlacementChecker.check(instance, target)
            guard violations.isEmpty else {
                throw .internalFailure("the adjusted placement fails the check: " + violations.map(\.description).joined(separator: "; "))
            }
        }
        var destinations: FlowSpreading.Report?
        if instance.network != nil, given == nil {
            // Link-aware destinations: same objective, flows spread over links and members.
            let spread = FlowSpreading.spread(instance, target: target, timeLimit: min(1, 0.1 * options.scheduleTimeLimit.inSeconds))
            target = spread.placement
            destinations = spread.report
        }
        var final = result
        final.placement = target
        let overloaded = Scheduler.overloadedAtStart(
            instance, why: "a plan must start from a state within capacity (with --history, demands are the history's percentiles)")
        guard overloaded.isEmpty else { throw .unschedulable(UnschedulableReport(atSeconds: 0, blockers: overloaded)) }

        options.progress?(.scheduling(moves: result.moves.count))
        let schedule: ScheduleResult
        do {
            let limit = min(options.scheduleTimeLimit.inSeconds, options.secondsLeft() ?? .infinity)
            schedule = try Scheduler(options: SchedulerOptions(timeLimit: .seconds(limit))).schedule(instance, target: target)
        } catch {
            if case .blocked(let time, let blockers) = error { throw .unschedulable(UnschedulableReport(atSeconds: time, blockers: blockers)) }
            throw .internalFailure(error.description)
        }
        if options.cancellation?.isCancelled == true { throw .cancelled }
        options.progress?(.scheduled(actions: schedule.plan.actions.count, seconds: schedule.seconds))
        let planViolations = PlanChecker.check(instance, plan: schedule.plan, target: target)
        guard planViolations.isEmpty else {
            throw .internalFailure("the plan fails the check: " + planViolations.map(\.description).joined(separator: "; "))
        }
        let simulation = PlanSimulator(instance: instance).simulate(schedule.plan)
        options.progress?(.simulated(completion: simulation.completion))
        let timeline = PlanChecker.check(instance, plan: simulation.timeline, target: target)
        var report = WorkflowReport(
            workflow: workflow, instance: instance, placement: final, schedule: schedule, simulation: simulation,
            planViolations: planViolations, timelineViolations: timeline,
            before: HostUtilization.of(original.cluster, Placement(current: original.cluster)),
            after: HostUtilization.of(instance.cluster, target), findings: kept, promises: [])
        report.destinations = destinations
        if compare {
            if options.cancellation?.isCancelled == true { throw .cancelled }
            report.comparison = PlanComparison.of(schedule.plan, instance: instance, target: target, simulated: simulation)
        }
        return report
    }

    /// A checked placement of `instance`, or why there is none.
    public static func place(workflow: String, instance: Instance, options: WorkflowOptions) throws(WorkflowError) -> PlacementResult {
        // With a deadline, the placement takes 85 % of what is left: scheduling and the checks follow.
        var limit = options.timeLimit
        if let left = options.secondsLeft(share: 0.85) { limit = min(limit ?? TimeBudget.duration(instance.timeLimit ?? 30), .seconds(left)) }
        var placementOptions = PlacementOptions(timeLimit: limit, mode: options.mode)
        placementOptions.logger = options.logger
        placementOptions.cancellation = switch (options.cancellation, options.interruption) {
        case (let cancellation?, let interruption?): CancellationToken(any: [cancellation, interruption])
        case (let cancellation, let interruption): cancellation ?? interruption
        }
        if let progress = options.progress {
            placementOptions.onStage = { progress(.stage($0)) }
            placementOptions.onSearchProgress = { event in
                progress(.searching(elapsed: Double(event.elapsed.components.seconds) + Double(event.elapsed.components.attoseconds) * 1e-18,
                                    incumbent: event.incumbent, bound: event.bestBound, gap: event.gap))
            }
        }
        options.progress?(.solving(workflow: workflow, runningVMs: instance.cluster.vms.filter { $0.state == .running }.count,
                                   hosts: instance.cluster.hosts.count))
        let outcome: PlacementOutcome
        if let problem = Headroom.problem(options.maxUtilization, in: instance.cluster) { throw .invalid("max-utilization", problem) }
        let solved = Headroom.applied(options.maxUtilization, to: instance)
        do { outcome = try PlacementSolver(options: placementOptions).solve(solved) } catch {
            if options.cancellation?.isCancelled == true { throw .cancelled }
            if case .invalidInstance(let input) = error { throw .invalidRequest(input.issues) }
            throw .internalFailure(error.description)
        }
        switch outcome {
        case .placed(var result):
            options.progress?(.placed(migrations: result.moves.count, optimal: result.isOptimal, seconds: result.solveSeconds))
            if !options.maxUtilization.isEmpty {
                // Checked against the scaled capacities; reported against the real ones.
                result.instance = instance
                let limits = options.maxUtilization.sorted { $0.key < $1.key }.map { "\($0.key == "*" ? "every resource" : $0.key) ≤ \(percent($0.value))" }
                result.notes.append("headroom: the placement keeps " + limits.joined(separator: ", ") + " of each host's capacity")
            }
            return result
        case .infeasible(let report):
            throw .infeasible(report)
        case .unknown(let report):
            throw .unknown(report)
        }
    }
}
