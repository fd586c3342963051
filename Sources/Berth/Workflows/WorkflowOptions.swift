import BerthMIP
import Logging

/// A step of a workflow run, as progress reporting sees it.
public enum WorkflowEvent: Hashable, Sendable, CustomStringConvertible {
    /// The request became an instance; the placement solve starts.
    case solving(workflow: String, runningVMs: Int, hosts: Int)
    /// A stage of the placement solve starts.
    case stage(PlacementStage)
    /// The placement MIP's search so far: seconds, best placement's objective, proven bound, relative gap.
    case searching(elapsed: Double, incumbent: Double?, bound: Double?, gap: Double?)
    /// A checked placement: how many moves, proven optimal or not, seconds spent.
    case placed(migrations: Int, optimal: Bool, seconds: Double)
    /// Scheduling starts: the migrations to order.
    case scheduling(moves: Int)
    /// A checked plan.
    case scheduled(actions: Int, seconds: Double)
    /// The plan simulated: seconds to completion.
    case simulated(completion: Double)

    public var description: String {
        switch self {
        case .solving(let workflow, let vms, let hosts): "\(workflow): placing \(vms) running VMs on \(hosts) hosts"
        case .stage(let stage): "placement: \(stage.rawValue)"
        case .searching(let elapsed, let incumbent, let bound, let gap):
            "searching \(format(elapsed)) s: incumbent \(incumbent.map(format) ?? "none"), bound \(bound.map(format) ?? "none"), "
                + "gap \(gap.map { percent($0) } ?? "unknown")"
        case .placed(let moves, let optimal, let seconds):
            "placement \(optimal ? "optimal" : "feasible") in \(format(seconds)) s, \(moves) migrations"
        case .scheduling(let moves): "scheduling \(moves) migrations"
        case .scheduled(let actions, let seconds): "plan of \(actions) actions in \(format(seconds)) s"
        case .simulated(let completion): "simulated: completes at \(format(completion)) s"
        }
    }
}

/// How a workflow solves: limits, logging, cancellation and progress.
public struct WorkflowOptions: Sendable {
    /// Seconds for the placement solve (default: the model's limit, else 30).
    public var timeLimit: Duration?
    /// Headroom: the highest share of each host's usable capacity the target placement may use,
    /// per resource (`"*"` for every resource not named), in (0, 1]. Empty: up to 100 %.
    /// The placement's MIP, heuristics and checker all see capacities scaled by it; the plan is
    /// scheduled and checked against the real capacities (a host already above it may stay so
    /// until its VMs leave).
    public var maxUtilization: [String: Double] = [:]
    /// Repair the rules the current placement already breaks. By default a workflow keeps them as
    /// found (their VMs stay put) and names them in its findings.
    public var repairViolations = false
    /// Seconds for scheduling (default 10).
    public var scheduleTimeLimit: Duration = .seconds(10)
    /// When set, every stage ends by then, whatever the limits above say: the placement solves
    /// (several for capped consolidations and what-ifs) share what is left, and scheduling gets the
    /// rest. The command line sets it from `--time-limit` when the process starts.
    public var deadline: ContinuousClock.Instant?

    /// Seconds left before ``deadline`` (`nil` without one), never below 50 ms: a stage always
    /// gets the time to return its first checked answer.
    func secondsLeft(share: Double = 1) -> Double? {
        deadline.map { max(0.05, ContinuousClock.now.duration(to: $0).inSeconds * share) }
    }
    /// Which VMs the placement may move (see ``PlacementMode``).
    public var mode: PlacementMode = .auto
    /// Receives solver logs (GLPK output at debug level).
    public var logger: Logger?
    /// Stops GLPK when cancelled; the async API cancels it when its task is cancelled.
    public var cancellation: CancellationToken?
    /// Ends the search early but keeps its best placement, which is then scheduled and reported
    /// as interrupted (the command line's SIGINT/SIGTERM). ``cancellation`` abandons the workflow instead.
    public var interruption: CancellationToken?
    /// Called on the solving thread at each step.
    public var progress: (@Sendable (WorkflowEvent) -> Void)?

    public init(timeLimit: Duration? = nil) { self.timeLimit = timeLimit }
}
