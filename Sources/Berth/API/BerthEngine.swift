import BerthMIP
import Foundation
import Logging

/// One request to Berth, as an orchestrator states it.
public enum BerthRequest: Sendable {
    /// A checked target placement (`berth solve`).
    case solve(Instance, objective: Objective? = nil, mode: PlacementMode = .auto)
    /// A workflow: `.plan`, `.replan`, `.drain`, `.consolidate`, … (`berth plan`, `berth drain`, …).
    case workflow(Workflow, on: Instance)
    /// A capacity question (`berth what-if`).
    case whatIf(Instance, WhatIf.Request)
    /// A plan checked at every instant and simulated (`berth simulate`).
    case simulate(Instance, MigrationPlan)
    /// A placement checked against every rule (`berth check`).
    case check(Instance, Placement)

    /// The command name results carry.
    public var command: String {
        switch self {
        case .solve: "solve"
        case .workflow(let workflow, _): workflow.name
        case .whatIf: "what-if"
        case .simulate: "simulate"
        case .check: "check"
        }
    }

    var instance: Instance {
        switch self {
        case .solve(let instance, _, _), .workflow(_, let instance), .whatIf(let instance, _),
             .simulate(let instance, _), .check(let instance, _): instance
        }
    }
}

/// Berth's async API: every entry point is `async throws`, reports progress (at most ~10 events a
/// second, each with the elapsed time and the time limit), and ends promptly when its task is
/// cancelled, always by throwing `CancellationError`.
///
/// ```swift
/// let model = try InstanceCodec.loadInstance(path: "Models/workflow-cluster.json")
/// let engine = BerthEngine(timeLimit: .seconds(10))
/// let outcome = try await engine.solve(model) { print($0) }   // preparing…, heuristics…, mip…, placed
/// let job = engine.start(.workflow(.plan(Planning.Request()), on: model))
/// for await event in job.progress { print(event.fraction ?? 0) }
/// let result = try await job.result.value                     // BerthResult, as `--json` prints it
/// ```
public struct BerthEngine: Sendable {
    /// Time for each request, the whole of it (default: the model's, else 30 s).
    public var timeLimit: Duration?
    /// Headroom for workflows and what-ifs: the most of each host's capacity a target may use,
    /// per resource (`"*"`: every resource not named), in (0, 1].
    public var maxUtilization: [String: Double] = [:]
    /// Workflows also repair the rules the current placement already breaks.
    public var repairViolations = false
    /// Relative MIP gap at which a solve stops (0 proves optimality).
    public var relativeGap: Double = 0
    /// Receives solver logs (GLPK's output at debug level).
    public var logger: Logger?

    public init(timeLimit: Duration? = nil) { self.timeLimit = timeLimit }

    /// The time limit a request on `instance` runs under.
    public func limit(for instance: Instance) -> Duration {
        timeLimit ?? instance.timeLimit.map(TimeBudget.duration) ?? .seconds(30)
    }

    // MARK: Typed entry points

    /// A checked placement, or why there is none. `interruption` ends the search early and keeps its
    /// best placement (reported as interrupted); cancelling the task abandons it.
    public func solve(
        _ instance: Instance, objective: Objective? = nil, mode: PlacementMode = .auto,
        interruption: CancellationToken? = nil, progress: (@Sendable (SolveProgress) -> Void)? = nil
    ) async throws -> PlacementOutcome {
        let token = CancellationToken()
        let clock = Clock(limit: limit(for: instance), progress: progress)
        var options = PlacementOptions(objective: objective, timeLimit: clock.limit, mode: mode)
        options.relativeGap = relativeGap
        options.logger = logger
        // Either stops the solver: the job's own token (cancel) or the caller's (interrupt, keep the best).
        options.cancellation = interruption.map { CancellationToken(any: [token, $0]) } ?? token
        options.onStage = { clock.report(SolveProgress.Phase($0)) }
        options.onSearchProgress = { event in
            clock.report(.mip, incumbent: event.incumbent, bound: event.bestBound, gap: event.gap)
        }
        let configured = options
        clock.report(.preparing)
        let outcome = try await BlockingWork.run(cancelling: token) { () throws(PlacementError) -> PlacementOutcome in
            try PlacementSolver(options: configured).solve(instance)
        }
        if case .placed(let result) = outcome { clock.report(.placed, incumbent: result.objectiveValue, bound: result.bestBound, gap: result.gap) }
        clock.report(.done)
        return outcome
    }

    /// A workflow's report (`.plan`, `.replan`, `.drain`, …); its failures throw ``WorkflowError``.
    public func run(
        _ workflow: Workflow, on instance: Instance, interruption: CancellationToken? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil
    ) async throws -> WorkflowReport {
        try await workflowCall(on: instance, interruption: interruption, progress: progress) { options throws(WorkflowError) in
            try workflow.run(on: instance, options: options)
        }
    }

    /// A capacity question's answer; its failures throw ``WorkflowError``.
    public func whatIf(
        _ instance: Instance, _ request: WhatIf.Request, interruption: CancellationToken? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil
    ) async throws -> WhatIf.Report {
        try await workflowCall(on: instance, interruption: interruption, progress: progress) { options throws(WorkflowError) in
            try WhatIf.run(instance, request, options: options)
        }
    }

    /// `plan` checked at every instant (towards the state it leads to) and simulated.
    public func simulate(_ instance: Instance, _ plan: MigrationPlan) async throws -> (simulation: SimulationResult, violations: [Violation]) {
        try await BlockingWork.run(cancelling: CancellationToken()) {
            (PlanSimulator(instance: instance).simulate(plan), PlanChecker.check(instance, plan: plan))
        }
    }

    /// Runs `body` on its own thread under workflow options built for this engine: the deadline
    /// from the limit, cancellation by the task, interruption by the caller, throttled progress.
    private func workflowCall<T: Sendable>(
        on instance: Instance, interruption: CancellationToken?, progress: (@Sendable (SolveProgress) -> Void)?,
        _ body: @escaping @Sendable (WorkflowOptions) throws(WorkflowError) -> T
    ) async throws -> T {
        let token = CancellationToken()
        let clock = Clock(limit: limit(for: instance), progress: progress)
        let options = workflowOptions(clock: clock, cancellation: token, interruption: interruption)
        clock.report(.preparing)
        let answer = try await BlockingWork.run(cancelling: token) { () throws(WorkflowError) -> T in try body(options) }
        clock.report(.done)
        return answer
    }

    // MARK: The contract

    /// Answers `request` as a ``BerthResult``: every outcome (infeasible, unknown, bad input,
    /// internal error) is a status, never an error; only cancellation throws (`CancellationError`).
    public func result(
        for request: BerthRequest, interruption: CancellationToken? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil
    ) async throws -> BerthResult {
        let command = request.command
        let issues = InstanceValidation.issues(in: request.instance)
        guard issues.isEmpty else { return BerthResult(command: command, InputError(file: nil, issues: issues)) }
        do {
            switch request {
            case .solve(let instance, let objective, let mode):
                return BerthResult(command: command,
                                   try await solve(instance, objective: objective, mode: mode, interruption: interruption, progress: progress))
            case .workflow(let workflow, let instance):
                return BerthResult(try await run(workflow, on: instance, interruption: interruption, progress: progress))
            case .whatIf(let instance, let whatIf):
                return BerthResult(try await self.whatIf(instance, whatIf, interruption: interruption, progress: progress))
            case .simulate(let instance, let plan):
                let (simulation, violations) = try await simulate(instance, plan)
                return BerthResult(simulated: plan, violations: violations, simulation: simulation, constraints: instance.constraints.count)
            case .check(let instance, let placement):
                let violations = PlacementChecker.check(instance, placement)
                return BerthResult(checked: placement, violations: violations, constraints: instance.constraints.count)
            }
        } catch let error as CancellationError {
            throw error
        } catch let error as WorkflowError {
            if case .cancelled = error { throw CancellationError() }
            return BerthResult(command: command, error)
        } catch let error as PlacementError {
            return BerthResult(command: command, error)
        } catch {
            var result = BerthResult(command: command, status: .error)
            result.message = "internal error: \(error)"
            return result
        }
    }

    /// Starts `request` and hands back its progress stream and its result at once.
    public func start(_ request: BerthRequest) -> BerthJob {
        let (events, continuation) = AsyncStream<SolveProgress>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let interruption = CancellationToken()
        let task = Task { () async throws -> BerthResult in
            defer { continuation.finish() }
            return try await result(for: request, interruption: interruption) { continuation.yield($0) }
        }
        return BerthJob(progress: events, result: task, interruption: interruption)
    }

    private func workflowOptions(clock: Clock, cancellation: CancellationToken, interruption: CancellationToken?) -> WorkflowOptions {
        var options = WorkflowOptions(timeLimit: nil)
        options.deadline = clock.start + clock.limit * 0.97
        options.maxUtilization = maxUtilization
        options.repairViolations = repairViolations
        options.logger = logger
        options.cancellation = cancellation
        options.interruption = interruption
        options.progress = { clock.report($0) }
        return options
    }
}

/// A request started by ``BerthEngine/start(_:)``.
public struct BerthJob: Sendable {
    /// Progress, at most ~10 events a second plus every phase change; finishes with the request.
    public let progress: AsyncStream<SolveProgress>
    /// The answer; throws only `CancellationError`.
    public let result: Task<BerthResult, any Error>
    let interruption: CancellationToken

    /// Abandons the request: `result` throws `CancellationError` at once and the solver stops.
    public func cancel() { result.cancel() }

    /// Ends the search early and keeps its best answer (status `feasible`, `interrupted: true`),
    /// as SIGINT does on the command line.
    public func interrupt() { interruption.cancel() }
}

extension BerthEngine {
    /// Elapsed time against the limit, and the throttle every report goes through.
    final class Clock: Sendable {
        let start = ContinuousClock.now
        let limit: Duration
        private let throttle: ProgressThrottle?

        init(limit: Duration, progress: (@Sendable (SolveProgress) -> Void)?) {
            self.limit = limit
            throttle = progress.map { ProgressThrottle($0) }
        }

        func report(_ phase: SolveProgress.Phase, incumbent: Double? = nil, bound: Double? = nil, gap: Double? = nil, detail: String? = nil) {
            throttle?.report(SolveProgress(phase: phase, elapsed: ContinuousClock.now - start, timeLimit: limit,
                                           incumbent: incumbent, bound: bound, gap: gap, detail: detail))
        }

        func report(_ event: WorkflowEvent) {
            switch event {
            case .solving: report(.preparing, detail: event.description)
            case .stage(let stage): report(SolveProgress.Phase(stage))
            case .searching(_, let incumbent, let bound, let gap): report(.mip, incumbent: incumbent, bound: bound, gap: gap)
            case .placed: report(.placed, detail: event.description)
            case .scheduling: report(.scheduling, detail: event.description)
            case .scheduled: report(.simulating, detail: event.description)
            case .simulated: report(.simulating, detail: event.description)
            }
        }
    }
}

extension SolveProgress.Phase {
    init(_ stage: PlacementStage) {
        switch stage {
        case .heuristics: self = .heuristics
        case .partitions: self = .partitions
        case .mip: self = .mip
        case .explaining: self = .explaining
        }
    }
}

extension Workflow {
    /// The command name: `plan`, `drain`, `hotspots`, … .
    public var name: String {
        switch self {
        case .plan: "plan"
        case .replan: "replan"
        case .drain: "drain"
        case .undrain: "undrain"
        case .consolidate: "consolidate"
        case .refresh: "refresh"
        case .balance: "balance"
        case .hotSpots: "hotspots"
        case .evacuate: "evacuate"
        }
    }
}
