/// The event-driven list scheduler: at every instant, start what can start, in priority order.
///
/// Resources are reserved the BtrPlace way (a migrating VM holds its demand on both hosts until it
/// ends). Each migration gets the full bandwidth of its route, and a link direction admits flows
/// while the sum of their rates fits its capacity: how many share a link follows from the bandwidth
/// model (one per GbE NIC, ten 1 Gb/s flows on a 10 Gb/s uplink), and no flow is ever slowed below
/// the rate its duration was computed for, so none fails to converge. Cycles are broken through a
/// spare host, else by suspend/resume.
struct ListScheduler {
    let problem: ScheduleProblem
    /// Seconds to pause a VM and keep its image, or to restart it after the image is copied.
    static let suspendSeconds = 1.0
    /// No action is shorter than this, so that every start precedes its end.
    static let minimumDuration = 0.01

    /// A plan that starts every action as early as the state allows, trying moves in `order`.
    func run(order: [ScheduleProblem.Move]) throws(SchedulingError) -> MigrationPlan {
        var state = ScheduleState(problem: problem)
        return try state.schedule(order: order)
    }
}
