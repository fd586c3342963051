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

    /// Whether any rule of `instance` must be asked at every instant of the sweep.
    static func hasInstantRules(_ instance: Instance) -> Bool {
        instance.constraints.contains { ($0.rule as? any SchedulingRule).map { type(of: $0).checkedAtInstants } ?? false }
    }

    /// The rules checked at one instant (`serializeReboots`, `maxConcurrentMigrations`, …): `moving`
    /// are the migrations and resumes running, `changing` the hosts booting or shutting down.
    static func instantViolations(_ instance: Instance, at t: Double, moving: [PlanAction], changing: Set<String>,
                                  links: @escaping (PlanAction) -> [String]) -> [Violation] {
        let instant = PlanInstant(t: t, moving: moving, changing: changing, links: links)
        var found: [Violation] = []
        for (index, constraint) in instance.constraints.enumerated() {
            guard let rule = constraint.rule as? any SchedulingRule, type(of: rule).checkedAtInstants else { continue }
            found += rule.violations(at: instant, id: instance.constraintID(at: index))
        }
        return found
    }
}
