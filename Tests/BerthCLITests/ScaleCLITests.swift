import Foundation
import Testing

/// `berth solve --partition-size` on an instance from the scale benchmark's generator
/// (Benchmarks/scale/generate.py, BtrPlace std-perf's rules), the way Benchmarks/scale.sh runs it.
@Suite struct ScaleCLITests {
    static func generate(_ family: String, nodes: Int) throws -> String? {
        guard Python.has("gzip") else { return nil }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-scale-\(UUID().uuidString)-\(family).json.gz").path
        let script = CLITests.root.appendingPathComponent("Benchmarks/scale/generate.py").path
        let run = try Python.run(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            script, "--family", family, "--nodes", "\(nodes)", "--vms", "\(nodes * 6)", "--seed", "3", "-o", path)
        #expect(run.status == 0, "\(run.output)")
        return path
    }

    @Test("a generated instance is repaired in 3 partitions, checked, with the partitions named", arguments: ["li", "nr"])
    func partitionedRepair(family: String) throws {
        guard let path = try Self.generate(family, nodes: 600) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLITests.berth("solve", "--format", "btrplace", path, "--partition-size", "200", "--mode", "heuristic", "--json", "--time-limit", "30")
        #expect(run.status == 1, "\(run.stderr)")  // feasible: partitions never claim optimality
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((json["checked"] as? [String: Any])?["violations"] as? Int == 0)
        let notes = json["notes"] as? [String] ?? []
        #expect(notes.contains { $0.hasPrefix("3 host partitions of at most 200 hosts") }, "\(notes)")
        let moves = json["moves"] as? [[String: Any]] ?? []
        #expect(!moves.isEmpty)  // li: overloaded hosts shed VMs; nr: ready VMs boot
    }

    @Test("the generator is deterministic and its instances match the rules it states")
    func generatorRules() throws {
        guard let first = try Self.generate("li", nodes: 300), let second = try Self.generate("li", nodes: 300) else { return }
        defer { for p in [first, second] { try? FileManager.default.removeItem(atPath: p) } }
        #expect(FileManager.default.contents(atPath: first) == FileManager.default.contents(atPath: second))
        let script = CLITests.root.appendingPathComponent("Benchmarks/scale/generate.py").path
        let stats = try Python.run(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", script, "--compare", first)
        #expect(stats.status == 0, "\(stats.output)")
        #expect(stats.output.contains("| nodes | 300 |") && stats.output.contains("| VMs | 1800 |"), "\(stats.output)")
        #expect(stats.output.contains("| largest uCpu demand (after preserve) |"))
    }

    @Test("--partition-size 0 is refused before reading the model")
    func badPartitionSize() throws {
        let run = try CLITests.berth("solve", "Models/demo-8hosts.json", "--partition-size", "0")
        #expect(run.status != 0)
        #expect(run.stderr.contains("--partition-size must be 1...10000000 hosts"), "\(run.stderr)")
    }
}
