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
    public var timeLimit: Duration?
    public var mode: PlacementMode = .auto
    /// Relative MIP gap at which the search may stop.
    public var relativeGap: Double = 0
    /// Writes the MIP as a CPLEX LP file, for debugging.
    public var lpPath: String?
    public var logger: Logger?
    public var cancellation: CancellationToken?
    /// Called at each branch-and-cut callback of the placement MIP (elapsed, incumbent, bound, gap), on the solving thread.
    public var onSearchProgress: (@Sendable (BranchAndCutEvent) -> Void)?
    /// Called on the solving thread as each stage starts.
    public var onStage: (@Sendable (PlacementStage) -> Void)?
    /// Seed of the randomised improvement (large-neighbourhood search): same seed, same choices.
    public var seed: UInt64 = 1
    /// Hosts per partition (BtrPlace's fixed-size partitioning): when the cluster has more, its
    /// hosts are cut in cluster order into parts this large, each VM stays in its part, and the
    /// parts are solved concurrently on the machine's cores (`HostPartitioning`). Faster on
    /// clusters of thousands of hosts, never claimed optimal; `nil` (the default) solves the whole.
    public var partitionSize: Int?

    /// `(free VMs) × hosts` above which `auto` switches to repair mode.
    public static let repairThreshold = 20_000
    /// `(free VMs) × hosts` above which the MIP is not even built (classes rarely shrink it enough).
    public static let formulationPairLimit = 2_000_000
    /// MIP columns above which the tie-break phase keeps the hosts of the placement found (on stays on, off stays off).
    static let fullSecondPhaseColumns = 3_000
    /// Largest free tie-break model whose proof branching may reach in seconds: the 10-20-host
    /// generated clusters are 300-700 columns and proven in 0.1-3.3 s; none of 1,500 columns or more was.
    static let tieBreakProofColumns = 1_500
    /// GLPK cuts for the tie-break phase: all four families (measured on the generated clusters: Gomory's
    /// cuts prove the migrations optimal where none did, MIR and cover cuts lower them further).
    /// BERTH_CUTS2=bits overrides, for measurements.
    static let phase2Cuts = cuts(overriddenBy: "BERTH_CUTS2", else: .all)
    /// Longest run of GLPK's proximity search in the primary phase (it cannot be interrupted;
    /// BERTH_PROXIMITY=seconds overrides, 0 turns it off, for measurements).
    static let proximitySearchLimit: Duration = {
        let seconds = Double(ProcessInfo.processInfo.environment["BERTH_PROXIMITY"] ?? "") ?? 3
        return .milliseconds(Int(min(max(seconds.isFinite ? seconds : 3, 0), 60) * 1000))
    }()
    /// Largest primary model that runs the proximity search: on the generated 150-200-host clusters
    /// (13,000-16,000 columns) it found no host fewer in 10 s and took time from the tie-break.
    static let proximitySearchColumns = 8_000
    /// GLPK cuts for the primary phase (BERTH_CUTS=bits overrides, for measurements).
    static let phase1Cuts = cuts(overriddenBy: "BERTH_CUTS", else: [])

    private static func cuts(overriddenBy variable: String, else fallback: CutFamilies) -> CutFamilies {
        guard let text = ProcessInfo.processInfo.environment[variable], let bits = Int(text) else { return fallback }
        return CutFamilies(rawValue: bits & 15)
    }
    /// Estimated MIP columns (pinned VMs + free VMs × hosts + hosts) above which the MIP is skipped
    /// and the heuristic placement is returned: GLPK's LP alone takes tens of seconds past ~10⁵.
    public var mipColumnLimit = 60_000

    public init(objective: Objective? = nil, timeLimit: Duration? = nil, mode: PlacementMode = .auto) {
        self.objective = objective
        self.timeLimit = timeLimit
        self.mode = mode
    }
}

/// The stages of a placement solve, as progress reports name them.
public enum PlacementStage: String, Hashable, Sendable, Codable {
    /// The packing portfolio and the local searches.
    case heuristics
    /// Independent sub-problems solved apart (above the MIP's reach).
    case partitions
    /// GLPK's branch and cut.
    case mip
    /// Nothing fits: looking for a small set of conflicting rules.
    case explaining
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
        // A sub-problem's stages and search are not the caller's.
        if !allowLNS {
            self.options.onStage = nil
            self.options.onSearchProgress = nil
        }
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
        let deadline = start + (options.timeLimit ?? TimeBudget.duration(instance.timeLimit ?? 30))
        let objective = options.objective ?? instance.objective
        let problem = PlacementProblem(instance)
        // Contradictions visible from the rules alone need no search.
        if let report = RulePresolve(problem: problem).contradiction() { return .infeasible(report) }
        var partitionNote: String?
        if let size = options.partitionSize, allowLNS, problem.hostIDs.count > size {
            switch partitioned(problem, size: size, objective: objective, start: start, deadline: deadline) {
            case .success(let result): return .placed(result)
            case .failure(let refusal):
                partitionNote = "not partitioned: \(refusal.reason); the whole cluster was solved"
                options.logger?.debug("\(partitionNote!)")
            }
        }
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
        case .placed(var result):
            if let partitionNote { result.notes.append(partitionNote) }
            return .placed(result)
        case .infeasible:
            options.onStage?(.explaining)
            return .infeasible(InfeasibilityExplainer(problem: problem, deadline: deadline).explain())
        case .unknown(let reason):
            return .unknown(UnknownReport(problem: problem, reason: reason))
        }
    }

    struct PartitionRefusal: Error {
        let reason: String
    }

    /// Fixed-size host partitions solved apart and merged (see `HostPartitioning`); the merge is
    /// checked against the whole instance, and any refusal, failed part or broken check says why.
    private func partitioned(
        _ problem: PlacementProblem, size: Int, objective: Objective, start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) -> Result<PlacementResult, PartitionRefusal> {
        let parts: [Instance]
        switch HostPartitioning(problem: problem, size: size).split(objective: objective) {
        case .parts(let split): parts = split
        case .refused(let reason): return .failure(PartitionRefusal(reason: reason))
        }
        options.onStage?(.partitions)
        let results = HostPartitioning.solve(parts, options: options, deadline: deadline)
        if let failed = results.firstIndex(where: { $0 == nil }) {
            return .failure(PartitionRefusal(reason: "partition \(failed + 1) of \(parts.count) found no placement in its share of the time"))
        }
        let solved = results.map { $0! }
        var vmHosts: [String: String] = [:]
        var online = Set<String>()
        for result in solved {
            vmHosts.merge(result.placement.vmHosts) { first, _ in first }
            online.formUnion(result.placement.onlineHosts)
        }
        let merged = Placement(vmHosts: vmHosts, onlineHosts: online)
        if let broken = PlacementChecker.check(problem.instance, merged).first {
            return .failure(PartitionRefusal(reason: "the merged partitions break \(broken.constraint): \(broken.message)"))
        }
        let value = PackingContext(problem: problem, objective: objective).score(merged).primary
        let bound = min(value, CombinatorialBound.primary(problem, objective: objective))
        let workers = min(HostPartitioning.cores, parts.count)
        let mip = solved.reduce(MIPSize(columns: 0, rows: 0, nonzeros: 0, integerColumns: 0)) {
            MIPSize(columns: $0.columns + $1.mipSize.columns, rows: $0.rows + $1.mipSize.rows,
                    nonzeros: $0.nonzeros + $1.mipSize.nonzeros, integerColumns: $0.integerColumns + $1.mipSize.integerColumns)
        }
        return .success(PlacementResult(
            instance: problem.instance, objective: objective, placement: merged, isOptimal: false,
            limit: options.cancellation?.isCancelled == true ? .interrupted : .time,
            source: solved.allSatisfy { $0.source == .mip } ? .mip : .heuristic,
            objectiveValue: value, bestBound: bound, gap: value > 1e-12 ? (value - bound) / value : 0,
            solveSeconds: start.duration(to: .now).inSeconds, mipSize: mip,
            freeVMs: solved.reduce(0) { $0 + $1.freeVMs }, repairMode: solved.contains { $0.repairMode }, warmStart: nil,
            violations: [],
            notes: [
                "\(parts.count) host partitions of at most \(size) hosts, solved \(workers) at a time; each VM stayed in its "
                    + "partition (BtrPlace's fixed-size partitioning), so optimality is not claimed",
                "objective and bound measure \(HeuristicMeasure.name(objective)), not the MIP's weighted objective",
            ]))
    }

    enum Attempt {
        case placed(PlacementResult)
        case infeasible
        /// Neither a placement nor a proof that none exists.
        case unknown(String)
    }

    /// One attempt, as a pipeline: formulate (or say why not) → heuristic portfolio and local search
    /// → independent parts (no MIP) → the lexicographic MIP or the heuristic's answer.
    private func solve(
        _ problem: PlacementProblem, objective: Objective, repair: Bool,
        start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) throws(PlacementError) -> Attempt {
        let pinned = repair ? RepairScope(problem: problem, objective: objective).pinnedVMs() : []
        let freeVMs = problem.running.count - pinned.count
        options.logger?.debug("\(freeVMs) free VMs (repair mode: \(repair)) at \(format(start.duration(to: .now).inSeconds)) s")
        let (formulation, skipNote) = try formulate(problem, pinned: pinned, freeVMs: freeVMs, objective: objective)
        let skipMIP = formulation == nil

        let context = PackingContext(problem: problem, objective: objective)
        options.onStage?(.heuristics)
        var incumbent = heuristicStage(context, skipMIP: skipMIP, start: start, deadline: deadline)
        if skipMIP, options.mode != .heuristic, allowLNS {
            options.onStage?(.partitions)
            partitionStage(&incumbent, context: context, pinned: pinned, deadline: deadline)
        }

        guard let formulation else {
            guard let found = incumbent.best else {
                return .unknown("no heuristic placed every VM, and the MIP was not run (\(skipNote))")
            }
            return .placed(heuristicResult(found, problem: problem, objective: objective, repair: repair,
                freeVMs: freeVMs, start: start, mipBound: nil, note: skipNote))
        }
        if !formulation.encoding.domains.emptyDomains.isEmpty { return .infeasible }
        options.onStage?(.mip)
        return try solveMIP(formulation, incumbent: incumbent, problem: problem, objective: objective, repair: repair,
            freeVMs: freeVMs, start: start, deadline: deadline)
    }

    /// The MIP, with interchangeable VMs counted per host, when it is small enough to pay; else why not.
    private func formulate(
        _ problem: PlacementProblem, pinned: Set<Int>, freeVMs: Int, objective: Objective
    ) throws(PlacementError) -> (PlacementFormulation?, String) {
        guard options.mode != .heuristic else { return (nil, "heuristic mode: the MIP was not run") }
        if freeVMs * max(1, problem.hostIDs.count) > PlacementOptions.formulationPairLimit {
            return (nil, "\(freeVMs) free VMs × \(problem.hostIDs.count) hosts exceed the MIP's reach; heuristic placement returned")
        }
        // Counted before building: a model past the limit is never materialised.
        let selection = RuleSelection.all(problem.instance)
        let domains = PackingContext.pinnedDomains(problem, pinned: pinned)
        let classes = VMClass.classes(problem: problem, domains: domains, selection: selection)
        let columns = VMClass.estimatedColumns(problem: problem, domains: domains, classes: classes)
        guard columns <= options.mipColumnLimit else {
            return (nil, "\(columns) MIP columns exceed the limit (\(options.mipColumnLimit)); heuristic placement returned")
        }
        let formulation = PlacementFormulation(problem: problem, selection: selection, pinned: pinned, objective: objective, classes: classes)
        if let path = options.lpPath {
            do { try formulation.model.writeLP(to: path) } catch { throw .solver(error) }
        }
        return (formulation, "")
    }

    /// Heuristics first: every packer of the portfolio offers its placement to one incumbent (the
    /// best checked one), then the objective's local search runs from the best starts.
    private func heuristicStage(
        _ context: PackingContext, skipMIP: Bool, start: ContinuousClock.Instant, deadline: ContinuousClock.Instant
    ) -> Incumbent {
        let problem = context.problem
        var incumbent = Incumbent(context: context)
        var portfolio = PackingPortfolio(context: context)
        portfolio.deadline = start + (deadline - start) / 2
        let candidates = portfolio.candidates().sorted { $0.score < $1.score }
        options.logger?.debug("packers: \(candidates.map(\.name).joined(separator: ", ")) at \(format(start.duration(to: .now).inSeconds)) s")
        for candidate in candidates { incumbent.offer(candidate) }
        let heuristicDeadline = skipMIP ? deadline - (deadline - start) / 20 : start + (deadline - start) / 4
        // minHosts: the local search runs from several starts, the window shared between them: the
        // best packing, the best item-centric one when a bin-centric packing won (their host-emptying
        // paths differ: on one 191-host cluster the second ends a host lower), and the repair
        // placement, from which emptying hosts moves only the VMs of the hosts it empties.
        var starts = Array(candidates.prefix(1))
        if context.objective == .minHosts {
            let itemCentric = candidates.first { $0.name != "repair" && !$0.name.hasPrefix("bin-centric") }
            if let itemCentric, !starts.contains(where: { $0.name == itemCentric.name }) { starts.append(itemCentric) }
            if let repaired = candidates.first(where: { $0.name == "repair" }), !starts.contains(where: { $0.name == "repair" }) {
                starts.append(repaired)
            }
        }
        // minHosts without a MIP: the last tenth of the window chooses which hosts stay on (fewest
        // moves; a tenth, since the host count comes first). With a MIP, the exchange waits for the
        // MIP's host count (LexicographicMIP): here it would take time from emptying hosts.
        // Only when some VM has a home to stay on: a fresh packing moves nothing.
        let movesMatter = problem.running.contains { problem.current[$0] != nil }
        let startsDeadline = context.objective == .minHosts && allowLNS && skipMIP && movesMatter
            ? ContinuousClock.now + (heuristicDeadline - ContinuousClock.now) * 9 / 10 : heuristicDeadline
        for (k, found) in starts.enumerated() {
            var local = Incumbent(context: context)
            local.offer(found)
            let share = ContinuousClock.now + (startsDeadline - ContinuousClock.now) / (starts.count - k)
            improveHeuristically(&local, context: context, skipMIP: skipMIP, deadline: share)
            if let improved = local.best { incumbent.offer(improved) }
        }
        if startsDeadline < heuristicDeadline {
            _ = HostExchange(context: context).improve(&incumbent, deadline: heuristicDeadline, cancellation: options.cancellation)
        }
        if let found = incumbent.best {
            options.logger?.debug("heuristic \(found.name): \(found.score) in \(format(start.duration(to: .now).inSeconds)) s")
        }
        return incumbent
    }

    /// Above the MIP's size, independent sub-problems small enough for it are solved apart,
    /// concurrently; the merge replaces the heuristic placement when it scores better.
    private func partitionStage(_ incumbent: inout Incumbent, context: PackingContext, pinned: Set<Int>, deadline: ContinuousClock.Instant) {
        guard let found = incumbent.best else { return }
        let problem = context.problem
        let clock = ContinuousClock()
        let formulationDomains = PackingContext.pinnedDomains(problem, pinned: pinned)
        let free = problem.running.filter { !pinned.contains($0) }
        let parts = IndependentSubproblems.split(problem, domains: formulationDomains, free: free)
        let fits = parts.allSatisfy { $0.vms.count * $0.hosts.count + $0.hosts.count <= options.mipColumnLimit }
        guard parts.count > 1, fits, deadline > clock.now,
            let merged = PartitionedSolve(problem: problem, objective: context.objective, pinned: pinned, parts: parts,
                                          cancellation: options.cancellation)
                .solve(base: found.placement, deadline: deadline - (deadline - clock.now) / 10)
        else { return }
        let score = context.score(merged)
        if score < found.score || !(found.score < score) {
            options.logger?.debug("\(parts.count) independent sub-problems solved by the MIP: \(score)")
            incumbent.best = HeuristicPlacement(name: "mip-on-\(parts.count)-independent-parts", state: found.state, placement: merged, score: score)
        }
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
            let hostBound = CombinatorialBound.hosts(problem)
            let atBound = context.score(improved.state.placement).primary <= hostBound
            if allowLNS && !atBound {
                // Switch hosts off by ejection search, which finds the last host or two that the MIP
                // rarely reaches in time; without a MIP, in the first half of the time left, before LNS.
                var emptying = BinEmptyingSearch(context: context)
                emptying.seed = options.seed
                emptying.floor = Int(hostBound.rounded(.up))
                // On small clusters the MIP that follows settles the host count in milliseconds, while
                // a host that cannot be emptied would cost the full step budget (1.1 s on 8 hosts and
                // 12 VMs): the budget shrinks with the cluster there, and is unchanged from 100 units and 20 hosts on.
                if !skipMIP {
                    let hostsOn = problem.hostIDs.indices.filter(improved.state.isOn).count
                    emptying.stepsPerAttempt = min(emptying.stepsPerAttempt, max(500, 50 * context.units.count))
                    emptying.patience = min(emptying.patience, max(5, hostsOn))
                }
                let until = skipMIP ? ContinuousClock.now + (deadline - ContinuousClock.now) / 2 : deadline
                if emptying.improve(&improved.state, deadline: until, cancellation: options.cancellation) > 0 { name += "+ej" }
            }
            if skipMIP && allowLNS && !atBound {
                var lns = LargeNeighbourhoodSearch(context: context)
                lns.seed = options.seed
                lns.cancellation = options.cancellation
                if lns.improve(&improved.state, deadline: deadline) > 0 { name += "+lns" }
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
        var stages = LexicographicMIP(
            formulation: formulation, objective: objective, options: options, allowLNS: allowLNS,
            start: start, deadline: deadline, incumbent: incumbent)
        stages.descendPeak()
        if let early = try stages.primaryPhase(repair: repair) { return early }
        stages.primaryNeighbourhoods()
        stages.tieBreakPhase()
        stages.resumePrimary()
        return stages.outcome(repair: repair, freeVMs: freeVMs)
    }

    /// Whether `value` is proven optimal against `bound` (an integral objective's bound rounds up).
    static func meets(_ value: Double, _ bound: Double, integral: Bool) -> Bool {
        let rounded = integral ? (bound - 1e-6).rounded(.up) : bound
        return value <= rounded + 1e-9 * max(1, abs(value))
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
