/// How a plan fares when an executor runs it by dependencies and the real durations differ from
/// the planned ones (issue 29 §6a): seeded runs of the simulator with every action's work (memory
/// to copy, boot and shutdown time) drawn in [1 − spread, 1 + spread], each simulated timeline
/// checked by the independent plan checker (capacities, continuous rules, power budget, licences).
public struct PlanRobustness: Sendable {
    public var runs: Int
    /// Each action's work was drawn in [1 − spread, 1 + spread].
    public var spread: Double
    /// Makespans, ascending.
    public var completions: [Double]
    /// Runs whose timeline broke a rule, and the first violation seen.
    public var brokenRuns: Int
    public var firstViolation: String?
    /// Runs that got stuck (an action that could never start).
    public var stuckRuns: Int
    public var forcedSwitchovers: Int

    public var median: Double { completions.isEmpty ? 0 : completions[completions.count / 2] }

    public static func evaluate(_ instance: Instance, plan: MigrationPlan, target: Placement, runs: Int = 100,
                                spread: Double = 0.3, seed: UInt64 = 1) -> PlanRobustness {
        var generator = SplitMix64(seed: seed)
        var result = PlanRobustness(runs: runs, spread: spread, completions: [], brokenRuns: 0, firstViolation: nil, stuckRuns: 0, forcedSwitchovers: 0)
        for _ in 0..<max(0, runs) {
            let factors = plan.actions.indices.map { _ in 1 - spread + 2 * spread * generator.unit() }
            let simulated = PlanSimulator(instance: instance, workFactors: factors).simulate(plan)
            result.completions.append(simulated.completion)
            result.forcedSwitchovers += simulated.forcedSwitchovers
            if simulated.stuck != nil { result.stuckRuns += 1 }
            let violations = PlanChecker.check(instance, plan: simulated.timeline, target: target)
            if !violations.isEmpty {
                result.brokenRuns += 1
                if result.firstViolation == nil { result.firstViolation = violations[0].message }
            }
        }
        result.completions.sort()
        return result
    }
}

extension Instance {
    /// The same instance with every aggregate's member unknown: the worst case, all flows on one member.
    public var withWorstCaseHash: Instance {
        var copy = self
        guard var network = copy.network else { return copy }
        for i in network.links.indices {
            network.links[i].hash = .unknown
            network.links[i].pins = []
        }
        copy.network = network
        return copy
    }
}
