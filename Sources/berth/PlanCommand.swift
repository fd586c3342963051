import ArgumentParser
import Berth
import Foundation

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Solve the placement, then schedule, check and simulate the migration plan that reaches it.",
        discussion: """
            Exit codes: 0 optimal placement and a checked plan; 1 checked plan for a placement not proven optimal; \
            2 infeasible placement or no schedule within the limits; 3 bad input; 4 internal error.
            """)

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Option(help: "Schedule towards this placement (berth-placement/1) instead of solving one.")
    var target: String?

    @OptionGroup var outputs: PlanOptions

    @OptionGroup var common: CommonOptions

    func run() throws {
        let instance: Instance
        do { instance = try InstanceCodec.loadInstance(path: model) } catch { failOnInput(error, json: common.json) }
        try run(instance)
    }

    /// Plans on `instance` (the model, or the state a replan derived from it); `notes` say how that state came about.
    func run(_ instance: Instance, notes stateNotes: [String] = []) throws {
        var placement: (placement: Placement, isOptimal: Bool, moves: Int, boots: Int, shutdowns: Int)
        if let target {
            let given: Placement
            do { given = try InstanceCodec.loadPlacement(path: target, for: instance.cluster) } catch { failOnInput(error, json: common.json) }
            let violations = PlacementChecker.check(instance, given)
            if !violations.isEmpty {
                if common.json { printJSON(["status": "violated", "violations": PlanReport.object(violations)] as [String: Any]) }
                else { print("\(target): the target placement breaks the model's constraints:\n" + violations.map { "  \($0)" }.joined(separator: "\n")) }
                throw ExitCode(ExitStatus.infeasible.rawValue)
            }
            let problem = ScheduleProblem(instance: instance, target: given)
            placement = (given, true, problem.moves.count, problem.boots.count, problem.shutdowns.count)
        } else {
            // The placement takes 85 % of the limit; scheduling and the checks share the rest.
            var options = PlacementOptions(timeLimit: CommandClock.searchSeconds(limit: outputs.timeLimit ?? instance.timeLimit ?? 30, share: 0.85))
            options.logger = common.makeLogger()
            options.cancellation = Interrupts.token
            do {
                switch try PlacementSolver(options: options).solve(instance) {
                case .placed(let result):
                    placement = (result.placement, result.isOptimal, result.moves.count, result.bootedHosts.count, result.shutDownHosts.count)
                case .infeasible(let report):
                    if common.json { printJSON(["status": "infeasible", "explanation": report.explanation] as [String: Any]) }
                    else { print(SolveReport.text(report, model: model)) }
                    throw ExitCode(ExitStatus.infeasible.rawValue)
                case .unknown(let report):
                    if common.json { printJSON(["status": "unknown", "reason": report.reason, "suspects": report.suspects.map(\.id)] as [String: Any]) }
                    else { print(UnknownText.render(report)) }
                    throw ExitCode(ExitStatus.unknown.rawValue)
                }
            } catch let error as PlacementError {
                fail(error.description)
            }
        }

        // Link-aware destinations: among placements of equal objective, spread the flows (not for a given target).
        var spreading: FlowSpreading.Report?
        if target == nil, instance.network != nil {
            let spread = FlowSpreading.spread(instance, target: placement.placement,
                                              timeLimit: min(1, 0.1 * CommandClock.searchSeconds(limit: outputs.timeLimit ?? instance.timeLimit ?? 30)))
            spreading = spread.report
            placement.placement = spread.placement
        }

        let schedule: ScheduleResult
        do {
            schedule = try Scheduler(options: SchedulerOptions(timeLimit: CommandClock.searchSeconds(limit: outputs.timeLimit ?? instance.timeLimit ?? 30))).schedule(instance, target: placement.placement)
        } catch {
            if case .blocked = error {
                if common.json { printJSON(["status": "unschedulable", "message": error.description]) } else { print(error.description) }
                throw ExitCode(ExitStatus.infeasible.rawValue)
            }
            fail(error.description)
        }
        let plan = schedule.plan
        let simulator = PlanSimulator(instance: instance)
        let simulated = simulator.simulate(plan)
        let timelineViolations = PlanChecker.check(instance, plan: simulated.timeline, target: placement.placement)
        var rows = [("berth", simulated)]
        var robustness: PlanRobustness?
        var bound: (resource: String, seconds: Double)?
        if outputs.compare {
            let problem = ScheduleProblem(instance: instance, target: placement.placement)
            rows.append(("sequential", PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.sequential(problem))))
            rows.append(("parallel", PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(problem))))
            if instance.network?.links.contains(where: { $0.members > 1 }) == true {
                rows.append(("berth/worst", PlanSimulator(instance: instance.withWorstCaseHash).simulate(plan)))
            }
            robustness = PlanRobustness.evaluate(instance, plan: plan, target: placement.placement)
            bound = FlowLoad(instance: instance, target: placement.placement).completionBound(instance: instance, target: placement.placement)
        }
        if let output = outputs.output { write(InstanceCodec.encodeOrEmpty(plan), to: output) }
        if let gantt = outputs.gantt { write(Data(PlanGantt.html(plan, instance: instance, title: "berth plan \(model)").utf8), to: gantt) }

        if common.json {
            var json: [String: Any] = [
                "status": placement.isOptimal ? "optimal" : "feasible",
                "placement": PlanReport.object(placement.placement),
                "plan": PlanReport.object(plan),
                "scheduler": ["source": schedule.source, "objective": schedule.objective, "seconds": schedule.seconds] as [String: Any],
                "checked": ["violations": 0, "simulatedTimelineViolations": timelineViolations.count],
                "simulation": PlanReport.metrics(simulated),
            ]
            if !stateNotes.isEmpty { json["state"] = stateNotes }
            if let spreading {
                json["destinations"] = ["swaps": spreading.swaps, "busiestBeforeSeconds": spreading.busiestBefore,
                                        "busiestAfterSeconds": spreading.busiestAfter, "busiestResource": spreading.resource ?? NSNull()] as [String: Any]
            }
            if outputs.compare {
                json["compare"] = Dictionary(uniqueKeysWithValues: rows.map { ($0.0, PlanReport.metrics($0.1)) })
                if let bound { json["completionLowerBound"] = ["seconds": bound.seconds, "resource": bound.resource] as [String: Any] }
                if let robustness { json["robustness"] = PlanReport.metrics(robustness) }
            }
            printJSON(json)
        } else {
            for note in stateNotes { print("state        \(note)") }
            print("\(model): placement \(target.map { "given (\($0))" } ?? (placement.isOptimal ? "optimal" : "feasible, not proven optimal")), "
                + "\(placement.moves) migrations, \(placement.boots) boots, \(placement.shutdowns) shutdowns")
            print("plan         \(plan.actions.count) actions by the \(schedule.source) scheduler in \(String(format: "%.2f", schedule.seconds)) s; "
                + "checked: 0 violations at every instant; simulated timeline: \(timelineViolations.count) violations")
            for violation in timelineViolations { print("simulated    \(violation)") }
            if let spreading, spreading.swaps > 0 {
                print(String(format: "destinations %d swaps between equivalent destinations spread the flows: busiest resource %.1f s → %.1f s of transfer (%@)",
                             spreading.swaps, spreading.busiestBefore, spreading.busiestAfter, spreading.resource ?? "-"))
            }
            for line in PlanReport.metricsText(simulated) { print(line) }
            for note in plan.notes { print("note         \(note)") }
            print("")
            print(plan.table)
            if outputs.compare {
                print("")
                print(PlanReport.comparison(rows))
                if let bound { print(String(format: "lower bound  %.1f s (the bandwidth of %@, with the boot before and the shutdown after)", bound.seconds, bound.resource)) }
                if let robustness { print(PlanReport.text(robustness)) }
            }
        }
        throw ExitCode(placement.isOptimal ? ExitStatus.solved.rawValue : ExitStatus.feasible.rawValue)
    }

    private func fail(_ message: String) -> Never {
        if common.json { printJSON(["status": "error", "message": message]) }
        writeStandardError(message)
        Foundation.exit(ExitStatus.internalError.rawValue)
    }

    private func write(_ data: Data, to path: String) { OutputFile.write(data, to: path) }
}

extension InstanceCodec {
    static func encodeOrEmpty<T: Encodable>(_ value: T) -> Data { (try? encode(value)) ?? Data() }
}

/// What `plan` and `replan` share: the time limit and what to write or compare.
struct PlanOptions: ParsableArguments {
    @Option(name: .customLong("time-limit"), help: "Seconds for the whole command, reading the model included: the placement gets 85 %, scheduling the rest (default: the instance's, else 30).")
    var timeLimit: Double?

    @Option(help: "Write the plan to this file (berth-plan/1, readable by `berth simulate`; its action ids start from 0).")
    var output: String?

    @Option(help: "Write an HTML/SVG Gantt chart of the plan to this file.")
    var gantt: String?

    @Flag(help: "Also simulate the all-sequential and all-parallel plans side by side, print the bandwidth lower bound, replay Berth's plan with every aggregate's hash unknown (worst case) and with every action's work ±30 % (100 seeded runs, each checked).")
    var compare = false

    func validate() throws {
        if let timeLimit, let problem = TimeBudget.problem(timeLimit) { throw ValidationError("--time-limit \(problem)") }
        try OutputFile.checkWritable(output, flag: "--output")
        try OutputFile.checkWritable(gantt, flag: "--gantt")
    }
}
