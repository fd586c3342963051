/// Everything one workflow run produced: the request it solved, the checked placement, the checked
/// and simulated plan, and the workflow's own findings.
public struct WorkflowReport: Sendable {
    /// `drain`, `consolidate`, … .
    public var workflow: String
    /// The instance the placement solved (the model with the workflow's states and rules applied).
    public var instance: Instance
    /// The checked target placement (adjusted, e.g. freed hosts kept on, when the workflow asked).
    public var placement: PlacementResult
    /// The checked plan that reaches it.
    public var schedule: ScheduleResult
    /// The plan as the fluid simulator plays it.
    public var simulation: SimulationResult
    /// Violations the independent plan checker found on the scheduled plan (always empty when returned).
    public var planViolations: [Violation]
    /// Violations the plan checker found on the simulated timeline (live migrations can run longer than planned).
    public var timelineViolations: [Violation]
    /// Per host, before the plan (current placement of the original model) and after it.
    public var before: [HostUtilization]
    public var after: [HostUtilization]
    /// What the workflow wants the operator to know: hosts selected, signals that triggered, bounds met.
    public var findings: [String]
    /// The workflow's promise, checked: e.g. "drained hosts empty and off".
    public var promises: [PromiseCheck]
    /// What the link-aware destination swaps gained (models with a network).
    public var destinations: FlowSpreading.Report?
    /// Baselines, worst-case hash, ±30 % replays and the lower bound, when the request asked to compare.
    public var comparison: PlanComparison?

    /// Proven optimal placement (exit code 0) rather than the best found at the limit (exit code 1).
    public var isOptimal: Bool { placement.isOptimal }

    /// Live migrations the placement asks for.
    public var migrations: Int { placement.moves.count }

    /// The constraints the plan was checked against: the model's ids plus the built-in rules.
    public var constraintsChecked: [String] {
        instance.constraints.indices.map(instance.constraintID(at:)) + PlanChecker.Rule.allCases.map(\.rawValue)
    }

    /// One line for logs and batch schedulers.
    public var summary: String {
        let beforeOn = before.filter(\.online).count, afterOn = after.filter(\.online).count
        let kept = promises.allSatisfy(\.holds) ? "kept" : "BROKEN"
        return "\(workflow): \(isOptimal ? "optimal" : "feasible") placement, \(migrations) migrations, "
            + "\(schedule.plan.actions(.boot).count) boots, \(schedule.plan.actions(.shutdown).count) shutdowns, hosts on \(beforeOn) → \(afterOn), "
            + "peak \(percent(HostUtilization.peak(before))) → \(percent(HostUtilization.peak(after))), "
            + "plan \(format(simulation.completion)) s simulated, \(planViolations.count + timelineViolations.count) violations, "
            + "promise \(kept)"
    }
}

/// The plan beside what it is measured against.
public struct PlanComparison: Sendable {
    /// Simulated plans by name: `berth`, `sequential`, `parallel` and, with multi-member aggregates, `berth/worst`.
    public var simulations: [(name: String, result: SimulationResult)]
    /// The bandwidth lower bound on completion, and the resource that sets it.
    public var lowerBound: (resource: String, seconds: Double)?
    /// Berth's plan replayed with every action's work drawn in ±30 %.
    public var robustness: PlanRobustness

    /// Berth's plan (already simulated) beside the all-sequential and all-parallel baselines, the
    /// worst-case hash replay, the ±30 % replays and the bandwidth lower bound.
    static func of(_ plan: MigrationPlan, instance: Instance, target: Placement, simulated: SimulationResult) -> PlanComparison {
        let problem = ScheduleProblem(instance: instance, target: target)
        var rows = [(name: "berth", result: simulated)]
        rows.append(("sequential", PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.sequential(problem))))
        rows.append(("parallel", PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(problem))))
        if instance.network?.links.contains(where: { $0.members > 1 }) == true {
            rows.append(("berth/worst", PlanSimulator(instance: instance.withWorstCaseHash).simulate(plan)))
        }
        return PlanComparison(
            simulations: rows,
            lowerBound: FlowLoad(instance: instance, target: target).completionBound(instance: instance, target: target),
            robustness: PlanRobustness.evaluate(instance, plan: plan, target: target))
    }
}

/// One promise of a workflow and whether the result keeps it.
public struct PromiseCheck: Hashable, Sendable, Codable {
    /// What the workflow promises, in words.
    public var promise: String
    /// Whether the result keeps it.
    public var holds: Bool
    /// The numbers behind the verdict.
    public var detail: String

    public init(_ promise: String, holds: Bool, detail: String) {
        self.promise = promise
        self.holds = holds
        self.detail = detail
    }
}

/// `value` as a whole percentage; never traps (an infinite share reads "∞%", NaN "n/a").
func percent(_ value: Double) -> String {
    guard !value.isNaN else { return "n/a" }
    let scaled = (value * 100).rounded()
    guard abs(scaled) < 1e15 else { return scaled > 0 ? "∞%" : "-∞%" }
    return "\(Int(scaled))%"
}
