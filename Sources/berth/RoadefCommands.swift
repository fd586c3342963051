import ArgumentParser
import Berth
import Foundation

/// `berth import roadef MODEL.txt ASSIGNMENT.txt > instance.json`.
struct RoadefImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadef",
        abstract: "Convert a ROADEF/EURO 2012 machine-reassignment instance (model + initial assignment).")

    @Argument(help: "The model file (model_*.txt).")
    var model: String

    @Argument(help: "The initial assignment (assignment_*.txt).")
    var assignment: String

    func run() throws {
        let instance: Instance
        do { instance = try RoadefImport.load(modelPath: model, assignmentPath: assignment).instance } catch { failOnInput(error, json: false) }
        do {
            FileHandle.standardOutput.write(try InstanceCodec.encode(instance) + Data("\n".utf8))
        } catch {
            writeStandardError("cannot encode the instance: \(error)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }
}

/// `berth export roadef INSTANCE.json PLACEMENT.json > solution.txt`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a placement in another engine's format on standard output.",
        subcommands: [RoadefExportCommand.self])
}

struct RoadefExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadef",
        abstract: "Write a placement as a ROADEF/EURO 2012 solution: one host index per VM, in instance order.")

    @Argument(help: "The Berth instance (berth/1 JSON), e.g. from `berth import roadef`.")
    var instance: String

    @Argument(help: "The placement (berth-placement/1 JSON).")
    var placement: String

    func run() throws {
        let model: Instance, target: Placement, text: String
        do {
            model = try InstanceCodec.loadInstance(path: instance)
            target = try InstanceCodec.loadPlacement(path: placement, for: model.cluster)
        } catch { failOnInput(error, json: false) }
        do { text = try RoadefImport.solution(target, in: model) } catch {
            failOnInput(InputError(file: placement, issues: error.issues), json: false)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// `berth roadef-eval MODEL.txt ASSIGNMENT.txt [SOLUTION.txt]`: the challenge objective and feasibility.
struct RoadefEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadef-eval",
        abstract: "Evaluate a ROADEF/EURO 2012 solution (the initial assignment when omitted): objective breakdown and hard constraints.",
        discussion: "Exit codes: 0 feasible, 2 infeasible (violations listed), 3 bad input.")

    @Argument(help: "The model file (model_*.txt).")
    var model: String

    @Argument(help: "The initial assignment (assignment_*.txt).")
    var assignment: String

    @Argument(help: "The solution to evaluate (same format as the assignment).")
    var solution: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let cost: RoadefCost
        do {
            let loaded = try RoadefImport.load(modelPath: model, assignmentPath: assignment)
            var machines = loaded.initial
            if let solution { machines = try loaded.model.assignment(text: try RoadefImport.text(solution), file: solution) }
            cost = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(machines, in: loaded.instance))
        } catch { failOnInput(error, json: common.json) }
        func n(_ v: Double) -> Int64 { Int64(v.rounded()) }
        if common.json {
            printJSON([
                "total": n(cost.total), "feasible": cost.isFeasible, "load": n(cost.load), "balance": n(cost.balance),
                "processMove": n(cost.processMove), "serviceMove": n(cost.serviceMove), "machineMove": n(cost.machineMove),
                "violations": cost.violations.map(\.description),
            ] as [String: Any])
        } else {
            print(cost.description)
            for violation in cost.violations.prefix(20) { print("violation: \(violation)") }
        }
        if !cost.isFeasible { throw ExitCode(ExitStatus.infeasible.rawValue) }
    }
}

/// `berth roadef-solve MODEL.txt ASSIGNMENT.txt [--time-limit S] [--seed N] [--warm-start SOLUTION.txt] > solution.txt`.
struct RoadefSolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadef-solve",
        abstract: "Improve a ROADEF/EURO 2012 assignment (local search and GLPK large-neighbourhood search); the solution goes to standard output, the cost to standard error.",
        discussion: "Exit codes: 0 solution written and confirmed by the evaluator, 3 bad input, 4 the evaluator disagrees (internal error).")

    @Argument(help: "The model file (model_*.txt).")
    var model: String

    @Argument(help: "The initial assignment (assignment_*.txt).")
    var assignment: String

    @Option(help: "Seconds to search.")
    var timeLimit: Double = 300

    @Option(help: "Seed of the search (same seed and round budget, same result).")
    var seed: UInt64 = 1

    @Option(help: "Most search rounds (a deterministic budget); default: until the time limit.")
    var maxRounds: Int?

    @Option(help: "A feasible solution (challenge format) to start from instead of the initial assignment, e.g. an earlier run's; move costs still count from the initial assignment.")
    var warmStart: String?

    func validate() throws {
        if let problem = TimeBudget.problem(timeLimit) { throw ValidationError("--time-limit \(problem)") }
    }

    func run() throws {
        let loaded: (model: RoadefModel, initial: [Int], instance: Instance)
        var start: [Int]?
        do {
            loaded = try RoadefImport.load(modelPath: model, assignmentPath: assignment)
            if let warmStart { start = try loaded.model.assignment(text: try RoadefImport.text(warmStart), file: warmStart) }
        } catch { failOnInput(error, json: false) }
        if let start, let warmStart {
            let judged = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(start, in: loaded.instance))
            guard judged.isFeasible else {
                writeStandardError("\(warmStart): the warm start is not feasible: " + judged.violations.prefix(5).map(\.description).joined(separator: "; "))
                throw ExitCode(ExitStatus.badInput.rawValue)
            }
        }
        // The challenge's search moves between feasible assignments: it needs a feasible start.
        let initial = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(loaded.initial, in: loaded.instance))
        if start == nil, !initial.isFeasible {
            writeStandardError("\(assignment): the initial assignment is not feasible (\(initial.violations.count) violations): "
                + initial.violations.prefix(5).map(\.description).joined(separator: "; ")
                + "; give a feasible one, or a feasible --warm-start")
            throw ExitCode(ExitStatus.infeasible.rawValue)
        }
        var solver = RoadefSolver(seed: seed, timeLimit: timeLimit, maxRounds: maxRounds)
        solver.cancellation = Interrupts.token
        let result = solver.solve(loaded.model, initial: loaded.initial, warmStart: start)
        if start != nil && !result.warmStarted {
            writeStandardError("internal error: the evaluator accepts the warm start, the search does not")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        let judged = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(result.assignment, in: loaded.instance))
        writeStandardError("initial=\(result.initialCost) \(judged) rounds=\(result.rounds) neighbourhoods=\(result.neighbourhoodImprovements)/\(result.neighbourhoodsSolved) lastImprovement=\(String(format: "%.1f", result.lastImprovementSeconds))s"
            + " gained(descent/annealing/reheated/polishing)=\(result.gainedBy.descent)/\(result.gainedBy.annealing)/\(result.gainedBy.reheated)/\(result.gainedBy.polishing)"
            + " keptAway=\(result.keptAway.map(String.init).joined(separator: ","))")
        guard judged.isFeasible, Int64(judged.total.rounded()) == result.cost else {
            writeStandardError("internal error: the search reports \(result.cost), the evaluator \(judged)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
        print(result.assignment.map(String.init).joined(separator: " "))
        if Interrupts.token.isCancelled {
            writeStandardError("interrupted: this is the best assignment found so far")
            throw ExitCode(ExitStatus.feasible.rawValue)
        }
    }
}
