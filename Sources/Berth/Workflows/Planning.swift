/// `plan` and `replan` as workflows: solve the placement under the model's own rules (or take the
/// caller's target), then schedule, check and simulate the plan that reaches it.
public enum Planning {
    /// What to plan towards and what to report beside the plan.
    public struct Request: Sendable {
        /// Schedule towards this placement instead of solving one; it must pass the placement checker.
        public var target: Placement?
        /// Also simulate the all-sequential and all-parallel baselines, replay Berth's plan under the
        /// worst-case hash and with every action's work ±30 %, and bound the completion from below.
        public var compare = false

        public init(target: Placement? = nil, compare: Bool = false) {
            self.target = target
            self.compare = compare
        }
    }

    /// Plans on `model` as it is. Rules the current placement breaks are repaired, not set aside:
    /// the model's rules are the request.
    public static func plan(_ model: Instance, _ request: Request = Request(), options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        var options = options
        options.repairViolations = true
        return try WorkflowPipeline.run(workflow: "plan", original: model, instance: model, options: options,
                                        target: request.target, compare: request.compare)
    }

    /// Plans again from what really happened to `plan`: the state `progress` describes (done and
    /// running actions taken to finish, failed boots and dead hosts out of service) is planned
    /// from, and how it came about is reported as findings.
    public static func replan(
        _ model: Instance, plan: MigrationPlan, progress: PlanProgress, compare: Bool = false,
        options: WorkflowOptions = WorkflowOptions()
    ) throws(WorkflowError) -> WorkflowReport {
        let (current, notes) = progress.currentState(of: model, plan: plan)
        var report = try Planning.plan(current, Request(compare: compare), options: options)
        report.workflow = "replan"
        report.findings = notes + report.findings
        return report
    }
}
