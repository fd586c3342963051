import ArgumentParser
import Berth
import Foundation
import Logging

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
        var request = Planning.Request(compare: outputs.compare)
        do {
            instance = try InstanceCodec.loadInstance(path: model)
            if let target { request.target = try InstanceCodec.loadPlacement(path: target, for: instance.cluster) }
        } catch { failOnInput(error, json: common.json) }
        let report: WorkflowReport
        do {
            report = try Planning.plan(instance, request, options: outputs.options(for: instance, logger: common.makeLogger()))
        } catch {
            if case .violatedTarget(let violations) = error, !common.json, let target {
                print("\(target): the target placement breaks the model's constraints:\n" + violations.map { "  \($0)" }.joined(separator: "\n"))
                throw ExitCode(ExitStatus.infeasible.rawValue)
            }
            WorkflowCLI.fail(error, json: common.json, command: "plan")
        }
        Self.finish(report, model: model, target: target, outputs: outputs, json: common.json)
    }

    /// Writes the files asked for, prints the report (text or `berth-result/1`) and exits with its code.
    static func finish(_ report: WorkflowReport, model: String, target: String?, outputs: PlanOptions, json: Bool) -> Never {
        let plan = report.schedule.plan
        if let output = outputs.output { OutputFile.write(InstanceCodec.encodeOrEmpty(plan), to: output) }
        if let gantt = outputs.gantt {
            OutputFile.write(Data(PlanGantt.html(plan, instance: report.instance, title: "berth \(report.workflow) \(model)").utf8), to: gantt)
        }
        let result = BerthResult(report)
        if json {
            printJSON(result)
            Foundation.exit(result.exitCode)
        }
        let placement = report.placement
        for finding in report.findings { print("state        \(finding)") }
        let how = target.map { "given (\($0))" } ?? (placement.isOptimal ? "optimal" : "feasible, not proven optimal")
        print("\(model): placement \(how), \(placement.moves.count) migrations, "
            + "\(plan.actions(.boot).count) boots, \(plan.actions(.shutdown).count) shutdowns")
        if placement.limit == .interrupted { print("interrupted  the search was interrupted: this is the best placement found so far") }
        print("plan         \(plan.actions.count) actions by the \(report.schedule.source) scheduler in \(String(format: "%.2f", report.schedule.seconds)) s; "
            + "checked: 0 violations at every instant; simulated timeline: \(report.timelineViolations.count) violations")
        for violation in report.timelineViolations { print("simulated    \(violation)") }
        if let spreading = report.destinations, spreading.swaps > 0 {
            print(String(format: "destinations %d swaps between equivalent destinations spread the flows: busiest resource %.1f s → %.1f s of transfer (%@)",
                         spreading.swaps, spreading.busiestBefore, spreading.busiestAfter, spreading.resource ?? "-"))
        }
        for line in PlanReport.metricsText(report.simulation) { print(line) }
        for note in plan.notes { print("note         \(note)") }
        print("")
        print(plan.table)
        if let comparison = report.comparison {
            print("")
            print(PlanReport.comparison(comparison.simulations.map { ($0.name, $0.result) }))
            if let bound = comparison.lowerBound {
                print(String(format: "lower bound  %.1f s (the bandwidth of %@, with the boot before and the shutdown after)", bound.seconds, bound.resource))
            }
            print(PlanReport.text(comparison.robustness))
        }
        Foundation.exit(result.exitCode)
    }
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

    /// The whole command ends by the limit (from the process start); SIGINT and SIGTERM keep the best placement.
    func options(for instance: Instance, logger: Logger?) -> WorkflowOptions {
        var options = WorkflowOptions()
        options.deadline = CommandClock.deadline((timeLimit ?? instance.timeLimit ?? 30) * 0.97)
        options.interruption = Interrupts.token
        options.logger = logger
        return options
    }
}
