import ArgumentParser
import Berth
import Foundation

struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Capacity planning: does the changed cluster fit, on how few hosts, with what headroom, and what binds.",
        discussion: "Exit codes: 0 fits on a proven-minimal host count; 1 fits, count not proven minimal; 2 does not fit; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(name: .customLong("add-hosts"), help: "TYPE:COUNT — copies of an existing host, added switched off (repeatable).")
    var addHosts: [String] = []

    @Option(name: .customLong("remove-hosts"), help: "Hosts taken away: comma-separated ids or key=value.")
    var removeHosts: String?

    @Option(help: "Multiply every running VM's demand by this factor.")
    var grow: Double = 1

    @Option(name: .customLong("add-vms"), help: "TEMPLATE:COUNT — copies of an existing VM, to place (repeatable).")
    var addVMs: [String] = []

    @Option(help: "Hosts that fail: key=value (rack=r2) or comma-separated ids.")
    var fail: String?

    @Option(name: .customLong("max-utilization"), help: "Headroom the answer keeps: the most of each host's capacity a scenario may use, 0.9 or cpu=0.8,memory=0.9; 1 asks whether it fits at all.")
    var maxUtilization: String = "0.9"

    @Flag(help: "Print machine-readable JSON on standard output.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress lines on standard error.")
    var quiet = false

    @Option(name: .customLong("time-limit"), help: "Seconds for the whole command, reading the model included (default: the model's, else 30).")
    var timeLimit: Double?

    static func counted(_ items: [String], flag: String) throws -> [(template: String, count: Int)] {
        try items.map { item in
            guard let colon = item.lastIndex(of: ":"), let count = Int(item[item.index(after: colon)...]), count > 0 else {
                throw ValidationError("\(flag) must look like NAME:COUNT with COUNT > 0 (got '\(item)')")
            }
            return (String(item[..<colon]), count)
        }
    }

    func validate() throws {
        for (flag, items) in [("--add-hosts", addHosts), ("--add-vms", addVMs)] {
            let total = try Self.counted(items, flag: flag).reduce(0) { $0 &+ $1.count }
            if !(0...WhatIf.maximumAdded).contains(total) { throw ValidationError("\(flag) adds \(total); at most \(WhatIf.maximumAdded) at once") }
        }
        if Headroom.parse(maxUtilization) == nil {
            throw ValidationError("--max-utilization must look like 0.9 or cpu=0.8,memory=0.9 (got '\(maxUtilization)')")
        }
        if !(grow > 0 && grow <= WhatIf.maximumGrowth) { throw ValidationError("--grow must be > 0 and at most \(Int(WhatIf.maximumGrowth))") }
        if let timeLimit, let problem = TimeBudget.problem(timeLimit) { throw ValidationError("--time-limit \(problem)") }
    }

    func run() throws {
        let instance: Instance
        do { instance = try InstanceCodec.loadInstance(path: model) } catch { failOnInput(error, json: json) }
        var request = WhatIf.Request()
        request.addHosts = try Self.counted(addHosts, flag: "--add-hosts")
        request.addVMs = try Self.counted(addVMs, flag: "--add-vms")
        request.removeHosts = removeHosts.map(HostSelection.parse)
        request.fail = fail.map(HostSelection.parse)
        request.grow = grow
        let report: WhatIf.Report
        var options = WorkflowOptions(timeLimit: timeLimit.map(TimeBudget.duration))
        options.interruption = Interrupts.token
        options.maxUtilization = Headroom.parse(maxUtilization) ?? [:]
        options.deadline = CommandClock.deadline((timeLimit ?? instance.timeLimit ?? 30) * 0.97)
        if !quiet { options.progress = ProgressLine().report }
        do { report = try WhatIf.run(instance, request, options: options) } catch { WorkflowCLI.fail(error, json: json) }
        let result = BerthResult(report)
        if json {
            printJSON(result)
        } else {
            print(report.summary)
            print("changes      \(report.changes.isEmpty ? "none" : report.changes.joined(separator: "; "))")
            print("headroom     the scenario may use at most \(maxUtilization) of each host's capacity (--max-utilization)")
            let resources = instance.cluster.resources
            func row(_ name: String, _ c: WhatIf.Capacity?) -> String {
                guard let c else { return name.padding(toLength: 10, withPad: " ", startingAt: 0) + "does not fit" }
                let types = c.hostsOnByType.keys.sorted().map { "\($0) \(c.hostsOnByType[$0]!)" }.joined(separator: ", ")
                return name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%8d", c.hostsOn) + "  "
                    + resources.map { (c.headroom[$0].map { String(format: "%11.1f%%", $0 * 100) } ?? "           -") + " " }.joined()
                    + String(format: "%6.1f%%", c.peakUtilization * 100) + "  " + types
            }
            print("           hosts on  " + resources.map { String(repeating: " ", count: max(1, 13 - "\($0) room".count)) + "\($0) room" }.joined() + "  peak  hosts on by type")
            print(row("current", report.current))
            print(row("scenario", report.scenario))
            for line in report.explanation { print("binding      \(line)") }
        }
        throw ExitCode(result.exitCode)
    }
}
