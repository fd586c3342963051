import ArgumentParser
import Berth
import Foundation

extension Objective: ExpressibleByArgument {}
extension PlacementMode: ExpressibleByArgument {}

/// Input formats `berth solve` reads.
enum InputFormat: String, ExpressibleByArgument, CaseIterable {
    case berth
    case btrplace
}

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Compute a checked target placement: moves, hosts switched on and off, objective, bound and gap.",
        discussion: "Exit codes: 0 optimal, 1 feasible but not proven optimal, 2 infeasible, 3 bad input, 4 internal error, 5 unknown (nothing found or proven in time).")

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Option(help: "Input format: berth (berth/1 JSON) or btrplace (BtrPlace JSON instance, .json or .json.gz).")
    var format: InputFormat = .berth

    @Option(help: "Objective: minHosts, minMigrations, balance or minCost (default: the instance's).")
    var objective: Objective?

    @Option(name: .customLong("time-limit"), help: "Seconds for the whole command, reading the model included (default: the instance's, else 30).")
    var timeLimit: Double?

    @Option(help: "Which VMs may move: auto, repair (misplaced ones only), rebuild (all) or heuristic (no MIP).")
    var mode: PlacementMode = .auto

    @Option(help: "Relative MIP gap at which to stop (0 proves optimality).")
    var gap: Double = 0

    @Option(help: "Write the target placement to this file (berth-placement/1, readable by `berth check`).")
    var output: String?

    @Option(name: .customLong("write-lp"), help: "Write the placement MIP as a CPLEX LP file, for debugging.")
    var writeLP: String?

    @Option(help: "A .berth rules script whose constraints (and objective, time limit) apply on top of the model.")
    var rules: String?

    @Option(name: .customLong("partition-size"), help: ArgumentHelp(
        "Cut the hosts, in model order, into partitions of at most this many and solve them concurrently; every VM stays in its partition (BtrPlace's fixed-size partitioning).",
        valueName: "hosts"))
    var partitionSize: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let timeLimit, let problem = TimeBudget.problem(timeLimit) { throw ValidationError("--time-limit \(problem)") }
        try OutputFile.checkWritable(output, flag: "--output")
        try OutputFile.checkWritable(writeLP, flag: "--write-lp")
        if !(gap >= 0 && gap < 1) { throw ValidationError("--gap must be in [0, 1)") }
        if let partitionSize, !(1...10_000_000).contains(partitionSize) { throw ValidationError("--partition-size must be 1...10000000 hosts") }
    }

    func run() throws {
        var instance: Instance
        switch format {
        case .berth:
            instance = loadInstance(model: model, rules: rules, json: common.json)
        case .btrplace:
            instance = loadBtrPlace(model).instance
            if rules != nil {
                writeStandardError("--rules applies to berth/1 models; convert with `berth import btrplace` first")
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        var options = PlacementOptions(
            objective: objective, timeLimit: .seconds(CommandClock.searchSeconds(limit: timeLimit ?? instance.timeLimit ?? 30)), mode: mode)
        options.cancellation = Interrupts.token
        options.relativeGap = gap
        options.lpPath = writeLP
        options.partitionSize = partitionSize
        options.logger = common.makeLogger()

        let outcome: PlacementOutcome
        do {
            outcome = try PlacementSolver(options: options).solve(instance)
        } catch {
            if case .invalidInstance(let input) = error { failOnInput(input, json: common.json) }
            if common.json { printJSON(BerthResult(command: "solve", error)) }
            writeStandardError(error.description)
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        if case .placed(let result) = outcome, let output {
            OutputFile.write(InstanceCodec.encodeOrEmpty(result.placement), to: output)
        }
        let result = BerthResult(command: "solve", outcome)
        if common.json {
            printJSON(result)
        } else {
            switch outcome {
            case .placed(let placed): print(SolveReport.text(placed, model: model))
            case .infeasible(let report): print(SolveReport.text(report, model: model))
            case .unknown(let report): print("\(model): " + UnknownText.render(report))
            }
        }
        throw ExitCode(result.exitCode)
    }
}
