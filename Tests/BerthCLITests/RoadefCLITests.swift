import Foundation
import Testing

/// `berth import roadef`, `berth export roadef` and `berth roadef-eval` on the shipped a1_1 fixture.
@Suite struct RoadefCLITests {
    static let dir = "Tests/BerthTests/Fixtures/roadef"

    @Test func importExportAndEvaluateA1_1() throws {
        let imported = try CLITests.berth("import", "roadef", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt")
        #expect(imported.status == 0, "\(imported.stderr)")
        let instance = try CLITests.temporary("a1_1.json", imported.stdout)
        defer { try? FileManager.default.removeItem(atPath: instance) }

        let solution = try String(contentsOfFile: CLITests.root.appendingPathComponent("\(Self.dir)/solution_a1_1_cost44306501.txt").path, encoding: .utf8)
        let machines = solution.split(whereSeparator: \.isWhitespace)
        let vms = machines.enumerated().map { "\"p\($0.offset)\": \"m\($0.element)\"" }.joined(separator: ", ")
        let placement = try CLITests.temporary("placement.json", #"{"vms": {\#(vms)}, "onlineHosts": ["m0", "m1", "m2", "m3"]}"#)
        defer { try? FileManager.default.removeItem(atPath: placement) }
        let exported = try CLITests.berth("export", "roadef", instance, placement)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.split(whereSeparator: \.isWhitespace) == machines)

        let evaluated = try CLITests.berth("roadef-eval", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt",
                                           "\(Self.dir)/solution_a1_1_cost44306501.txt")
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        #expect(evaluated.stdout.hasPrefix("total=44306501 feasible=true load=31011730 balance=13294660"), "\(evaluated.stdout)")
        let initial = try CLITests.berth("roadef-eval", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(initial.stdout.utf8)) as? [String: Any])
        #expect(json["total"] as? Int == 49_528_750)
    }

    @Test func solveWritesAConfirmedSolution() throws {
        let run = try CLITests.berth("roadef-solve", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt", "--max-rounds", "1", "--time-limit", "3", "--seed", "3")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(whereSeparator: \.isWhitespace).count == 100)
        #expect(run.stderr.hasPrefix("initial=49528750 total="), "\(run.stderr)")
        let solution = try CLITests.temporary("solution.txt", run.stdout)
        defer { try? FileManager.default.removeItem(atPath: solution) }
        let evaluated = try CLITests.berth("roadef-eval", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt", solution)
        #expect(evaluated.status == 0)
        let total = run.stderr.split(separator: " ")[1]
        #expect(evaluated.stdout.hasPrefix(String(total) + " feasible=true"), "\(evaluated.stdout) vs \(run.stderr)")
    }

    @Test func solveFromAWarmStart() throws {
        let known = "\(Self.dir)/solution_a1_1_cost44306501.txt"
        let run = try CLITests.berth("roadef-solve", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt",
                                     "--max-rounds", "1", "--time-limit", "3", "--warm-start", known)
        #expect(run.status == 0, "\(run.stderr)")
        // The warm start is optimal (the best known value): the search can only keep its cost.
        #expect(run.stderr.hasPrefix("initial=49528750 total=44306501 feasible=true"), "\(run.stderr)")

        let crowded = try CLITests.temporary("crowded.txt", String(repeating: "0 ", count: 100) + "\n")
        defer { try? FileManager.default.removeItem(atPath: crowded) }
        let infeasible = try CLITests.berth("roadef-solve", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt", "--warm-start", crowded)
        #expect(infeasible.status == 3)
        #expect(infeasible.stderr.contains("\(crowded): the warm start is not feasible"), "\(infeasible.stderr)")
        let short = try CLITests.temporary("short.txt", "0 1 2\n")
        defer { try? FileManager.default.removeItem(atPath: short) }
        let truncated = try CLITests.berth("roadef-solve", "\(Self.dir)/model_a1_1.txt", "\(Self.dir)/assignment_a1_1.txt", "--warm-start", short)
        #expect(truncated.status == 3)
        #expect(truncated.stderr.contains(short), "\(truncated.stderr)")
    }

    @Test func badInputExitsThreeNamingFileAndLine() throws {
        let assignment = try CLITests.temporary("assignment.txt", String(repeating: "0 ", count: 50) + "\n9\n")
        defer { try? FileManager.default.removeItem(atPath: assignment) }
        let run = try CLITests.berth("import", "roadef", "\(Self.dir)/model_a1_1.txt", assignment)
        #expect(run.status == 3)
        #expect(run.stderr.contains("\(assignment): at line 2: the machine of process 50"), "\(run.stderr)")
        let missing = try CLITests.berth("roadef-eval", "\(Self.dir)/nope.txt", assignment)
        #expect(missing.status == 3 && missing.stderr.contains("nope.txt"))
    }
}
