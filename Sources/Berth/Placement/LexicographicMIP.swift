import BerthMIP

/// The MIP stages of one placement solve, in order: the peak descent (balance on small models),
/// the primary phase, neighbourhoods of the primary, the tie-break phase, the primary resumed; then
/// the outcome. Every stage offers what it finds to one incumbent, the best checked placement so far.
struct LexicographicMIP {
    let formulation: PlacementFormulation
    let objective: Objective
    let options: PlacementOptions
    let allowLNS: Bool
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    var incumbent: Incumbent

    private let clock = ContinuousClock()
    private var problem: PlacementProblem { formulation.problem }
    private var model: MIPModel { formulation.model }
    private var integral: Bool { formulation.primaryIsIntegral }
    private var hasSecondPhase: Bool { formulation.secondary != nil }
    /// Hosts interchangeable to the primary objective switched on and loaded in index order.
    private let phase1Model: MIPModel
    private let combinatorial: Double

    private var descent = PeakDescent.Outcome()
    private var warmName: String?
    private var phase1Value: Double?
    private var phase1Bound: Double?
    private var phase1Proven = false
    private var phase2Proven = false

    init(
        formulation: PlacementFormulation, objective: Objective, options: PlacementOptions, allowLNS: Bool,
        start: ContinuousClock.Instant, deadline: ContinuousClock.Instant, incumbent: Incumbent
    ) {
        self.formulation = formulation
        self.objective = objective
        self.options = options
        self.allowLNS = allowLNS
        self.start = start
        self.deadline = deadline
        self.incumbent = incumbent
        phase1Model = formulation.primaryPhaseModel()
        combinatorial = CombinatorialBound.primary(formulation.problem, objective: objective)
        phase2Proven = formulation.secondary == nil
    }

    private func proven(_ value: Double, _ bound: Double?) -> Bool {
        bound.map { PlacementSolver.meets(value, $0, integral: integral) } ?? false
    }

    private var elapsed: String { format(start.duration(to: .now).inSeconds) }

    /// A placement completed into a full vector of `target` (its auxiliary columns solved for).
    private func completion(_ placement: Placement, in target: MIPModel) -> [Double]? {
        guard PlacementChecker.check(problem.instance, placement).isEmpty,
            let fixed = formulation.fixing(to: placement, model: target)
        else { return nil }
        let budget = min(Duration.seconds(2), (deadline - clock.now) / 4)
        guard budget > .zero, let completed = try? GLPKSolver().solve(fixed, parameters: SolveParameters(timeLimit: budget)),
            completed.status.hasSolution
        else { return nil }
        return completed.values
    }

    /// Balance on a model small enough for cuts: descend the peak level by level first (up to
    /// 60 % of the time); each step is a small knapsack-like MIP that GLPK settles quickly.
    mutating func descendPeak() {
        guard objective == .balance, model.variableCount <= PlacementOptions.fullSecondPhaseColumns else { return }
        var search = PeakDescent(formulation: formulation)
        search.logger = options.logger
        search.cancellation = options.cancellation
        descent = search.run(incumbent: &incumbent, deadline: clock.now + (deadline - clock.now) * 6 / 10)
        phase2Proven = phase2Proven || (descent.primaryProven && descent.tieBreakProven)
        options.logger?.debug("peak descent: \(descent.steps) steps, peak proven \(descent.primaryProven), moves proven \(descent.tieBreakProven) at \(elapsed) s")
    }

    /// Phase 1: the primary objective alone, warm-started from the incumbent (interchangeable hosts
    /// in the primary phase's order). An integral one (hosts on) stops as soon as the incumbent meets
    /// the rounded-up bound, which GLPK itself does not notice. Returns an attempt only when the
    /// solve ends here (infeasible in repair mode).
    mutating func primaryPhase(repair: Bool) throws(PlacementError) -> PlacementSolver.Attempt? {
        var warm: [Double]?
        if let best = incumbent.best, let values = completion(formulation.primaryCanonical(best.placement), in: phase1Model) {
            warm = values
            warmName = best.name
        }
        let phase1Deadline = clock.now + (deadline - clock.now) * (hasSecondPhase ? 4 : 6) / 10
        phase1Value = warm.map { model.objectiveValue($0) }
        var values = warm
        if descent.primaryProven, let value = phase1Value {
            phase1Bound = value
            phase1Proven = true
        } else if integral, let value = phase1Value, proven(value, combinatorial) {
            phase1Bound = value
            phase1Proven = true
            options.logger?.debug("the incumbent meets the combinatorial bound (\(format(combinatorial))): primary proven")
        } else {
            let result = try runPrimary(start: warm, until: phase1Deadline)
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
            // Both bounds hold; the combinatorial one counts lonely groups and rooted hosts the LP spreads thin.
            phase1Bound = result.status == .optimal ? phase1Value : max(result.bestBound ?? -.infinity, combinatorial)
            if let value = phase1Value, let bound = phase1Bound {
                phase1Proven = result.status == .optimal || proven(value, bound) || proven(value, combinatorial)
            }
            incumbent.notes += result.notes
        }
        if let values { incumbent.offer(placement: formulation.placement(from: values), name: "mip") }
        return nil
    }

    /// Unproven: large-neighbourhood search on the whole MIP, every rule kept, until the
    /// tie-break phase's share of the time.
    mutating func primaryNeighbourhoods() {
        guard !phase1Proven, allowLNS, clock.now < deadline, let best = incumbent.best,
            var current = completion(formulation.canonical(best.placement), in: model)
        else { return }
        let until = hasSecondPhase ? clock.now + (deadline - clock.now) * 6 / 10 : deadline
        var search = MIPNeighbourhoodSearch(formulation: formulation)
        search.seed = options.seed
        let gained = search.improve(&current, incumbent: &incumbent, deadline: until, cancellation: options.cancellation)
        options.logger?.debug("MIP neighbourhoods at \(elapsed) s: \(gained) improvements; incumbent \(incumbent.best.map { "\($0.score)" } ?? "none")")
    }

    /// Phase 2: hold the primary objective, minimise moved memory (and state changes).
    mutating func tieBreakPhase() {
        exchangeHosts()
        guard let run = tieBreakMIP() else { return }
        var second = run.model
        var localOptimum = run.localOptimum
        // The hosts held and their fewest moves proven: only other hosts can move less, so exchange
        // hosts and solve again while that finds any.
        var rounds = 0
        while localOptimum, rounds < 8, clock.now < deadline - .milliseconds(300), exchangeHosts(), let again = tieBreakMIP() {
            second = again.model
            localOptimum = again.localOptimum
            rounds += 1
        }
        // No exchange left and time to spare: let the MIP choose the hosts too, from the best so far.
        if localOptimum, phase1Proven, clock.now < deadline - .milliseconds(300), let free = tieBreakMIP(holdHosts: false) {
            second = free.model
            localOptimum = false
        }
        if neighbourhoodsAfterTieBreak, allowLNS, !phase2Proven, !localOptimum, clock.now < deadline, let best = incumbent.best,
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

    /// Whether neighbourhoods of the tie-break model get the last 40 % of the tie-break phase: with
    /// the primary proven, and for balance always (measured on the generated clusters: with the peak
    /// unproven the whole-model tie-break MIP found no fewer moves on 3,400 columns, the
    /// neighbourhoods found fewer on 6 of 7 instances; for hosts on the MIP does as well or better).
    private var neighbourhoodsAfterTieBreak: Bool { phase1Proven || objective == .balance }

    /// One tie-break MIP from the incumbent: its model, and whether it was solved to optimality with
    /// the incumbent's hosts held on and off (optimal for those hosts only, so no proof).
    private mutating func tieBreakMIP(holdHosts: Bool? = nil) -> (model: MIPModel, localOptimum: Bool)? {
        guard !phase2Proven, let best = incumbent.best, clock.now < deadline - .milliseconds(50) else { return nil }
        let start2 = completion(formulation.canonical(best.placement), in: model)
        let value = start2.map(model.objectiveValue) ?? phase1Value ?? .infinity
        guard value.isFinite, var second = formulation.secondPhase(primaryAtMost: value) else { return nil }
        // Unless the primary is proven on a small model, keep the incumbent's hosts on and off:
        // moving fewer VMs among the same hosts is a far smaller problem than the full second phase.
        var fixHosts = holdHosts ?? (!phase1Proven || model.variableCount > PlacementOptions.fullSecondPhaseColumns)
        // Holding hosts the model already fixes (balance keeps online hosts on) restricts nothing.
        let hostVariables = formulation.encoding.y.compactMap { $0 }
        fixHosts = fixHosts && hostVariables.contains { second.variables[$0.index].lowerBound != second.variables[$0.index].upperBound }
        if fixHosts, let start2 {
            for variable in hostVariables { second.fix(variable, to: start2[variable.index] > 0.5 ? 1 : 0) }
        }
        let until = neighbourhoodsAfterTieBreak && allowLNS && holdHosts == nil ? clock.now + (deadline - clock.now) * 6 / 10 : deadline
        // Two runs: with GLPK's presolver first (30 % of the window; it cannot take a starting
        // point, but measured on the generated clusters it settles small tie-breaks in a fraction
        // of a second where the warm-started run ends at its limit), then warm-started from the best so far.
        let presolvedUntil = clock.now + (until - clock.now) * 3 / 10
        var solved = false
        for presolved in [true, false] where !solved && clock.now < until && (holdHosts == nil || !presolved) {
            var parameters = SolveParameters(timeLimit: max(.milliseconds(1), (presolved ? presolvedUntil : until) - clock.now))
            parameters.relativeGap = options.relativeGap
            if !presolved {
                parameters.incumbent = incumbent.best.flatMap { completion(formulation.canonical($0.placement), in: second) } ?? start2
                // Proximity search from the incumbent where no proof is in sight (hosts held, or a
                // model past `tieBreakProofColumns`): it finds moves that branching does not (a 58-host
                // cluster: 3.60 M MiB against 3.63 M). Not on small free models, where it only delays
                // the proof (a 20-host cluster, 519 columns: proven in 3.3 s without, not in 10 s with).
                let proofInReach = !fixHosts && model.variableCount <= PlacementOptions.tieBreakProofColumns
                if !proofInReach, PlacementOptions.proximitySearchLimit > .zero, second.variableCount <= PlacementOptions.proximitySearchColumns {
                    parameters.proximitySearch = min((until - clock.now) * 3 / 4, PlacementOptions.proximitySearchLimit)
                }
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
                solved = result.status == .optimal
                options.logger?.debug("tie-break MIP (\(presolved ? "presolved" : "warm-started")\(fixHosts ? ", hosts held" : "")): status \(result.status) at \(elapsed) s")
            }
        }
        if solved && !fixHosts { phase2Proven = true }
        return (second, solved && fixHosts)
    }

    /// minHosts: the MIP's hosts are rarely those that move the least memory (the primary phase
    /// ignores moves); exchange hosts on and off before the tie-break, which keeps them on large models.
    @discardableResult
    private mutating func exchangeHosts() -> Bool {
        guard objective == .minHosts, allowLNS, !phase2Proven else { return false }
        let until = clock.now + (deadline - clock.now) / 5
        guard HostExchange(context: incumbent.context).improve(&incumbent, deadline: until, cancellation: options.cancellation) else { return false }
        options.logger?.debug("host exchange: incumbent \(incumbent.best.map { "\($0.name) \($0.score)" } ?? "none") at \(elapsed) s")
        return true
    }

    /// Time left and the primary unproven: resume the primary phase from the best placement so far.
    mutating func resumePrimary() {
        guard !phase1Proven, clock.now < deadline - .milliseconds(300), let best = incumbent.best,
            let start = completion(formulation.primaryCanonical(best.placement), in: phase1Model),
            let result = try? runPrimary(start: start, until: deadline)
        else { return }
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

    /// The best placement of every stage as the solve's outcome: optimal only when both phases are
    /// proven and the primary matches phase 1's value.
    func outcome(repair: Bool, freeVMs: Int) -> PlacementSolver.Attempt {
        guard let best = incumbent.best else {
            if options.cancellation?.isCancelled == true {
                return .unknown("interrupted before any placement was found or disproved (\(elapsed) s)")
            }
            return .unknown("no placement found and no proof that none exists within the time limit (\(elapsed) s)")
        }
        let fromMIP = best.name.hasPrefix("mip")
        let value = best.score.primary
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
            instance: problem.instance, objective: objective, placement: best.placement,
            isOptimal: isOptimal, limit: limit, source: fromMIP ? .mip : .heuristic,
            objectiveValue: value, bestBound: bound, gap: isOptimal ? 0 : gap,
            solveSeconds: start.duration(to: .now).inSeconds, mipSize: mipSize,
            freeVMs: freeVMs, repairMode: repair,
            warmStart: warmName, violations: [], notes: notes))
    }

    /// One run of the primary phase: warm-started, GLPK's cuts on, stopped as soon as an integral
    /// objective's incumbent meets its rounded-up bound.
    private func runPrimary(start: [Double]?, until: ContinuousClock.Instant) throws(PlacementError) -> SolveResult {
        var parameters = SolveParameters(timeLimit: max(.milliseconds(1), until - .now))
        parameters.relativeGap = options.relativeGap
        parameters.cuts = PlacementOptions.phase1Cuts
        parameters.incumbent = start
        parameters.logger = options.logger
        parameters.cancellation = options.cancellation
        if integral, PlacementOptions.proximitySearchLimit > .zero, phase1Model.variableCount <= PlacementOptions.proximitySearchColumns {
            // Hosts on: GLPK's proximity search finds the last host or two that branching does not
            // (a 78-host cluster: 17 hosts in 1.2 s where the plain search stays at 18 for 30 s). It
            // ignores interrupts while it runs, hence the cap.
            parameters.proximitySearch = min((until - .now) * 3 / 4, PlacementOptions.proximitySearchLimit)
        }
        let report = options.onSearchProgress
        let integral = integral
        if report != nil || integral {
            parameters.onBranchAndCut = { event in
                report?(event)
                var reply = BranchAndCutReply()
                if integral, let value = event.incumbent, let bound = event.bestBound, PlacementSolver.meets(value, bound, integral: true) {
                    reply.terminate = true
                }
                return reply
            }
        }
        do { return try GLPKSolver().solve(phase1Model, parameters: parameters) } catch { throw .solver(error) }
    }
}
