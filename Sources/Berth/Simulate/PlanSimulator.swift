/// A discrete-event fluid simulation of a plan (research/migration.md §5.2).
///
/// Migrations share every link direction max-min fairly; rates are recomputed at every event;
/// pre-copy rounds follow the rates they really get (a round re-sends what was dirtied during the
/// previous one, and stop-and-copy starts once the rest fits the downtime target at the current
/// rate); boots and shutdowns take their hosts' durations; power follows `Server.watts`.
///
/// Actions start in the plan's order, once their dependencies have ended and once the simulated
/// state admits them (room on the destination, host on, host empty): a plan whose durations turn
/// out longer or shorter than planned stays safe. With `enforcesLimits`, the executor also holds
/// back starts that would break the network's concurrency limits, a power budget or a licence
/// limit; the naive baselines are simulated without it, as they were run.
public struct PlanSimulator: Sendable {
    public let instance: Instance
    public let enforcesLimits: Bool
    /// Per action id, a factor on its work: a migration's memory to copy, a boot's or a shutdown's
    /// duration (robustness runs: real durations vary); absent means 1.
    public var workFactors: [Double]?

    public init(instance: Instance, enforcesLimits: Bool = true, workFactors: [Double]? = nil) {
        self.instance = instance
        self.enforcesLimits = enforcesLimits
        self.workFactors = workFactors
    }

    public func simulate(_ plan: MigrationPlan) -> SimulationResult {
        var run = SimulationRun(simulator: self, plan: plan)
        while true {
            run.startWhatCan()
            run.peak = max(run.peak, run.watts())
            guard run.isBusy else {
                if run.next < run.order.count { run.stuck = "\(run.order[run.next].label) can never start" }
                break
            }
            guard run.advance() else { break }
        }
        return run.result()
    }
}
