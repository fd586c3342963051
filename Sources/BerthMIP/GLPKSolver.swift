import CGLPKShim
import Logging

/// Solves ``MIPModel``s with GLPK (glp_simplex for LPs, glp_intopt for MIPs).
///
/// Each call creates, solves and deletes its GLPK problem inside one
/// synchronous C call on the calling thread, so the solver is safe to use
/// from any thread or task. A solve blocks its thread for up to the time
/// limit: in long-lived processes run big solves on a dedicated thread
/// rather than on the (small) cooperative pool.
public struct GLPKSolver: Sendable {
    public init() {}

    /// Solves `model`. Throws for an invalid model or parameters
    /// (`function` "validate"/"parameters") and for GLPK failures; an
    /// infeasible or unbounded model is a ``SolveStatus``, not an error.
    public func solve(_ model: MIPModel, parameters: SolveParameters) throws(GLPKError) -> SolveResult {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try model.validate()
        } catch {
            throw GLPKError(function: "validate", code: GLPKError.invalidInput, message: error.description)
        }
        try parameters.check()

        var notes: [String] = []
        var incumbent: [Double]? = nil
        if let point = parameters.incumbent {
            let problems = model.violations(of: point)
            if problems.isEmpty {
                incumbent = model.roundedToDomains(point)
            } else {
                notes.append("incumbent rejected: " + summarize(problems))
            }
        }
        func finish(_ r: SolveResult) -> SolveResult {
            var r = r
            r.solveTime = clock.now - start
            r.notes = notes + r.notes
            return r
        }

        if parameters.cancellation?.isCancelled == true {
            notes.append("cancelled before the solve started")
            return finish(fallback(model, incumbent, limit: .interrupted))
        }
        if model.variableCount == 0 {
            // GLPK needs at least one column; a model without variables is decided here.
            let feasible = model.violations(of: []).isEmpty
            let c = model.objective.constant
            return finish(feasible ? SolveResult(status: .optimal, objective: c, bestBound: c, gap: 0)
                                   : SolveResult(status: .infeasible))
        }

        let flat = try FlatProblem(model, names: false)
        if let j = flat.emptyIntegerDomains.first {
            notes.append("\(model.variableLabel(j)) has no integer value within its bounds")
            return finish(SolveResult(status: .infeasible))
        }

        let session = SolveSession(model: model, parameters: parameters,
                                   presolve: parameters.presolve && incumbent == nil, clock: clock, start: start)
        var out = berth_glpk_result()
        var values = [Double](repeating: 0, count: model.variableCount)
        let rc = withExtendedLifetime((flat, session)) {
            values.withUnsafeMutableBufferPointer { valueBuffer in
                withOptionalPointer(incumbent) { incumbentPointer in
                    // The limit covers the whole call, validation and loading included.
                    var params = Self.glpkParameters(
                        parameters, columns: model.variableCount, seconds: (parameters.timeLimit - (clock.now - start)).inSeconds,
                        session: session)
                    params.incumbent = incumbentPointer
                    out.values = valueBuffer.baseAddress
                    return withUnsafePointer(to: flat.problem) { berth_glpk_solve($0, &params, &out) }
                }
            }
        }
        session.flushLog()
        try GLPKError.check(rc, function: string(fromCArray: out.function), glpkCode: out.glpk_code,
                            message: string(fromCArray: out.message))
        guard out.status != BERTH_GLPK_STATUS_ERROR else {
            throw GLPKError(function: "berth_glpk_solve", code: BERTH_GLPK_E_FAILED,
                            message: "the shim returned no outcome")
        }
        notes += session.notes
        return finish(assemble(model, out, values, incumbent: incumbent, session: session))
    }

    /// The shim's parameters for a solve of `columns` columns within `seconds`; the session gets
    /// GLPK's output (when logging) and its branch-and-cut callbacks.
    private static func glpkParameters(
        _ parameters: SolveParameters, columns: Int, seconds: Double, session: SolveSession
    ) -> berth_glpk_params {
        var params = berth_glpk_params()
        params.time_limit = max(0.001, seconds)
        params.mip_gap = parameters.relativeGap
        params.presolve = parameters.presolve ? 1 : 0
        params.cuts = Int32(parameters.cuts.rawValue)
        params.br_tech = (parameters.branching ?? .automatic(columns: columns)).rawValue
        params.proximity_limit = parameters.proximitySearch.map { max(0, $0.inSeconds) } ?? 0
        params.msg_level = parameters.logger == nil ? 1 : 2
        if parameters.logger != nil {
            params.print = SolveSession.printTrampoline
            params.print_ctx = Unmanaged.passUnretained(session).toOpaque()
        }
        params.bnc = SolveSession.branchTrampoline
        params.bnc_ctx = Unmanaged.passUnretained(session).toOpaque()
        return params
    }

    private func assemble(_ model: MIPModel, _ out: berth_glpk_result, _ values: [Double],
                          incumbent: [Double]?, session: SolveSession) -> SolveResult {
        let status: SolveStatus
        switch out.status {
        case BERTH_GLPK_OPTIMAL: status = .optimal
        case BERTH_GLPK_FEASIBLE_TIME_LIMIT: status = .feasible(.time)
        case BERTH_GLPK_FEASIBLE_INTERRUPTED: status = .feasible(.interrupted)
        case BERTH_GLPK_FEASIBLE_GAP: status = .feasible(.gap)
        case BERTH_GLPK_INFEASIBLE: status = .infeasible
        case BERTH_GLPK_UNBOUNDED: status = .unbounded
        case BERTH_GLPK_NO_SOLUTION_TIME_LIMIT: status = .noSolution(.time)
        default: status = .noSolution(.interrupted)  // BERTH_GLPK_NO_SOLUTION_INTERRUPTED
        }
        var result = SolveResult(status: status, nodes: Int(out.nodes))
        if status.hasSolution {
            result.values = values
            result.objective = out.objective
        }
        // The bound recorded in the callback; the root LP bound when no node was processed.
        if out.has_best_bound != 0 {
            result.bestBound = out.best_bound
        } else if out.has_root_bound != 0 {
            result.bestBound = out.root_bound
        }

        switch out.incumbent_outcome {
        case BERTH_GLPK_INCUMBENT_ACCEPTED:
            result.notes.append("incumbent accepted as the starting solution")
        case BERTH_GLPK_INCUMBENT_REJECTED:
            result.notes.append("incumbent not taken: GLPK already had a solution at least as good")
        case BERTH_GLPK_INCUMBENT_NOT_REACHED where status != .optimal:
            // Worth saying only when the search stopped early; at a proven optimum it is noise.
            result.notes.append("incumbent not offered: the search ended before its first heuristic point")
        default: break
        }
        if out.heuristic_accepted > 0 || out.heuristic_rejected > 0 {
            result.notes.append("callback solutions: \(out.heuristic_accepted) accepted, \(out.heuristic_rejected) not better")
        }

        // A vetted warm start is a solution even when GLPK stopped before using it.
        if let incumbent, case let .noSolution(limit) = status {
            result.status = .feasible(limit)
            result.values = incumbent
            result.objective = model.objectiveValue(incumbent)
            result.notes.append("returned the warm-start incumbent: GLPK found no solution before the \(limit.rawValue) limit")
        } else if let incumbent, case .feasible = status, let obj = result.objective {
            let inc = model.objectiveValue(incumbent)
            if model.sense == .minimize ? inc < obj - 1e-9 * max(1, abs(obj)) : inc > obj + 1e-9 * max(1, abs(obj)) {
                result.values = incumbent
                result.objective = inc
                result.notes.append("returned the warm-start incumbent: better than GLPK's solution")
            }
        }

        if status == .optimal, let obj = result.objective {
            result.bestBound = obj
            result.gap = 0
        } else if let obj = result.objective, let b = result.bestBound {
            // A bound past the objective is numerical noise: clamp it.
            let bound = model.sense == .minimize ? min(b, obj) : max(b, obj)
            result.bestBound = bound
            result.gap = abs(obj - bound) / max(1e-9, abs(obj))
        }
        if case .infeasible = result.status { result.bestBound = nil }
        if case .unbounded = result.status { result.bestBound = nil }
        return result
    }

    private func fallback(_ model: MIPModel, _ incumbent: [Double]?, limit: SolveLimit) -> SolveResult {
        guard let incumbent else { return SolveResult(status: .noSolution(limit)) }
        return SolveResult(status: .feasible(limit), objective: model.objectiveValue(incumbent), values: incumbent)
    }
}

func summarize(_ problems: [String], limit: Int = 3) -> String {
    let shown = problems.prefix(limit).joined(separator: "; ")
    return problems.count > limit ? "\(shown) (and \(problems.count - limit) more)" : shown
}

extension Duration {
    /// The duration as a number of seconds.
    public var inSeconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}

private func withOptionalPointer<R>(_ a: [Double]?, _ body: (UnsafePointer<Double>?) -> R) -> R {
    guard let a else { return body(nil) }
    return a.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// State shared with the C callbacks of one solve; lives on the solving thread.
private final class SolveSession {
    let model: MIPModel
    let logger: Logger?
    let cancellation: CancellationToken?
    let handler: (@Sendable (BranchAndCutEvent) -> BranchAndCutReply)?
    let presolve: Bool
    let clock: ContinuousClock
    let start: ContinuousClock.Instant
    var notes: [String] = []
    private var pendingLine = ""
    private var heuristicRejections = 0
    private var warnedNotHeuristicPoint = false
    private var warnedPresolve = false
    /// Holds an offered point until the shim has passed it to GLPK.
    private let heuristicBuffer: UnsafeMutableBufferPointer<Double>

    init(model: MIPModel, parameters: SolveParameters, presolve: Bool, clock: ContinuousClock,
         start: ContinuousClock.Instant) {
        self.model = model
        self.logger = parameters.logger
        self.cancellation = parameters.cancellation
        self.handler = parameters.onBranchAndCut
        self.presolve = presolve
        self.clock = clock
        self.start = start
        heuristicBuffer = .allocate(capacity: max(model.variableCount, 1))
        heuristicBuffer.initialize(repeating: 0)
    }

    deinit {
        heuristicBuffer.deallocate()
    }

    static let printTrampoline: berth_glpk_print_fn = { ctx, text in
        guard let ctx, let text else { return }
        Unmanaged<SolveSession>.fromOpaque(ctx).takeUnretainedValue().log(String(cString: text))
    }

    static let branchTrampoline: berth_glpk_bnc_fn = { ctx, event, reply in
        guard let ctx, let event, let reply else { return }
        Unmanaged<SolveSession>.fromOpaque(ctx).takeUnretainedValue().branch(event.pointee, reply)
    }

    func log(_ text: String) {
        pendingLine += text
        while let nl = pendingLine.firstIndex(of: "\n") {
            let line = pendingLine[..<nl]
            if !line.isEmpty { logger?.debug("\(line)") }
            pendingLine = String(pendingLine[pendingLine.index(after: nl)...])
        }
    }

    func flushLog() {
        if !pendingLine.isEmpty { logger?.debug("\(pendingLine)") }
        pendingLine = ""
    }

    func branch(_ ev: berth_glpk_bnc_event, _ reply: UnsafeMutablePointer<berth_glpk_bnc_reply>) {
        var terminate = cancellation?.isCancelled ?? false
        if let handler {
            let event = BranchAndCutEvent(
                bestBound: ev.has_bound != 0 ? ev.best_bound : nil,
                incumbent: ev.has_incumbent != 0 ? ev.incumbent : nil,
                gap: ev.has_gap != 0 ? ev.mip_gap : nil,
                activeNodes: Int(ev.active_nodes),
                elapsed: clock.now - start,
                isHeuristicPoint: ev.reason == BERTH_GLPK_REASON_HEURISTIC)
            let answer = handler(event)
            terminate = terminate || answer.terminate
            if let point = answer.heuristicSolution, let pointer = vet(point, at: event) {
                reply.pointee.heuristic = pointer
            }
        }
        reply.pointee.terminate = terminate ? 1 : 0
    }

    /// Checks a callback's point; returns storage that outlives this callback.
    private func vet(_ point: [Double], at event: BranchAndCutEvent) -> UnsafePointer<Double>? {
        guard event.isHeuristicPoint else {
            if !warnedNotHeuristicPoint {
                warnedNotHeuristicPoint = true
                notes.append("callback solution ignored: solutions are taken only where isHeuristicPoint is true")
            }
            return nil
        }
        guard !presolve else {
            // The callback sees the presolved problem, whose columns differ from the model's.
            if !warnedPresolve {
                warnedPresolve = true
                notes.append("callback solution ignored: set presolve = false to inject solutions")
            }
            return nil
        }
        let problems = model.violations(of: point)
        guard problems.isEmpty else {
            heuristicRejections += 1
            if heuristicRejections <= 3 { notes.append("callback solution rejected: " + summarize(problems)) }
            return nil
        }
        _ = heuristicBuffer.update(fromContentsOf: model.roundedToDomains(point))
        return UnsafePointer(heuristicBuffer.baseAddress)
    }
}
