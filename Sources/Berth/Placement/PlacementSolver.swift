import Foundation
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
    /// `(free VMs) × hosts` above which the MIP is not even built (classes rarely shrink it enough).
    public static let formulationPairLimit = 2_000_000
    /// MIP columns above which the tie-break phase keeps the hosts of the placement found (on stays on, off stays off).
    static let fullSecondPhaseColumns = 3_000
    /// GLPK cuts for the tie-break phase: all four families (measured on the generated clusters: Gomory's
    /// cuts prove the migrations optimal where none did, MIR and cover cuts lower them further).
    /// BERTH_CUTS2=bits overrides, for measurements.
    static let phase2Cuts = cuts(overriddenBy: "BERTH_CUTS2", else: .all)
    /// GLPK cuts for the primary phase (BERTH_CUTS=bits overrides, for measurements).
    static let phase1Cuts = cuts(overriddenBy: "BERTH_CUTS", else: [])

    private static func cuts(overriddenBy variable: String, else fallback: CutFamilies) -> CutFamilies {
        guard let text = ProcessInfo.processInfo.environment[variable], let bits = Int(text) else { return fallback }
        return CutFamilies(rawValue: bits & 15)
    }
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
    /// Neither a placement nor a proof that none exists within the time limit; the rules that the
    /// current placement breaks are the suspects.
    case unknown(UnknownReport)
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
    /// Nothing found in time, nothing proven (thrown by `PlacementSolver.place`).
    case unknown(UnknownReport)

    public var description: String {
        switch self {
        case .invalidInstance(let error): "invalid instance:\n\(error)"
        case .infeasible(let report):
            "infeasible: " + report.conflicts.map(\.id).joined(separator: ", ") + "\n" + report.explanation.joined(separator: "\n")
        case .unknown(let report): UnknownText.render(report)
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
        case .unknown(let report): throw .unknown(report)
        }
    }

    /// Validates, places and checks; an impossible request is an outcome with its explanation.
    public func solve(_ instance: Instance) throws(PlacementError) -> PlacementOutcome {
        let issues = InstanceValidation.issues(in: instance)
        guard issues.isEmpty else { throw .invalidInstance(InputError(file: nil, issues: issues)) }
        let clock = ContinuousClock()
        let start = clock.now
        let seconds = options.timeLimit ?? instance.timeLimit ?? 30
        let deadline = start + TimeBudget.duration(seconds)
        let objective = options.objective ?? instance.objective
        let problem = PlacementProblem(instance)
        // Contradictions visible from the rules alone need no search.
        if let report = RulePresolve(problem: problem).contradiction() { return .infeasible(report) }
        let pairs = problem.running.count * max(1, problem.hostIDs.count)
        var repair = options.mode == .repair
            || ((options.mode == .auto || options.mode == .heuristic) && pairs > PlacementOptions.repairThreshold)
        // Counting interchangeable VMs often brings the whole problem within the MIP's reach: then every VM may move.
        if repair, options.mode == .auto, pairs <= PlacementOptions.formulationPairLimit {
            let selection = RuleSelection.all(instance)
            let domains = PlacementDomains(problem: problem, selection: selection)
            let classes = VMClass.classes(problem: problem, domains: domains, selection: selection)
            if VMClass.estimatedColumns(problem: problem, domains: domains, classes: classes) <= options.mipColumnLimit / 2 { repair = false }
        }

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
        case .unknown(let reason):
            return .unknown(UnknownReport(problem: problem, reason: reason))
        }
    }

    private enum Attempt {
        case placed(PlacementResult)
        case infeasible
        /// Neither a placement nor a proof that none exists.
        case unknown(String)
    }

    private func solve(
        _ problem: PlacementProblem, objective: Objective, repair: Bool,
        start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) throws(PlacementError) -> Attempt {
        let clock = ContinuousClock()
        let pinned = repair ? RepairScope(problem: problem, objective: objective).pinnedVMs() : []
        let freeVMs = problem.running.count - pinned.count
        options.logger?.debug("\(freeVMs) free VMs (repair mode: \(repair)) at \(format(start.duration(to: .now).inSeconds)) s")

        // The MIP, with interchangeable VMs counted per host, when it is small enough to pay.
        var formulation: PlacementFormulation?
        var skipNote = "heuristic mode: the MIP was not run"
        if options.mode != .heuristic {
            if freeVMs * max(1, problem.hostIDs.count) > PlacementOptions.formulationPairLimit {
                skipNote = "\(freeVMs) free VMs × \(problem.hostIDs.count) hosts exceed the MIP's reach; heuristic placement returned"
            } else {
                // Counted before building: a model past the limit is never materialised.
                let selection = RuleSelection.all(problem.instance)
                let domains = PackingContext.pinnedDomains(problem, pinned: pinned)
                let classes = VMClass.classes(problem: problem, domains: domains, selection: selection)
                let columns = VMClass.estimatedColumns(problem: problem, domains: domains, classes: classes)
                if columns <= options.mipColumnLimit {
                    formulation = PlacementFormulation(problem: problem, selection: selection, pinned: pinned,
                        objective: objective, classes: classes)
                } else {
                    skipNote = "\(columns) MIP columns exceed the limit (\(options.mipColumnLimit)); heuristic placement returned"
                }
            }
        }
        if let formulation, let path = options.lpPath {
            do { try formulation.model.writeLP(to: path) } catch { throw .solver(error) }
        }
        let skipMIP = formulation == nil

        // Heuristics first: every stage offers its placement to one incumbent, the best checked one.
        let context = PackingContext(problem: problem, objective: objective)
        var incumbent = Incumbent(context: context)
        var portfolio = PackingPortfolio(context: context)
        portfolio.deadline = start + (deadline - start) / 2
        let candidates = portfolio.candidates().sorted { $0.score < $1.score }
        options.logger?.debug("packers: \(candidates.map(\.name).joined(separator: ", ")) at \(format(start.duration(to: .now).inSeconds)) s")
        for candidate in candidates { incumbent.offer(candidate) }
        let heuristicDeadline = skipMIP ? deadline - (deadline - start) / 20 : start + (deadline - start) / 4
        // minHosts: emptying hosts from the current placement moves only the VMs of the hosts it
        // empties, so it runs on the repair placement too (first half of the time), beside the best packing.
        let repaired = context.objective == .minHosts ? candidates.first { $0.name == "repair" } : nil
        if let repaired, repaired.name != incumbent.best?.name {
            var fromRepair = Incumbent(context: context)
            fromRepair.offer(repaired)
            let half = ContinuousClock.now + (heuristicDeadline - ContinuousClock.now) / 2
            improveHeuristically(&fromRepair, context: context, skipMIP: skipMIP, deadline: half)
            improveHeuristically(&incumbent, context: context, skipMIP: skipMIP, deadline: heuristicDeadline)
            if let found = fromRepair.best { incumbent.offer(found) }
        } else {
            improveHeuristically(&incumbent, context: context, skipMIP: skipMIP, deadline: heuristicDeadline)
        }
        if let found = incumbent.best {
            options.logger?.debug("heuristic \(found.name): \(found.score) in \(format(start.duration(to: .now).inSeconds)) s")
        }

        // Above the size threshold, independent sub-problems small enough for the MIP are solved
        // apart, concurrently; the merge replaces the heuristic placement when it scores better.
        if let found = incumbent.best, skipMIP, options.mode != .heuristic, allowLNS {
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
                    incumbent.best = HeuristicPlacement(name: "mip-on-\(parts.count)-independent-parts", state: found.state, placement: merged, score: score)
                }
            }
        }

        guard let formulation else {
            guard let found = incumbent.best else {
                return .unknown("no heuristic placed every VM, and the MIP was not run (\(skipNote))")
            }
            return .placed(heuristicResult(found, problem: problem, objective: objective, repair: repair,
                freeVMs: freeVMs, start: start, mipBound: nil, note: skipNote))
        }
        if !formulation.encoding.domains.emptyDomains.isEmpty { return .infeasible }
        return try solveMIP(formulation, incumbent: incumbent, problem: problem, objective: objective, repair: repair,
            freeVMs: freeVMs, start: start, deadline: deadline)
    }

    /// The objective's own local search on the incumbent: host emptying, ejection search and LNS
    /// for `minHosts`, load levelling for `balance`, fewer moves for `minMigrations`.
    private func improveHeuristically(
        _ incumbent: inout Incumbent, context: PackingContext, skipMIP: Bool, deadline: ContinuousClock.Instant
    ) {
        guard var improved = incumbent.best else { return }
        let problem = context.problem
        var name = improved.name
        switch context.objective {
        case .minHosts:
            HostEmptying(context: context).improve(&improved.state, deadline: deadline, cancellation: options.cancellation)
            name += "+ls"
            let atBound = context.score(improved.state.placement).primary <= CombinatorialBound.hosts(problem)
            if allowLNS && !atBound {
                // Switch hosts off by ejection search, which finds the last host or two that the MIP
                // rarely reaches in time; without a MIP, in the first half of the time left, before LNS.
                var emptying = BinEmptyingSearch(context: context)
                emptying.seed = options.seed
                emptying.floor = Int(CombinatorialBound.hosts(problem).rounded(.up))
                let until = skipMIP ? ContinuousClock.now + (deadline - ContinuousClock.now) / 2 : deadline
                if emptying.improve(&improved.state, deadline: until, cancellation: options.cancellation) > 0 { name += "+ej" }
            }
            if skipMIP && allowLNS && !atBound {
                var lns = LargeNeighbourhoodSearch(context: context)
                lns.seed = options.seed
                if lns.improve(&improved.state, deadline: deadline, cancellation: options.cancellation) > 0 { name += "+lns" }
            }
        case .balance:
            if BalanceSearch(context: context).improve(&improved.state, deadline: deadline, cancellation: options.cancellation) > 0 {
                name += "+level"
            }
        case .minMigrations, .minCost:
            break
        }
        if MoveTrim(context: context).improve(&improved.state, deadline: deadline, cancellation: options.cancellation) > 0 {
            name += "+trim"
        }
        incumbent.offer(state: improved.state, name: name)
    }

    /// Lexicographic MIP: the primary objective first (warm-started from the incumbent), then, with
    /// it held, the tie-breakers; the result is the best checked placement of every stage.
    private func solveMIP(
        _ formulation: PlacementFormulation, incumbent: Incumbent, problem: PlacementProblem, objective: Objective,
        repair: Bool, freeVMs: Int, start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) throws(PlacementError) -> Attempt {
        var incumbent = incumbent
        let instance = problem.instance
        let clock = ContinuousClock()
        let model = formulation.model
        let integral = formulation.primaryIsIntegral
        func proven(_ value: Double, _ bound: Double?) -> Bool {
            bound.map { Self.meets(value, $0, integral: integral) } ?? false
        }

        /// A placement completed into a full vector of `target` (its auxiliary columns solved for).
        func completion(_ placement: Placement, in target: MIPModel) -> [Double]? {
            guard PlacementChecker.check(instance, placement).isEmpty, let fixed = formulation.fixing(to: placement, model: target) else { return nil }
            let budget = min(Duration.seconds(2), (deadline - clock.now) / 4)
            guard budget > .zero, let completed = try? GLPKSolver().solve(fixed, parameters: SolveParameters(timeLimit: budget)),
                completed.status.hasSolution
            else { return nil }
            return completed.values
        }

        // Balance on a model small enough for cuts: descend the peak level by level first (up to
        // 60 % of the time); each step is a small knapsack-like MIP that GLPK settles quickly.
        var descent = PeakDescent.Outcome()
        if objective == .balance, model.variableCount <= PlacementOptions.fullSecondPhaseColumns {
            var search = PeakDescent(formulation: formulation)
            search.logger = options.logger
            search.cancellation = options.cancellation
            descent = search.run(incumbent: &incumbent, deadline: clock.now + (deadline - clock.now) * 6 / 10)
            options.logger?.debug("peak descent: \(descent.steps) steps, peak proven \(descent.primaryProven), moves proven \(descent.tieBreakProven) at \(format(start.duration(to: .now).inSeconds)) s")
        }

        // Warm start: the incumbent with interchangeable hosts in the primary phase's order.
        let phase1Model = formulation.primaryPhaseModel()
        var warm: (values: [Double], name: String)?
        if let best = incumbent.best, let values = completion(formulation.primaryCanonical(best.placement), in: phase1Model) {
            warm = (values, best.name)
        }

        // Phase 1: the primary objective alone. An integral one (hosts on) stops as soon as the
        // incumbent meets the rounded-up bound, which GLPK itself does not notice.
        let hasSecondPhase = formulation.secondary != nil
        let phase1Deadline = clock.now + (deadline - clock.now) * (hasSecondPhase ? 4 : 6) / 10
        var phase1Value = warm.map { model.objectiveValue($0.values) }
        var phase1Bound: Double?
        var phase1Proven = false
        var values = warm?.values
        let combinatorial = CombinatorialBound.primary(problem, objective: objective)
        if descent.primaryProven, let value = phase1Value {
            phase1Bound = value
            phase1Proven = true
        } else if integral, let value = phase1Value, proven(value, combinatorial) {
            phase1Bound = value
            phase1Proven = true
            options.logger?.debug("the incumbent meets the combinatorial bound (\(format(combinatorial))): primary proven")
        } else {
            let result = try primaryPhase(phase1Model, start: warm?.values, until: phase1Deadline, integral: integral)
            options.logger?.debug("placement MIP: \(model.variableCount) columns (\(formulation.encoding.classes.count) VM classes), \(model.constraintCount) rows, status \(result.status)")
            switch result.status {
            case .infeasible:
                // Repair mode pins VMs the heuristics may move: retry with every VM free.
                if incumbent.best == nil || repair { return .infeasible }
                // The MIP disagrees with a checked placement: trust the checker, say so.
                incumbent.notes.append("the MIP reported infeasibility although a checked placement exists; returning it")
            case .unbounded:
                throw .internalInconsistency("the placement MIP is unbounded")
            case .optimal, .feasible:
                values = result.values
                phase1Value = result.objective ?? model.objectiveValue(result.values)
            case .noSolution:
                break
            }
            phase1Bound = result.status == .optimal ? phase1Value : (result.bestBound ?? combinatorial)
            if let value = phase1Value, let bound = phase1Bound {
                phase1Proven = result.status == .optimal || proven(value, bound) || proven(value, combinatorial)
            }
            incumbent.notes += result.notes
        }
        if let values { incumbent.offer(placement: formulation.placement(from: values), name: "mip") }
        // Unproven: large-neighbourhood search on the whole MIP, every rule kept, until the
        // tie-break phase's share of the time.
        if !phase1Proven, allowLNS, let best = incumbent.best, var current = completion(formulation.canonical(best.placement), in: model),
            clock.now < deadline
        {
            let until = hasSecondPhase ? clock.now + (deadline - clock.now) * 6 / 10 : deadline
            var search = MIPNeighbourhoodSearch(formulation: formulation)
            search.seed = options.seed
            let gained = search.improve(&current, incumbent: &incumbent, deadline: until, cancellation: options.cancellation)
            options.logger?.debug("MIP neighbourhoods at \(format(start.duration(to: .now).inSeconds)) s: \(gained) improvements; incumbent \(incumbent.best.map { "\($0.score)" } ?? "none")")
        }

        // Phase 2: hold the primary objective, minimise moved memory (and state changes).
        var phase2Proven = !hasSecondPhase || (descent.primaryProven && descent.tieBreakProven)
        if !phase2Proven, let best = incumbent.best, clock.now < deadline - .milliseconds(50) {
            let start2 = completion(formulation.canonical(best.placement), in: model)
            let value = start2.map(model.objectiveValue) ?? phase1Value ?? .infinity
            if value.isFinite, var second = formulation.secondPhase(primaryAtMost: value) {
                // Unless the primary is proven on a small model, keep the incumbent's hosts on and off:
                // moving fewer VMs among the same hosts is a far smaller problem than the full second phase.
                let fixHosts = !phase1Proven || model.variableCount > PlacementOptions.fullSecondPhaseColumns
                if fixHosts, let start2 {
                    for variable in formulation.encoding.y.compactMap({ $0 }) { second.fix(variable, to: start2[variable.index] > 0.5 ? 1 : 0) }
                }
                // With the primary proven, neighbourhoods of the tie-break model get the last 40 % to
                // trim moves further (measured: unproven, the tie-break MIP makes better use of it).
                let neighbourhoodsAfter = phase1Proven && allowLNS
                let until = neighbourhoodsAfter ? clock.now + (deadline - clock.now) * 6 / 10 : deadline
                // Two runs: with GLPK's presolver first (30 % of the window; it cannot take a starting
                // point, but measured on the generated clusters it settles small tie-breaks in a fraction
                // of a second where the warm-started run ends at its limit), then warm-started from the best so far.
                let presolvedUntil = clock.now + (until - clock.now) * 3 / 10
                for presolved in [true, false] where !phase2Proven && clock.now < until {
                    var parameters = SolveParameters(timeLimit: max(.milliseconds(1), (presolved ? presolvedUntil : until) - clock.now))
                    parameters.relativeGap = options.relativeGap
                    if !presolved {
                        parameters.incumbent = incumbent.best.flatMap { completion(formulation.canonical($0.placement), in: second) } ?? start2
                    }
                    // GLPK checks its time limit between nodes, not inside root cut rounds: cuts on small models only.
                    if model.variableCount <= PlacementOptions.fullSecondPhaseColumns { parameters.cuts = PlacementOptions.phase2Cuts }
                    parameters.logger = options.logger
                    parameters.cancellation = options.cancellation
                    if let report = options.onSearchProgress { parameters.onBranchAndCut = { report($0); return BranchAndCutReply() } }
                    let attempt = Result { () throws(GLPKError) -> SolveResult in try GLPKSolver().solve(second, parameters: parameters) }
                    if case .failure(let error) = attempt { options.logger?.debug("tie-break MIP failed: \(error)") }
                    if case .success(let result) = attempt {
                        if result.status.hasSolution {
                            incumbent.offer(placement: formulation.placement(from: result.values), name: "mip-ties")
                        }
                        phase2Proven = result.status == .optimal
                        options.logger?.debug("tie-break MIP (\(presolved ? "presolved" : "warm-started")): status \(result.status) at \(format(start.duration(to: .now).inSeconds)) s")
                    }
                }
                if neighbourhoodsAfter, !phase2Proven, clock.now < deadline, let best = incumbent.best,
                    var current = completion(formulation.canonical(best.placement), in: model)
                {
                    var search = MIPNeighbourhoodSearch(formulation: formulation)
                    search.seed = options.seed &+ 1
                    if let secondary = formulation.secondary { search.tieBreak = (second, secondary) }
                    search.patience = .max  // the last stage: nothing else would use the time
                    let gained = search.improve(&current, incumbent: &incumbent, deadline: deadline, cancellation: options.cancellation)
                    options.logger?.debug("tie-break neighbourhoods: \(gained) improvements; incumbent \(incumbent.best.map { "\($0.score)" } ?? "none")")
                }
            }
        }

        // Time left and the primary unproven: resume the primary phase from the best placement so far.
        if !phase1Proven, clock.now < deadline - .milliseconds(300), let best = incumbent.best,
            let start = completion(formulation.primaryCanonical(best.placement), in: phase1Model),
            let result = try? primaryPhase(phase1Model, start: start, until: deadline, integral: integral)
        {
            options.logger?.debug("primary phase resumed: status \(result.status), bound \(result.bestBound.map(format) ?? "none")")
            if result.status.hasSolution { incumbent.offer(placement: formulation.placement(from: result.values), name: "mip") }
            if let bound = result.status == .optimal ? result.objective : result.bestBound {
                phase1Bound = max(phase1Bound ?? -.infinity, bound)
            }
            let value = min(model.objectiveValue(start), result.objective ?? .infinity)
            if let bound = phase1Bound, result.status == .optimal || proven(value, bound) {
                phase1Proven = true
                phase1Value = value
            }
        }

        guard let best = incumbent.best else {
            if options.cancellation?.isCancelled == true {
                return .unknown("interrupted before any placement was found or disproved (\(format(start.duration(to: .now).inSeconds)) s)")
            }
            return .unknown("no placement found and no proof that none exists within the time limit (\(format(start.duration(to: .now).inSeconds)) s)")
        }
        let fromMIP = best.name.hasPrefix("mip")
        let value = best.score.primary
        // Optimal only when both phases are proven and the primary matches phase 1's value.
        let primaryProven = phase1Proven && phase1Value.map { abs($0 - value) <= 1e-6 * max(1, abs(value)) || value < $0 } == true
        let isOptimal = primaryProven && phase2Proven
        var bound = min(value, phase1Bound ?? combinatorial)
        if primaryProven { bound = value }
        let gap = value > 1e-12 ? max(0, value - bound) / value : 0
        let mipSize = MIPSize(
            columns: model.variableCount, rows: model.constraintCount, nonzeros: model.nonzeroCount,
            integerColumns: model.variables.filter { $0.kind != .continuous }.count)
        var notes = incumbent.notes
        if !fromMIP { notes.append("the MIP found nothing better than the \(best.name) heuristic placement") }
        if !formulation.encoding.classes.isEmpty {
            notes.append("\(formulation.encoding.classes.reduce(0) { $0 + $1.members.count }) interchangeable VMs counted in \(formulation.encoding.classes.count) classes")
        }
        let limit: SolveLimit? = isOptimal ? nil : options.cancellation?.isCancelled == true ? .interrupted : .time
        return .placed(PlacementResult(
            instance: instance, objective: objective, placement: best.placement,
            isOptimal: isOptimal, limit: limit, source: fromMIP ? .mip : .heuristic,
            objectiveValue: value, bestBound: bound, gap: isOptimal ? 0 : gap,
            solveSeconds: start.duration(to: .now).inSeconds, mipSize: mipSize,
            freeVMs: freeVMs, repairMode: repair,
            warmStart: warm?.name, violations: [], notes: notes))
    }

    /// Whether `value` is proven optimal against `bound` (an integral objective's bound rounds up).
    static func meets(_ value: Double, _ bound: Double, integral: Bool) -> Bool {
        let rounded = integral ? (bound - 1e-6).rounded(.up) : bound
        return value <= rounded + 1e-9 * max(1, abs(value))
    }

    /// One run of the primary phase: warm-started, GLPK's cuts on, stopped as soon as an integral
    /// objective's incumbent meets its rounded-up bound.
    private func primaryPhase(
        _ model: MIPModel, start: [Double]?, until: ContinuousClock.Instant, integral: Bool
    ) throws(PlacementError) -> SolveResult {
        var parameters = SolveParameters(timeLimit: max(.milliseconds(1), until - .now))
        parameters.relativeGap = options.relativeGap
        parameters.cuts = PlacementOptions.phase1Cuts
        parameters.incumbent = start
        parameters.logger = options.logger
        parameters.cancellation = options.cancellation
        let report = options.onSearchProgress
        if report != nil || integral {
            parameters.onBranchAndCut = { event in
                report?(event)
                var reply = BranchAndCutReply()
                if integral, let value = event.incumbent, let bound = event.bestBound, Self.meets(value, bound, integral: true) {
                    reply.terminate = true
                }
                return reply
            }
        }
        do { return try GLPKSolver().solve(model, parameters: parameters) } catch { throw .solver(error) }
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
            isOptimal: false, limit: options.cancellation?.isCancelled == true ? .interrupted : .time, source: .heuristic,
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
