import BerthMIP
import Logging

/// Which VMs get free variables.
public enum PlacementMode: String, Sendable, Codable, CaseIterable {
    /// Repair for large instances, rebuild otherwise.
    case auto
    /// Only misplaced VMs (and, for `minHosts`/`balance`, those on hosts worth emptying or unloading) move.
    case repair
    /// Every running VM may move.
    case rebuild
}

/// Options of a placement solve.
public struct PlacementOptions: Sendable {
    /// Overrides the instance's objective.
    public var objective: Objective?
    /// Seconds for the whole solve, explanation included; overrides the instance's limit (default 30 s).
    public var timeLimit: Double?
    public var mode: PlacementMode = .auto
    /// Relative MIP gap at which the search may stop.
    public var relativeGap: Double = 0
    /// Writes the MIP as a CPLEX LP file, for debugging.
    public var lpPath: String?
    public var logger: Logger?
    public var cancellation: CancellationToken?
    /// Called at each branch-and-cut callback of the placement MIP (elapsed, incumbent, bound, gap), on the solving thread.
    public var onSearchProgress: (@Sendable (BranchAndCutEvent) -> Void)?

    /// `(free VMs) × hosts` above which `auto` switches to repair mode.
    public static let repairThreshold = 20_000

    public init(objective: Objective? = nil, timeLimit: Double? = nil, mode: PlacementMode = .auto) {
        self.objective = objective
        self.timeLimit = timeLimit
        self.mode = mode
    }
}

/// What a placement solve concluded.
public enum PlacementOutcome: Sendable {
    /// A checked placement.
    case placed(PlacementResult)
    /// No placement exists; here is why.
    case infeasible(InfeasibilityReport)
}

/// Failures that are Berth's fault or GLPK's, never the user's.
public enum PlacementError: Error, Sendable, CustomStringConvertible {
    /// The independent checker rejected a placement the solver produced: a solver bug.
    case checkFailed(source: PlacementSource, violations: [Violation])
    case solver(GLPKError)
    case internalInconsistency(String)
    /// The instance is malformed (unknown ids, duplicate ids, …): the user's input, reported with paths.
    case invalidInstance(InputError)
    /// No placement exists (thrown by `PlacementSolver.place`; `solve` returns it as an outcome).
    case infeasible(InfeasibilityReport)

    public var description: String {
        switch self {
        case .invalidInstance(let error): "invalid instance:\n\(error)"
        case .infeasible(let report):
            "infeasible: " + report.conflicts.map(\.id).joined(separator: ", ") + "\n" + report.explanation.joined(separator: "\n")
        case .checkFailed(let source, let violations):
            "internal error: the \(source.rawValue) placement failed the independent check:\n"
                + violations.map { "  \($0)" }.joined(separator: "\n")
        case .solver(let error): "solver error: \(error)"
        case .internalInconsistency(let text): "internal error: \(text)"
        }
    }
}

/// Places VMs: greedy warm start, GLPK MIP under a time limit, independent check, and an
/// explanation when nothing fits.
public struct PlacementSolver: Sendable {
    public var options: PlacementOptions

    public init(options: PlacementOptions = PlacementOptions()) { self.options = options }

    /// A checked placement, or a typed error: `.infeasible` carries the conflicting constraints.
    public func place(_ instance: Instance) throws(PlacementError) -> PlacementResult {
        switch try solve(instance) {
        case .placed(let result): return result
        case .infeasible(let report): throw .infeasible(report)
        }
    }

    /// Validates, places and checks; an impossible request is an outcome with its explanation.
    public func solve(_ instance: Instance) throws(PlacementError) -> PlacementOutcome {
        let issues = InstanceValidation.issues(in: instance)
        guard issues.isEmpty else { throw .invalidInstance(InputError(file: nil, issues: issues)) }
        let clock = ContinuousClock()
        let start = clock.now
        let seconds = options.timeLimit ?? instance.timeLimit ?? 30
        let deadline = start + .milliseconds(Int64((seconds * 1000).rounded()))
        let objective = options.objective ?? instance.objective
        let problem = PlacementProblem(instance)
        let pairs = problem.running.count * max(1, problem.hostIDs.count)
        let repair = options.mode == .repair || (options.mode == .auto && pairs > PlacementOptions.repairThreshold)

        var attempt = try solve(problem, objective: objective, repair: repair, start: start, deadline: deadline)
        if case .infeasible = attempt, repair, clock.now < deadline {
            options.logger?.debug("repair mode found no placement; retrying with every VM free")
            attempt = try solve(problem, objective: objective, repair: false, start: start, deadline: deadline)
        }
        switch attempt {
        case .placed(let result):
            return .placed(result)
        case .infeasible:
            return .infeasible(InfeasibilityExplainer(problem: problem, deadline: deadline).explain())
        }
    }

    private enum Attempt {
        case placed(PlacementResult)
        case infeasible
    }

    private func solve(
        _ problem: PlacementProblem, objective: Objective, repair: Bool,
        start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) throws(PlacementError) -> Attempt {
        let instance = problem.instance
        let pinned = repair ? RepairScope(problem: problem, objective: objective).pinnedVMs() : []
        let formulation = PlacementFormulation(problem: problem, selection: .all(instance), pinned: pinned, objective: objective)
        if !formulation.encoding.domains.emptyDomains.isEmpty { return .infeasible }
        let model = formulation.model
        if let path = options.lpPath {
            do { try model.writeLP(to: path) } catch { throw .solver(error) }
        }

        // Warm start: the best valid greedy placement, completed into a full MIP vector.
        var warm: (placement: Placement, values: [Double], objective: Double, name: String)?
        let greedy = GreedyPlacement(formulation: formulation)
        for strategy in GreedyPlacement.Strategy.allCases {
            guard let candidate = greedy.place(strategy).map(formulation.canonical),
                PlacementChecker.check(instance, candidate).isEmpty,
                let fixed = formulation.fixing(to: candidate)
            else { continue }
            let budget = min(Duration.seconds(2), (deadline - .now) / 4)
            guard budget > .zero,
                let completed = try? GLPKSolver().solve(fixed, parameters: SolveParameters(timeLimit: budget)),
                completed.status.hasSolution, let value = completed.objective
            else { continue }
            if warm == nil || value < warm!.objective - 1e-9 {
                warm = (candidate, completed.values, value, "greedy-\(strategy)")
            }
        }

        var parameters = SolveParameters(timeLimit: max(.milliseconds(1), deadline - .now))
        parameters.relativeGap = options.relativeGap
        parameters.incumbent = warm?.values
        parameters.logger = options.logger
        parameters.cancellation = options.cancellation
        if let report = options.onSearchProgress { parameters.onBranchAndCut = { report($0); return BranchAndCutReply() } }
        let result: SolveResult
        do { result = try GLPKSolver().solve(model, parameters: parameters) } catch { throw .solver(error) }
        options.logger?.debug("placement MIP: \(model.variableCount) columns, \(model.constraintCount) rows, status \(result.status)")

        let placement: Placement
        let source: PlacementSource
        let value: Double
        var notes = result.notes
        switch result.status {
        case .infeasible:
            return .infeasible
        case .unbounded:
            throw .internalInconsistency("the placement MIP is unbounded")
        case .optimal, .feasible:
            placement = formulation.placement(from: result.values)
            source = .mip
            value = result.objective ?? model.objectiveValue(result.values)
        case .noSolution(let limit):
            guard let warm else {
                if limit == .interrupted { throw .internalInconsistency("cancelled before any placement was found") }
                throw .internalInconsistency(
                    "no placement found within the time limit (\(format(start.duration(to: .now).inSeconds)) s); raise --time-limit")
            }
            placement = warm.placement
            source = .heuristic
            value = warm.objective
            notes.append("the MIP found no solution in time; returning the \(warm.name) placement")
        }

        let violations = PlacementChecker.check(instance, placement)
        guard violations.isEmpty else { throw .checkFailed(source: source, violations: violations) }

        let limit: SolveLimit? = switch result.status {
        case .feasible(let limit), .noSolution(let limit): limit
        default: nil
        }
        var bound = result.bestBound ?? CombinatorialBound(formulation: formulation).value(for: objective)
        if bound > value { bound = value }  // a bound past the incumbent would be a GLPK rounding artefact
        let gap = abs(value - bound) / max(1e-9, abs(value))
        let mipSize = MIPSize(
            columns: model.variableCount, rows: model.constraintCount, nonzeros: model.nonzeroCount,
            integerColumns: model.variables.filter { $0.kind != .continuous }.count)
        return .placed(PlacementResult(
            instance: instance, objective: objective, placement: placement,
            isOptimal: result.status == .optimal, limit: limit, source: source,
            objectiveValue: value, bestBound: bound, gap: result.status == .optimal ? 0 : gap,
            solveSeconds: start.duration(to: .now).inSeconds, mipSize: mipSize,
            freeVMs: problem.running.count - pinned.count, repairMode: repair,
            warmStart: warm?.name, violations: violations, notes: notes))
    }
}
