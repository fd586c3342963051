import ArgumentParser
import Berth
import Foundation
import Logging
import Synchronization

/// Options every workflow command shares: output formats, files, limits, progress.
struct WorkflowFlags: ParsableArguments {
    @Flag(help: "Print the result as machine-readable JSON on standard output.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress lines on standard error.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log solver progress and GLPK's output on standard error.")
    var verbose = false

    @Option(name: .customLong("time-limit"), help: "Seconds for the whole command, reading the model included (default: the model's, else 30).")
    var timeLimit: Double?

    @Option(name: .customLong("max-utilization"), help: "Headroom: the most of each host's capacity the target may use, 0.8 or cpu=0.8,memory=0.9 (default 1).")
    var maxUtilization: String?

    @Flag(name: .customLong("repair-violations"), help: "Also repair the rules the current placement already breaks (by default they are kept as found and named).")
    var repairViolations = false

    @Option(help: "Write the plan to this file (berth-plan/1, readable by `berth simulate`).")
    var output: String?

    @Option(name: .customLong("placement-output"), help: "Write the target placement to this file (berth-placement/1).")
    var placementOutput: String?

    @Option(name: .customLong("apply-to"), help: "Write the model as it will be once the plan has run (berth/1) to this file.")
    var applyTo: String?

    @Option(help: "Write a self-contained HTML report (utilisation bars, Gantt chart, metrics) to this file.")
    var report: String?

    func validate() throws {
        if let timeLimit, let problem = TimeBudget.problem(timeLimit) { throw ValidationError("--time-limit \(problem)") }
        if let maxUtilization, Headroom.parse(maxUtilization) == nil {
            throw ValidationError("--max-utilization must look like 0.8 or cpu=0.8,memory=0.9 (got '\(maxUtilization)')")
        }
        try OutputFile.checkWritable(output, flag: "--output")
        try OutputFile.checkWritable(placementOutput, flag: "--placement-output")
        try OutputFile.checkWritable(applyTo, flag: "--apply-to")
        try OutputFile.checkWritable(report, flag: "--report")
    }

    func options() -> WorkflowOptions {
        var options = WorkflowOptions(timeLimit: timeLimit.map(TimeBudget.duration))
        options.interruption = Interrupts.token
        options.maxUtilization = maxUtilization.flatMap(Headroom.parse) ?? [:]
        options.repairViolations = repairViolations
        if verbose {
            var logger = Logger(label: "berth") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .debug
            options.logger = logger
        }
        if !quiet { options.progress = ProgressLine().report }
        return options
    }
}

/// Progress on standard error: every step, and the MIP search at most once a second.
final class ProgressLine: Sendable {
    private let lastSearch = Mutex<Double>(-1)

    func report(_ event: WorkflowEvent) {
        if case .searching(let elapsed, _, _, _) = event {
            let due = lastSearch.withLock { last in
                guard elapsed - last >= 1 else { return false }
                last = elapsed
                return true
            }
            if !due { return }
        }
        writeStandardError("berth: \(event)")
    }
}

/// Runs a workflow from the command line: load the model, run, print, write files, exit with the code.
enum WorkflowCLI {
    static func run(model path: String, flags: WorkflowFlags, _ body: (Instance, WorkflowOptions) throws(WorkflowError) -> WorkflowReport) -> Never {
        let model: Instance
        do { model = try InstanceCodec.loadInstance(path: path) } catch { failOnInput(error, json: flags.json) }
        let report: WorkflowReport
        var options = flags.options()
        options.deadline = CommandClock.deadline((flags.timeLimit ?? model.timeLimit ?? 30) * 0.97)
        do { report = try body(model, options) } catch { fail(error, json: flags.json) }

        var files: [(String, Data)] = []
        if let output = flags.output { files.append((output, InstanceCodec.encodeOrEmpty(report.schedule.plan))) }
        if let placement = flags.placementOutput { files.append((placement, InstanceCodec.encodeOrEmpty(report.placement.placement))) }
        if let applied = flags.applyTo {
            var next = model.applying(report.placement.placement)
            next.cluster.hosts = next.cluster.hosts.map { host in
                var host = host
                if let solved = report.instance.cluster.host(host.id), solved.state == .maintenance { host.state = .maintenance }
                return host
            }
            files.append((applied, InstanceCodec.encodeOrEmpty(next)))
        }
        if let html = flags.report { files.append((html, Data(WorkflowHTMLReport.html(report, title: "berth \(report.workflow) \(path)").utf8))) }
        for (file, data) in files { OutputFile.write(data, to: file) }

        let result = BerthResult(report)
        if flags.json { printJSON(result) } else { print(text(report, model: path)) }
        exit(result.exitCode)
    }

    /// Prints why the workflow stopped and exits with its code (2, 3, 4 or 5).
    static func fail(_ error: WorkflowError, json: Bool, command: String = currentCommand()) -> Never {
        let result = BerthResult(command: command, error)
        if json { printJSON(result) }
        switch error {
        case .invalidRequest, .internalFailure, .cancelled: writeStandardError(error.description)
        default: if !json { print(error.description) }
        }
        exit(result.exitCode)
    }

    static func text(_ report: WorkflowReport, model: String) -> String {
        var lines = [report.summary]
        if report.placement.limit == .interrupted { lines.append("interrupted  the search was interrupted: this is the best placement found so far") }
        for promise in report.promises { lines.append("promise      \(promise.holds ? "kept" : "BROKEN"): \(promise.promise) (\(promise.detail))") }
        for finding in report.findings { lines.append("finding      \(finding)") }
        lines.append("checked      \(report.planViolations.count) plan violations against \(report.instance.constraints.count) constraints + built-in rules; "
            + "simulated timeline: \(report.timelineViolations.count) violations")
        lines += PlanReport.metricsText(report.simulation)
        for violation in report.timelineViolations { lines.append("simulated    \(violation)") }
        if !report.schedule.plan.actions.isEmpty {
            lines.append("")
            lines.append(report.schedule.plan.table)
        }
        return lines.joined(separator: "\n")
    }
}
