import ArgumentParser
import Berth
import Foundation
import Logging

/// Exit codes a batch scheduler can act on.
enum ExitStatus: Int32 {
    /// Solved to proven optimality (or the check passed).
    case solved = 0
    /// A valid placement, not proven optimal within the limit.
    case feasible = 1
    /// Infeasible request (or a placement that breaks constraints), with the conflicts named.
    case infeasible = 2
    /// Bad input: unreadable file, malformed JSON, unknown ids, bad flags.
    case badInput = 3
    /// Internal error: solver failure or a placement that failed the independent check.
    case internalError = 4
    /// No placement found and none proven impossible within the time limit: the suspects are named.
    case unknown = 5
}

@main
struct BerthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "Placement, consolidation and migration planning for virtualized data centers.",
        discussion: """
            Exit codes: 0 solved (optimal) or check passed; 1 feasible but not proven optimal at the limit \
            (or interrupted: the best result so far); 2 infeasible (conflicting constraints named), check failed, \
            or a start that already breaks a rule the plan must keep; 3 bad input; 4 internal error; \
            5 unknown (nothing found or proven in time). --time-limit bounds the whole command; SIGINT or \
            SIGTERM stops the search and keeps its best result, a second one stops at once.
            """,
        version: "0.1.0",
        subcommands: [
            SolveCommand.self, CheckCommand.self, CompileCommand.self, PlanCommand.self, ReplanCommand.self, SimulateCommand.self,
            DrainCommand.self, UndrainCommand.self, ConsolidateCommand.self, RefreshCommand.self, BalanceCommand.self,
            HotSpotsCommand.self, EvacuateCommand.self, WhatIfCommand.self, ImportCommand.self,
            ExportCommand.self, RoadefEvalCommand.self, RoadefSolveCommand.self, ServeCommand.self, SweepCommand.self,
        ])

    static func main() {
        _ = CommandClock.start
        do {
            var command = try parseAsRoot()
            // `serve` stops gracefully through its own signal handling (swift-service-lifecycle).
            if !(command is ServeCommand) { Interrupts.install() }
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            if exitCode(for: error) == .success { Self.exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.badInput.rawValue)
        }
    }
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON on standard output.")
    var json = false

    @Flag(name: .shortAndLong, help: "Log solver progress and GLPK's output on standard error.")
    var verbose = false

    func makeLogger() -> Logger? {
        guard verbose else { return nil }
        var logger = Logger(label: "berth") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .debug
        return logger
    }
}

func writeStandardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Prints an input error (text or JSON) and exits with the bad-input code.
func failOnInput(_ error: InputError, json: Bool) -> Never {
    if json { printJSON(BerthResult(command: currentCommand(), error)) }
    writeStandardError(error.description)
    exit(ExitStatus.badInput.rawValue)
}

/// Reads a model and, when given, applies a .berth rules script to it; bad input exits 3.
func loadInstance(model: String, rules: String?, json: Bool) -> Instance {
    let instance: Instance
    do { instance = try InstanceCodec.loadInstance(path: model) } catch { failOnInput(error, json: json) }
    guard let rules else { return instance }
    let text: String
    do {
        text = try String(contentsOfFile: rules, encoding: .utf8)
    } catch {
        failOnInput(InputError(file: rules, issues: [InputIssue(path: "(file)", message: "the file cannot be read")]), json: json)
    }
    let script: RulesScript
    do {
        script = try RulesScript.parse(text, cluster: instance.cluster, file: rules)
    } catch {
        if json { printJSON(BerthResult(command: currentCommand(), [error])) }
        writeStandardError(error.description)
        exit(ExitStatus.badInput.rawValue)
    }
    let problems = script.issues(appliedTo: instance, file: rules)
    if !problems.isEmpty {
        if json { printJSON(BerthResult(command: currentCommand(), problems)) }
        writeStandardError(problems.map(\.description).joined(separator: "\n"))
        exit(ExitStatus.badInput.rawValue)
    }
    return script.applied(to: instance)
}

func printJSON(_ object: Any) {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

/// Prints a result in the `berth-result/1` contract.
func printJSON(_ result: BerthResult) {
    do {
        FileHandle.standardOutput.write(try result.jsonData() + Data("\n".utf8))
    } catch {
        writeStandardError("internal error: the result cannot be written as JSON: \(error)")
        exit(ExitStatus.internalError.rawValue)
    }
}

/// The subcommand this process runs (`solve`, `plan`, …), as results name it.
func currentCommand() -> String {
    let arguments = CommandLine.arguments.dropFirst()
    guard let first = arguments.first, !first.hasPrefix("-") else { return "berth" }
    return first == "roadef" ? arguments.prefix(2).joined(separator: " ") : first
}
