import Foundation
import Testing

/// `berth sweep`: one row per scenario, the same rows with one or two worker processes, resumed
/// where it stopped, and bad sweep files named by path.
@Suite struct SweepCLITests {
    static func sweepFile(_ body: String) throws -> String {
        try CLITests.temporary("sweep.json", body.replacingOccurrences(of: "MODEL", with: CLITests.root.appendingPathComponent("Models/workflow-whatif.json").path))
    }

    static let sweep = """
        {"format": "berth-sweep/1", "model": "MODEL", "timeLimitSeconds": 5,
         "scenarios": [{"name": "rack r1 fails", "fail": "rack=r1"}],
         "product": {"grow": [1, 2, 3], "addHosts": [{}, {"big": 2}]}}
        """

    static func rows(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func workersGiveTheSameRowsAndAnInterruptedSweepResumes() throws {
        let file = try Self.sweepFile(Self.sweep)
        let one = PlanCLITests.temporaryPath("one.jsonl"), two = PlanCLITests.temporaryPath("two.jsonl"), csv = PlanCLITests.temporaryPath("two.csv")
        defer { for f in [file, one, two, csv] { try? FileManager.default.removeItem(atPath: f) } }
        let sequential = try CLITests.berth("sweep", file, "--output", one, "-q")
        #expect(sequential.status == 0, "\(sequential.stderr)")
        let parallel = try CLITests.berth("sweep", file, "--jobs", "2", "--output", two, "--csv", csv, "-q")
        #expect(parallel.status == 0, "\(parallel.stderr)")
        let a = try Self.rows(one), b = try Self.rows(two)
        #expect(a.count == 7 && b.count == 7)
        func stable(_ row: [String: Any]) -> NSDictionary { NSDictionary(dictionary: row.filter { $0.key != "seconds" }) }
        #expect(a.map(stable) == b.map(stable), "the rows do not depend on the number of workers")
        #expect(a.first?["scenario"] as? String == "rack r1 fails")
        #expect(a.contains { $0["scenario"] as? String == "addHosts=big:2 grow=3" })
        // Growth needs more hosts, and three times the load does not fit without the big hosts.
        let needed = Dictionary(uniqueKeysWithValues: a.map { ($0["scenario"] as! String, $0["hostsNeeded"] as? Int) })
        #expect((needed["grow=1"] ?? 0)! <= (needed["grow=2"] ?? 0)!)
        #expect(a.contains { $0["fits"] as? Bool == false && ($0["binding"] as? String)?.isEmpty == false })
        let table = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(table.count == 8 && table[0].hasPrefix("scenario,grow,variant,status,fits,hosts_needed,hosts_now,headroom_cpu"))

        // Resume: three rows already answered (as an interrupted run leaves them in OUTPUT.partial).
        let partialRun = PlanCLITests.temporaryPath("resume.jsonl")
        defer { try? FileManager.default.removeItem(atPath: partialRun); try? FileManager.default.removeItem(atPath: partialRun + ".partial") }
        let kept = try String(contentsOfFile: one, encoding: .utf8).split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
        try kept.write(toFile: partialRun + ".partial", atomically: true, encoding: .utf8)
        let resumed = try CLITests.berth("sweep", file, "--output", partialRun)
        #expect(resumed.status == 0 && resumed.stderr.contains("3 of 7 scenarios answered already"), "\(resumed.stderr)")
        #expect(try Self.rows(partialRun).map(stable) == a.map(stable))
        #expect(!FileManager.default.fileExists(atPath: partialRun + ".partial"))
    }

    @Test(arguments: [
        (#"{"format": "berth-sweep/1", "model": "MODEL", "product": {"grwo": [1, 2]}}"#, "product.grwo"),
        (#"{"format": "berth-sweep/1", "model": "MODEL", "scenarios": [{"fail": "rack=r9"}]}"#, "scenarios[0].fail"),
        (#"{"format": "berth-sweep/1", "model": "MODEL", "scenarios": [{"grow": -1}]}"#, "scenarios[0].grow"),
        (#"{"format": "berth-sweep/1", "model": "MODEL"}"#, "scenarios"),
        (#"{"format": "berth-sweep/1", "model": "MODEL", "product": {"grow": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "addVMs": [{"app-1": 1}, {"app-1": 2}, {"app-1": 3}, {"app-1": 4}, {"app-1": 5}, {"app-1": 6}, {"app-1": 7}, {"app-1": 8}, {"app-1": 9}, {"app-1": 10}], "fail": ["s1", "s2", "s3", "big", "s1,s2", "s2,s3", "s1,s3", "rack=r1", "rack=r2", "s1,big"], "removeHosts": ["s1", "s2", "s3", "big", "s1,s2", "s2,s3", "s1,s3", "rack=r1", "rack=r2", "s1,big", "s2,big"]}}"#, "product"),
    ])
    func badSweepFilesNameThePath(_ body: String, _ path: String) throws {
        let file = try Self.sweepFile(body)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try CLITests.berth("sweep", file)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("at \(path)"), "\(run.stderr)")
    }
}

/// The bundled sweep runs as the README shows it.
@Suite struct BundledSweepTests {
    @Test func theCapacitySweepAnswersEveryScenario() throws {
        let csv = PlanCLITests.temporaryPath("capacity.csv")
        defer { try? FileManager.default.removeItem(atPath: csv) }
        let report = PlanCLITests.temporaryPath("capacity.html")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let run = try CLITests.berth("sweep", "Models/capacity-sweep.json", "--jobs", "2", "--csv", csv, "--report", report, "-q")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n")
        #expect(rows.count == 32)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 33)
        #expect(!run.stdout.contains("\"status\":\"error\""))
        // The plot: one curve per variant, one mark per scenario.
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.components(separatedBy: "<circle").count - 1 == 32 && html.contains("<polyline") && html.contains("demand growth"))
    }
}
