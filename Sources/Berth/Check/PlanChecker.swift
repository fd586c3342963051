/// The independent plan checker: replays a plan instant by instant (at each instant, ends before
/// starts, as BtrPlace does) from the model alone and lists every violation.
///
/// It checks capacity on both ends of every migration at every instant, boot before arrival,
/// shutdown only when empty, power budgets (boot peaks included), continuous licence limits,
/// continuous placement rules (no violation the initial state lacks),
/// migration concurrency limits, that the end state is the target, and the target's placement
/// constraints. It shares no code with the scheduler.
public enum PlanChecker {
    /// The rules, whose names are the violations' kinds (and ids, for built-ins).
    public enum Rule: String, CaseIterable, Sendable {
        /// An action impossible in the state it starts in (VM not there, host already on …).
        case planAction
        /// Reserved demand (residents + arrivals) over a host's capacity at some instant.
        case planCapacity
        /// A VM arrives on a host that is not on.
        case bootBeforeArrival
        /// A host shut down while something is on it or still moving.
        case shutdownAfterEmpty
        /// More concurrent migrations than the network allows (global, host or link).
        case concurrency
        /// The plan does not end in the target placement.
        case planEndState
    }

    /// Every violation of a plan given on its own (a file, a request), checked towards the state it
    /// leads to. New VMs (running, no host yet) are placed outside plans: their missing target is not
    /// the plan's fault.
    public static func check(_ instance: Instance, plan: MigrationPlan) -> [Violation] {
        let newVMs = Set(instance.cluster.vms.filter { $0.state == .running && $0.host == nil }.map(\.id))
        return check(instance, plan: plan, target: plan.endState(in: instance.cluster))
            .filter { !($0.kind == "assignment" && $0.vms.count == 1 && newVMs.contains($0.vms[0])) }
    }

    /// Every violation of `plan` taking `instance`'s cluster to `target`.
    public static func check(_ instance: Instance, plan: MigrationPlan, target: Placement) -> [Violation] {
        var replay = PlanReplay(instance: instance)
        let valid = replay.wellFormed(plan.actions)
        replay.run(valid)
        replay.checkEndState(target: target, at: plan.completion)
        return replay.found
            + schedulingViolations(instance, actions: valid)
            + PlacementChecker.check(instance, target)
    }
}
