/// The plan checker's side of the scheduling rules: each rule's own `violations` read the plan's
/// actions (never the scheduler's bookkeeping).
extension PlanChecker {
    /// Orders, starts and deadlines over the whole plan (`precedence`, `sync`, `deadline`, `noDelay`, `seq`, `serialize`, …).
    static func schedulingViolations(_ instance: Instance, actions: [PlanAction]) -> [Violation] {
        let timing = PlanTiming(actions: actions)
        var found: [Violation] = []
        for (index, constraint) in instance.constraints.enumerated() {
            guard let rule = constraint.rule as? any SchedulingRule else { continue }
            found += rule.violations(in: timing, id: instance.constraintID(at: index))
        }
        return found
    }

    /// The rules the checker's sweep asks at every instant (`serializeReboots`,
    /// `maxConcurrentMigrations`, …), with their ids: found once per plan, not per instant.
    static func instantRules(_ instance: Instance) -> [(id: String, rule: any SchedulingRule)] {
        instance.constraints.indices.compactMap { index in
            guard let rule = instance.constraints[index].rule as? any SchedulingRule, type(of: rule).checkedAtInstants else { return nil }
            return (instance.constraintID(at: index), rule)
        }
    }

    /// `rules`' violations at one instant: `moving` are the migrations and resumes running,
    /// `changing` the hosts booting or shutting down.
    static func instantViolations(_ rules: [(id: String, rule: any SchedulingRule)], at t: Double, moving: [PlanAction],
                                  changing: Set<String>, links: @escaping (PlanAction) -> [String]) -> [Violation] {
        let instant = PlanInstant(t: t, moving: moving, changing: changing, links: links)
        return rules.flatMap { $0.rule.violations(at: instant, id: $0.id) }
    }
}
