import Foundation
import Testing

@testable import Berth

/// Answers must not depend on the unit a resource is counted in, and input that would overflow or
/// expand without bound is refused (issue 28).
@Suite struct NumericsTests {
    /// Models/demo-8hosts.json with its memory counted in `factor` × MiB.
    static func demo(memoryScaledBy factor: Double) throws -> Instance {
        var instance = try Fixtures.model("demo-8hosts.json")
        for h in instance.cluster.hosts.indices { instance.cluster.hosts[h].capacity["memory"] *= factor }
        for v in instance.cluster.vms.indices { instance.cluster.vms[v].demand["memory"] *= factor }
        instance.objective = .balance
        return instance
    }

    /// Bytes once gave a peak of 0.5625 called optimal where MiB and GiB gave 0.5: GLPK's absolute
    /// tolerances on rows of 10¹⁰ pruned feasible nodes. Rows are now scaled before GLPK.
    @Test func bytesMiBAndGiBGiveTheSamePlacement() throws {
        var answers: [(value: Double, migrations: Int, optimal: Bool)] = []
        for factor in [1_048_576, 1, 1.0 / 1024] {
            let result = try #require(try Fixtures.solved(try Self.demo(memoryScaledBy: factor)))
            answers.append((result.objectiveValue, result.moves.count, result.isOptimal))
        }
        #expect(answers.allSatisfy { $0.optimal }, "\(answers)")
        #expect(answers.allSatisfy { abs($0.value - answers[1].value) < 1e-9 }, "\(answers)")
        #expect(answers.allSatisfy { $0.migrations == answers[1].migrations }, "\(answers)")
    }

    /// The checker's tolerance is relative: a tenfold overload is an overload in any unit.
    @Test func checkerToleranceIsRelative() {
        #expect(CapacityTolerance.exceeds(1e-6, 1e-7))
        #expect(!CapacityTolerance.exceeds(1e-7 * (1 + 1e-12), 1e-7))
        #expect(CapacityTolerance.exceeds(1.1e16, 1e16))
        #expect(!CapacityTolerance.exceeds(1e16 + 1, 1e16))
    }

    @Test func duplicateKeysAreFoundWithTheirPath() {
        let text = #"{"a": [{"x": 1}, {"y": {"k": 1, "k\"": 2, "k": 3}}], "b": "k"}"#
        let found = JSONDuplicateKeys.first(in: Data(text.utf8))
        #expect(found?.path == "a[1].y.k")
        #expect(JSONDuplicateKeys.first(in: Data(#"{"a": {"k": 1}, "b": {"k": 2}, "c": ["k", "k"]}"#.utf8)) == nil)
    }

    @Test("objects with many keys (hashed) and nested ones that reuse their parent's keys")
    func duplicateKeysInLargeObjects() {
        let keys = (0..<200).map { "\"key-\($0)\": {\"key-\($0)\": 1, \"inner\": [\"key-1\"]}" }
        let clean = "{\"map\": {" + keys.joined(separator: ", ") + "}}"
        #expect(JSONDuplicateKeys.first(in: Data(clean.utf8)) == nil)
        let twice = "{\"map\": {" + keys.joined(separator: ", ") + ", \"key-17\": 0}}"
        let found = JSONDuplicateKeys.first(in: Data(twice.utf8))
        #expect(found?.path == "map.key-17")
        #expect(found?.key == "key-17")
    }

    @Test func gzipBombsStopAtTheLimit() throws {
        // 64 KiB of zeros, gzipped by the system's gzip: it must stop at a 1 KiB limit.
        let zeros = FileManager.default.temporaryDirectory.appendingPathComponent("berth-zeros-\(UUID().uuidString)")
        try Data(count: 65_536).write(to: zeros)
        defer { try? FileManager.default.removeItem(at: zeros) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -c '\(zeros.path)'"]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let compressed = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        #expect(try Gunzip.decompress(compressed).count == 65_536)
        #expect(throws: Gunzip.Failure.self) { _ = try Gunzip.decompress(compressed, maximumBytes: 1024) }
    }

    @Test func timeBudgetsNeverTrap() {
        #expect(TimeBudget.problem(.infinity) != nil)
        #expect(TimeBudget.problem(.nan) != nil)
        #expect(TimeBudget.problem(1e16) != nil)
        #expect(TimeBudget.problem(30) == nil)
        #expect(TimeBudget.duration(.infinity) == .seconds(30 * 86_400))
        #expect(TimeBudget.duration(.nan) == .milliseconds(1))
        #expect(TimeBudget.duration(-5) == .milliseconds(1))
    }
}
