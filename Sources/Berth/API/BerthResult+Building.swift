/// Every library outcome as a ``BerthResult``: the one place that decides what the contract says.
extension BerthResult {
    /// A placement solve's outcome (`berth solve`).
    public init(command: String = "solve", _ outcome: PlacementOutcome) {
        switch outcome {
        case .placed(let result):
            self.init(command: command, status: result.isOptimal ? .optimal : .feasible)
            fill(result)
            checked = Checked(violations: result.violations.count, constraints: result.instance.constraints.count)
            summary = "\(command): \(status.rawValue) placement, \(result.onlineHostCount) hosts on, \(result.moves.count) migrations"
        case .infeasible(let report):
            self.init(command: command, report)
        case .unknown(let report):
            self.init(command: command, report)
        }
    }

    /// No placement exists.
    public init(command: String, _ report: InfeasibilityReport) {
        self.init(command: command, status: .infeasible)
        conflicts = report.conflicts
        explanation = report.explanation
        minimal = report.isMinimal
        summary = "\(command): infeasible: " + report.conflicts.map(\.id).joined(separator: ", ")
    }

    /// Nothing found or proven in time.
    public init(command: String, _ report: UnknownReport) {
        self.init(command: command, status: .unknown)
        reason = report.reason
        suspects = report.suspects
        summary = "\(command): unknown: \(report.reason)"
    }

    /// A workflow's, a plan's or a replan's report.
    public init(_ report: WorkflowReport) {
        let interrupted = report.placement.limit == .interrupted
        self.init(command: report.workflow, status: report.isOptimal ? .optimal : .feasible)
        fill(report.placement)
        self.interrupted = interrupted
        summary = report.summary
        plan = report.schedule.plan
        bootedHosts = report.schedule.plan.actions(.boot).compactMap(\.to)
        shutDownHosts = report.schedule.plan.actions(.shutdown).compactMap(\.to)
        scheduler = SchedulerSummary(source: report.schedule.source, objective: report.schedule.objective, seconds: report.schedule.seconds)
        destinations = report.destinations.map {
            DestinationSpreading(swaps: $0.swaps, busiestBeforeSeconds: $0.busiestBefore, busiestAfterSeconds: $0.busiestAfter, busiestResource: $0.resource)
        }
        simulation = SimulationMetrics(report.simulation)
        comparison = report.comparison.map(Comparison.init)
        checked = Checked(violations: report.planViolations.count, simulatedTimelineViolations: report.timelineViolations.count,
                          constraints: report.instance.constraints.count,
                          timeline: report.timelineViolations.isEmpty ? nil : report.timelineViolations)
        workflow = WorkflowSummary(before: report.before.map(HostUse.init), after: report.after.map(HostUse.init),
                                   findings: report.findings, promises: report.promises)
        let planNotes = report.placement.notes + report.schedule.plan.notes
        notes = planNotes.isEmpty ? nil : planNotes
    }

    /// Why a workflow, a plan or a what-if produced nothing.
    public init(command: String, _ error: WorkflowError) {
        switch error {
        case .invalidRequest(let issues):
            self.init(command: command, status: .invalidInput)
            self.issues = issues.map { Issue(path: $0.path, message: $0.message) }
        case .infeasible(let report): self.init(command: command, report)
        case .unknown(let report): self.init(command: command, report)
        case .violatedTarget(let violations):
            self.init(command: command, status: .violated)
            self.violations = violations
        case .unschedulable(let report):
            self.init(command: command, status: .unschedulable)
            unschedulable = report
        case .internalFailure:
            self.init(command: command, status: .error)
            message = error.description
        case .cancelled:
            self.init(command: command, status: .cancelled)
            message = "cancelled by the caller"
        }
        if summary == nil { summary = "\(command): \(status.rawValue)" }
    }

    /// A placement error: the input's fault (invalid-input) or Berth's (error).
    public init(command: String, _ error: PlacementError) {
        switch error {
        case .invalidInstance(let input): self.init(command: command, input)
        case .infeasible(let report): self.init(command: command, report)
        case .unknown(let report): self.init(command: command, report)
        case .checkFailed, .solver, .internalInconsistency:
            self.init(command: command, status: .error)
            message = error.description
        }
    }

    /// Input Berth refuses.
    public init(command: String, _ error: InputError) {
        self.init(command: command, status: .invalidInput)
        issues = error.issues.map { Issue(file: error.file, path: $0.path, message: $0.message) }
        summary = "\(command): invalid input (\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s"))"
    }

    /// A rules script Berth refuses.
    public init(command: String, _ errors: [ScriptError]) {
        self.init(command: command, status: .invalidInput)
        issues = errors.map { Issue(file: $0.file, line: $0.line, column: $0.column, message: $0.message) }
    }

    /// A what-if scenario.
    public init(_ report: WhatIf.Report) {
        self.init(command: "what-if", status: !report.fits ? .infeasible : report.provenMinimal ? .optimal : .feasible)
        summary = report.summary
        whatIf = WhatIfSummary(changes: report.changes, fits: report.fits, provenMinimal: report.provenMinimal,
                               current: report.current, scenario: report.scenario,
                               copiesNeeded: report.copiesNeeded.isEmpty ? nil : report.copiesNeeded)
        if !report.conflicts.isEmpty { conflicts = report.conflicts }
        if !report.explanation.isEmpty { explanation = report.explanation }
        if let placement = report.placement { fill(placement) }
    }

    /// A plan given to check and simulate (`berth simulate`).
    public init(simulated plan: MigrationPlan, violations: [Violation], simulation: SimulationResult, constraints: Int) {
        self.init(command: "simulate", status: violations.isEmpty ? .valid : .violated)
        self.violations = violations
        self.simulation = SimulationMetrics(simulation)
        checked = Checked(violations: violations.count, constraints: constraints)
        summary = "simulate: \(violations.isEmpty ? "valid" : "\(violations.count) violations"), completes at \(format(simulation.completion)) s"
    }

    /// A placement given to check (`berth check`).
    public init(checked placement: Placement, violations: [Violation], constraints: Int) {
        self.init(command: "check", status: violations.isEmpty ? .valid : .violated)
        self.placement = placement
        self.violations = violations
        checked = Checked(violations: violations.count, constraints: constraints)
        summary = "check: \(violations.isEmpty ? "valid" : "\(violations.count) violations") against \(constraints) constraints + built-in rules"
    }

    private mutating func fill(_ result: PlacementResult) {
        interrupted = result.limit == .interrupted
        solve = SolveSummary(
            objective: result.objective, objectiveValue: result.objectiveValue, bestBound: result.bestBound, gap: result.gap,
            limit: result.limit?.rawValue, source: result.source, solveSeconds: result.solveSeconds, mip: result.mipSize,
            repairMode: result.repairMode, freeVMs: result.freeVMs, warmStart: result.warmStart,
            onlineHosts: result.onlineHostCount, migrations: result.moves.count,
            migratedMiB: result.moves.reduce(0) { $0 + $1.memoryMiB }, peakUtilization: result.peakUtilization)
        placement = result.placement
        moves = result.moves
        bootedHosts = result.bootedHosts
        shutDownHosts = result.shutDownHosts
        notes = result.notes.isEmpty ? nil : result.notes
    }
}

extension BerthResult.SimulationMetrics {
    public init(_ s: SimulationResult) {
        self.init(
            completionSeconds: s.completion, meanMigrationSeconds: s.meanMigration, maxMigrationSeconds: s.maxMigration,
            totalDowntimeSeconds: s.totalDowntime, maxDowntimeSeconds: s.maxDowntime, movedMiB: s.movedMiB,
            energyKWh: s.energyKWh, peakKW: s.peakKW, migrations: s.migrations.count, forcedSwitchovers: s.forcedSwitchovers,
            abortedMigrations: s.abortedMigrations, secondsOverBudget: s.secondsOverBudget, stuck: s.stuck)
    }
}

extension BerthResult.Robustness {
    public init(_ r: PlanRobustness) {
        self.init(runs: r.runs, workSpread: r.spread, completionMinSeconds: r.completions.first ?? 0,
                  completionMedianSeconds: r.median, completionMaxSeconds: r.completions.last ?? 0,
                  brokenRuns: r.brokenRuns, stuckRuns: r.stuckRuns, forcedSwitchovers: r.forcedSwitchovers,
                  firstViolation: r.firstViolation)
    }
}

extension BerthResult.Comparison {
    public init(_ c: PlanComparison) {
        self.init(
            simulations: Dictionary(c.simulations.map { ($0.name, BerthResult.SimulationMetrics($0.result)) }, uniquingKeysWith: { first, _ in first }),
            completionLowerBound: c.lowerBound.map { BerthResult.LowerBound(seconds: $0.seconds, resource: $0.resource) },
            robustness: BerthResult.Robustness(c.robustness))
    }
}

extension BerthResult.HostUse {
    public init(_ u: HostUtilization) {
        self.init(host: u.host, online: u.online, vms: u.vmCount, utilization: u.byResource)
    }
}
