import Berth
import Foundation

/// ROADEF/EURO 2012 dataset A (`roadef2012/A`): `RoadefSolver` for `seconds` per instance (300 s,
/// the challenge's limit, unless `BERTH_ROADEF_SECONDS` says otherwise), each result re-judged by
/// `RoadefEvaluator` on the imported general rules. Score = 100 · (cost − best known) / initial cost.
struct RoadefBenchmark {
    var seconds: Double = 300
    var seed: UInt64 = 1
    /// Most rounds (`BERTH_ROADEF_ROUNDS`): with it the work, and so the result, no longer depends
    /// on the machine's speed, which makes the time of a run a measure of the moves' speed.
    var maxRounds: Int? = nil
    /// Folder where each solution is written as `solution_<instance>.txt` (`BERTH_ROADEF_SOLUTIONS`),
    /// for checking with the challenge's or any other evaluator.
    var solutions: String? = nil
    /// Folder of earlier solutions (`solution_<instance>.txt`) to start from instead of the initial
    /// assignment (`BERTH_ROADEF_WARM`), to study the late phases of a run on their own.
    var warmStarts: String? = nil
    /// Work per round and how it is split (BERTH_LNS_K/FREE/N, BERTH_ANNEAL, BERTH_ANNEAL_N,
    /// BERTH_LAHC_H/N, BERTH_POLISHERS, BERTH_POLISH_FROM, BERTH_RELIEF_K/FREE/SECONDS, ...).
    var effort = RoadefSolver.Effort()
    var searches = 2
    /// Instances to run (`BERTH_ROADEF_INSTANCES`, comma-separated); all ten by default.
    var instances = ["a1_1", "a1_2", "a1_3", "a1_4", "a1_5", "a2_1", "a2_2", "a2_3", "a2_4", "a2_5"]

    func run() {
        let folder = BenchData.folder("roadef2012")
        let known = knownValues(folder.appendingPathComponent("known_values.csv"))
        print("### ROADEF/EURO 2012 dataset A — simulated annealing ‖ late acceptance + GLPK LNS, 2 threads, \(fixed(seconds, 0)) s per instance, seed \(seed)\n")
        print("| instance | initial | Berth | best known | score | last improvement (s) | rounds | LNS improved / solved | evaluator |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        var scores: [Double] = []
        for name in instances {
            let model = folder.appendingPathComponent("A/model_\(name).txt").path
            let assignment = folder.appendingPathComponent("A/assignment_\(name).txt").path
            guard let loaded = try? RoadefImport.load(modelPath: model, assignmentPath: assignment) else {
                print("| \(name) | cannot read | | | | | | | |")
                continue
            }
            var warmStart: [Int]?
            if let warmStarts {
                let path = URL(fileURLWithPath: warmStarts).appendingPathComponent("solution_\(name).txt").path
                do {
                    warmStart = try loaded.model.assignment(text: try RoadefImport.text(path), file: path)
                } catch {
                    print("| \(name) | cannot read warm start: \(error) | | | | | | | |")
                    continue
                }
            }
            let solver = RoadefSolver(seed: seed, timeLimit: seconds, maxRounds: maxRounds, searches: searches, effort: effort)
            let result = solver.solve(loaded.model, initial: loaded.initial, warmStart: warmStart) { round, cost, at in
                FileHandle.standardError.write(Data("\(name) round \(round): \(cost) at \(fixed(at, 1)) s\n".utf8))
            }
            let gained = result.gainedBy
            FileHandle.standardError.write(Data("\(name) gained by descent \(gained.descent), annealing \(gained.annealing), reheated \(gained.reheated), polishing \(gained.polishing); kept away \(result.keptAway)\n".utf8))
            if warmStart != nil && !result.warmStarted {
                print("| \(name) | warm start is not a feasible assignment | | | | | | | |")
                continue
            }
            if let solutions {
                let url = URL(fileURLWithPath: solutions).appendingPathComponent("solution_\(name).txt")
                try? FileManager.default.createDirectory(atPath: solutions, withIntermediateDirectories: true)
                try? (result.assignment.map(String.init).joined(separator: " ") + "\n").write(to: url, atomically: true, encoding: .utf8)
            }
            let judged = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(result.assignment, in: loaded.instance))
            let agrees = judged.isFeasible && Int64(judged.total.rounded()) == result.cost
            let best = known[name] ?? 0
            let score = 100 * Double(result.cost - best) / Double(result.initialCost)
            scores.append(score)
            print("| \(name) | \(result.initialCost) | \(result.cost) | \(best) | \(fixed(score, 3)) | \(fixed(result.lastImprovementSeconds, 1)) | \(result.rounds) | \(result.neighbourhoodImprovements) / \(result.neighbourhoodsSolved) | "
                + (agrees ? "feasible, same cost" : "DISAGREES: \(judged)") + " |")
        }
        if !scores.isEmpty { print("\nmean score \(fixed(scores.reduce(0, +) / Double(scores.count), 3))") }
    }

    /// `instance → best_known_ub` from known_values.csv.
    private func knownValues(_ url: URL) -> [String: Int64] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var values: [String: Int64] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count > 4, let value = Int64(fields[4]) { values[String(fields[0])] = value }
        }
        return values
    }
}
