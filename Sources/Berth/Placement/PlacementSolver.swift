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
    /// Heuristics only (portfolio + local search), no MIP: fastest; never claims optimality.
    case heuristic
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
    /// Seed of the randomised improvement (large-neighbourhood search): same seed, same choices.
    public var seed: UInt64 = 1

    /// `(free VMs) × hosts` above which `auto` switches to repair mode.
    public static let repairThreshold = 20_000
    /// Estimated MIP columns (pinned VMs + free VMs × hosts + hosts) above which the MIP is skipped
    /// and the heuristic placement is returned: GLPK's LP alone takes tens of seconds past ~10⁵.
    public var mipColumnLimit = 60_000

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

/// Places VMs: heuristic portfolio (warm start and fallback), GLPK MIP under a time limit, independent check, and an
/// explanation when nothing fits.
public struct PlacementSolver: Sendable {
    public var options: PlacementOptions
    /// Large-neighbourhood search is off inside its own sub-problems.
    private let allowLNS: Bool

    public init(options: PlacementOptions = PlacementOptions()) {
        self.options = options
        allowLNS = true
    }

    init(options: PlacementOptions, allowLNS: Bool) {
        self.options = options
        self.allowLNS = allowLNS
    }

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
        let repair = options.mode == .repair
            || ((options.mode == .auto || options.mode == .heuristic) && pairs > PlacementOptions.repairThreshold)

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
        let clock = ContinuousClock()
        let pinned = repair ? RepairScope(problem: problem, objective: objective).pinnedVMs() : []

        let freeVMs = problem.running.count - pinned.count
        let columns = pinned.count + freeVMs * max(1, problem.hostIDs.count) + problem.hostIDs.count
        let skipMIP = options.mode == .heuristic || columns > options.mipColumnLimit

        // Heuristics first: the portfolio, then local search and, when no MIP follows, LNS (minHosts).
        let heuristicDeadline = skipMIP ? deadline - (deadline - start) / 20 : start + (deadline - start) / 4
        let context = PackingContext(problem: problem, objective: objective)
        let candidates = PackingPortfolio(context: context).candidates().sorted { $0.score < $1.score }
        var heuristic = candidates.first
        if var improved = heuristic, objective == .minHosts {
            HostEmptying(context: context).improve(&improved.state, deadline: heuristicDeadline, cancellation: options.cancellation)
            var name = improved.name + "+ls"
            let atBound = context.score(improved.state.placement).primary <= CombinatorialBound.hosts(problem)
            if allowLNS && !atBound {
                // Switch hosts off by ejection search, which finds the last host or two that the MIP
                // rarely reaches in time; without a MIP, in the first half of the time left, before LNS.
                var emptying = BinEmptyingSearch(context: context)
                emptying.seed = options.seed
                emptying.floor = Int(CombinatorialBound.hosts(problem).rounded(.up))
                let until = skipMIP ? clock.now + (heuristicDeadline - clock.now) / 2 : heuristicDeadline
                if emptying.improve(&improved.state, deadline: until, cancellation: options.cancellation) > 0 { name += "+ej" }
            }
            if skipMIP && allowLNS && !atBound {
                var lns = LargeNeighbourhoodSearch(context: context)
                lns.seed = options.seed
                if lns.improve(&improved.state, deadline: heuristicDeadline, cancellation: options.cancellation) > 0 { name += "+lns" }
            }
            let placement = improved.state.placement
            if PlacementChecker.check(instance, placement).isEmpty {
                let score = context.score(placement)
                if score < improved.score { heuristic = HeuristicPlacement(name: name, state: improved.state, placement: placement, score: score) }
            }
        }
        if let found = heuristic {
            options.logger?.debug("heuristic \(found.name): \(found.score) in \(format(start.duration(to: .now).inSeconds)) s")
        }

        // Above the size threshold, independent sub-problems small enough for the MIP are solved
        // apart, concurrently; the merge replaces the heuristic placement when it scores better.
        if let found = heuristic, skipMIP, options.mode != .heuristic, allowLNS {
            let formulationDomains = PackingContext.pinnedDomains(problem, pinned: pinned)
            let free = problem.running.filter { !pinned.contains($0) }
            let parts = IndependentSubproblems.split(problem, domains: formulationDomains, free: free)
            let fits = parts.allSatisfy { $0.vms.count * $0.hosts.count + $0.hosts.count <= options.mipColumnLimit }
            if parts.count > 1, fits, deadline > clock.now,
                let merged = PartitionedSolve(problem: problem, objective: objective, pinned: pinned, parts: parts)
                    .solve(base: found.placement, deadline: deadline - (deadline - clock.now) / 10)
            {
                let score = context.score(merged)
                if score < found.score || !(found.score < score) {
                    options.logger?.debug("\(parts.count) independent sub-problems solved by the MIP: \(score)")
                    heuristic = HeuristicPlacement(name: "mip-on-\(parts.count)-independent-parts", state: found.state, placement: merged, score: score)
                }
            }
        }

        // Above the size threshold the MIP would not pay: return the heuristic placement.
        if let found = heuristic, skipMIP {
            return .placed(heuristicResult(found, problem: problem, objective: objective, repair: repair,
                freeVMs: freeVMs, start: start, mipBound: nil, note: options.mode == .heuristic
                    ? "heuristic mode: the MIP was not run"
                    : "\(columns) estimated MIP columns exceed the limit (\(options.mipColumnLimit)); heuristic placement returned"))
        }

        let formulation = PlacementFormulation(problem: problem, selection: .all(instance), pinned: pinned, objective: objective)
        if !formulation.encoding.domains.emptyDomains.isEmpty { return .infeasible }
        let model = formulation.model
        if let path = options.lpPath {
            do { try model.writeLP(to: path) } catch { throw .solver(error) }
        }

        // Warm start: the best heuristic placements, completed into a full MIP vector.
        var warm: (placement: Placement, values: [Double], objective: Double, name: String)?
        for candidate in ([heuristic].compactMap { $0 } + candidates).prefix(3) {
            let placement = formulation.canonical(candidate.placement)
            guard PlacementChecker.check(instance, placement).isEmpty, let fixed = formulation.fixing(to: placement) else { continue }
            let budget = min(Duration.seconds(2), (deadline - clock.now) / 4)
            guard budget > .zero,
                let completed = try? GLPKSolver().solve(fixed, parameters: SolveParameters(timeLimit: budget)),
                completed.status.hasSolution, let value = completed.objective
            else { continue }
            if warm == nil || value < warm!.objective - 1e-9 { warm = (placement, completed.values, value, candidate.name) }
        }

        var parameters = SolveParameters(timeLimit: max(.milliseconds(1), deadline - clock.now))
        parameters.relativeGap = options.relativeGap
        parameters.incumbent = warm?.values
        parameters.logger = options.logger
        parameters.cancellation = options.cancellation
        if let report = options.onSearchProgress { parameters.onBranchAndCut = { report($0); return BranchAndCutReply() } }
        let result: SolveResult
        do { result = try GLPKSolver().solve(model, parameters: parameters) } catch { throw .solver(error) }
        options.logger?.debug("placement MIP: \(model.variableCount) columns, \(model.constraintCount) rows, status \(result.status)")

        let placement: Placement
        let value: Double
        var notes = result.notes
        switch result.status {
        case .infeasible:
            return .infeasible
        case .unbounded:
            throw .internalInconsistency("the placement MIP is unbounded")
        case .optimal, .feasible:
            placement = formulation.placement(from: result.values)
            value = result.objective ?? model.objectiveValue(result.values)
        case .noSolution(let limit):
            if let warm {
                placement = warm.placement
                value = warm.objective
                notes.append("the MIP found no better solution in time; returning the \(warm.name) placement")
                break
            }
            if let found = heuristic {
                return .placed(heuristicResult(found, problem: problem, objective: objective, repair: repair,
                    freeVMs: freeVMs, start: start, mipBound: nil,
                    note: "the MIP found no solution in time; returning the \(found.name) heuristic placement"))
            }
            if limit == .interrupted { throw .internalInconsistency("cancelled before any placement was found") }
            throw .internalInconsistency(
                "no placement found within the time limit (\(format(start.duration(to: .now).inSeconds)) s); raise --time-limit")
        }
        // The MIP's incumbent is its own only if it beat the warm start.
        let source: PlacementSource = warm.map { abs($0.objective - value) < 1e-9 && $0.placement == placement } == true
            && result.status != .optimal ? .heuristic : .mip

        let violations = PlacementChecker.check(instance, placement)
        guard violations.isEmpty else { throw .checkFailed(source: source, violations: violations) }

        let limit: SolveLimit? = switch result.status {
        case .feasible(let limit), .noSolution(let limit): limit
        default: nil
        }
        var bound = result.bestBound ?? CombinatorialBound.primary(problem, objective: objective)
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
            freeVMs: freeVMs, repairMode: repair,
            warmStart: warm?.name, violations: violations, notes: notes))
    }

    /// A heuristic placement as a result: never optimal, with the combinatorial bound on the
    /// heuristic's primary measure (hosts on, moved memory or peak utilisation) and the gap to it.
    private func heuristicResult(
        _ found: HeuristicPlacement, problem: PlacementProblem, objective: Objective, repair: Bool,
        freeVMs: Int, start: ContinuousClock.Instant, mipBound: Double?, note: String
    ) -> PlacementResult {
        let value = found.score.primary
        let bound = min(value, mipBound ?? CombinatorialBound.primary(problem, objective: objective))
        let gap = value > 1e-12 ? (value - bound) / value : 0
        return PlacementResult(
            instance: problem.instance, objective: objective, placement: found.placement,
            isOptimal: false, limit: .time, source: .heuristic,
            objectiveValue: value, bestBound: bound, gap: gap,
            solveSeconds: start.duration(to: .now).inSeconds, mipSize: MIPSize(columns: 0, rows: 0, nonzeros: 0, integerColumns: 0),
            freeVMs: freeVMs, repairMode: repair, warmStart: nil, violations: [],
            notes: [note, "heuristic \(found.name); objective and bound measure \(HeuristicMeasure.name(objective)), not the MIP's weighted objective"])
    }
}

/// What `PlacementScore.primary` measures, for reports.
enum HeuristicMeasure {
    static func name(_ objective: Objective) -> String {
        switch objective {
        case .minHosts: "hosts on"
        case .minMigrations: "migrated memory (MiB, 1 per VM without a size)"
        case .balance: "peak utilisation"
        case .minCost: "soft rules' costs"
        }
    }
}
