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
        var options = WorkflowOptions(timeLimit: timeLimit)
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

        if flags.json { printJSON(object(report)) } else { print(text(report, model: path)) }
        exit(report.isOptimal ? ExitStatus.solved.rawValue : ExitStatus.feasible.rawValue)
    }

    /// Prints why the workflow stopped and exits with its code (2, 3 or 4).
    static func fail(_ error: WorkflowError, json: Bool) -> Never {
        let code: ExitStatus
        switch error {
        case .invalidRequest(let issues):
            if json { printJSON(["status": "invalid-input", "issues": issues.map { ["path": $0.path, "message": $0.message] }] as [String: Any]) }
            writeStandardError(error.description)
            code = .badInput
        case .infeasible(let report):
            if json {
                printJSON(["status": "infeasible", "conflicts": report.conflicts.map(\.id), "explanation": report.explanation] as [String: Any])
            } else { print(error.description) }
            code = .infeasible
        case .unknown(let report):
            if json {
                printJSON(["status": "unknown", "reason": report.reason, "suspects": report.suspects.map(\.id)] as [String: Any])
            } else { print(error.description) }
            code = .unknown
        case .unschedulable(let message):
            if json { printJSON(["status": "unschedulable", "message": message]) } else { print(error.description) }
            code = .infeasible
        case .internalFailure, .cancelled:
            if json { printJSON(["status": "error", "message": error.description]) }
            writeStandardError(error.description)
            code = .internalError
        }
        exit(code.rawValue)
    }

    static func object(_ report: WorkflowReport) -> [String: Any] {
        let result = report.placement
        func hosts(_ rows: [HostUtilization]) -> [[String: Any]] {
            rows.map { ["host": $0.host, "online": $0.online, "vms": $0.vmCount, "utilization": $0.byResource] as [String: Any] }
        }
        return [
            "workflow": report.workflow,
            "status": report.isOptimal ? "optimal" : "feasible",
            "interrupted": report.placement.limit == .interrupted,
            "summary": report.summary,
            "migrations": report.migrations,
            "moves": PlanReport.object(result.moves),
            "bootedHosts": report.schedule.plan.actions(.boot).compactMap(\.to),
            "shutDownHosts": report.schedule.plan.actions(.shutdown).compactMap(\.to),
            "placement": PlanReport.object(result.placement),
            "plan": PlanReport.object(report.schedule.plan),
            "simulation": PlanReport.metrics(report.simulation),
            "checked": ["planViolations": report.planViolations.count, "simulatedTimelineViolations": report.timelineViolations.count,
                        "constraints": report.constraintsChecked] as [String: Any],
            "before": hosts(report.before),
            "after": hosts(report.after),
            "findings": report.findings,
            "promises": report.promises.map { ["promise": $0.promise, "holds": $0.holds, "detail": $0.detail] as [String: Any] },
        ]
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
