import Foundation
import Testing

/// The workflow commands as a separate process: the nightly job, exit codes, files written atomically.
@Suite struct WorkflowCLITests {
    static func json(_ run: CLITests.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func nightlyConsolidationTwiceProposesNothingTheSecondTime() throws {
        let next = PlanCLITests.temporaryPath("next.json"), plan = PlanCLITests.temporaryPath("plan.json")
        defer { for f in [next, plan] { try? FileManager.default.removeItem(atPath: f) } }
        let first = try CLITests.berth("consolidate", "Models/workflow-cluster.json", "--power-off", "--json", "--quiet",
                                       "--apply-to", next, "--output", plan)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty, "--quiet: no progress lines")
        let result = try Self.json(first)
        #expect((result["solve"] as? [String: Any])?["migrations"] as? Int == 7)
        #expect((result["shutDownHosts"] as? [String])?.count == 5)
        #expect((result["checked"] as? [String: Any])?["violations"] as? Int == 0)
        #expect(result["schema"] as? String == "berth-result/1" && result["command"] as? String == "consolidate")
        #expect(try String(contentsOfFile: plan, encoding: .utf8).contains("berth-plan/1"))
        let second = try CLITests.berth("consolidate", next, "--power-off", "--json", "--quiet")
        #expect(second.status == 0, "\(second.stderr)")
        #expect((try Self.json(second)["solve"] as? [String: Any])?["migrations"] as? Int == 0)
        #expect((try Self.json(second)["summary"] as? String)?.contains("0 migrations") == true)
    }

    @Test func consolidationIsTheSameAcrossProcesses() throws {
        let runs = try (0..<2).map { _ in try CLITests.berth("consolidate", "Models/workflow-cluster.json", "--power-off", "--json", "-q") }
        #expect(runs.allSatisfy { $0.status == 0 })
        // Everything but the solver's timings is identical.
        func stable(_ run: CLITests.Run) throws -> String {
            var json = try Self.json(run)
            json["summary"] = nil
            json["solve"] = (json["solve"] as? [String: Any])?.filter { $0.key != "solveSeconds" }
            json["scheduler"] = (json["scheduler"] as? [String: Any])?.filter { $0.key != "seconds" }
            return String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
        }
        #expect(try stable(runs[0]) == stable(runs[1]))
    }

    @Test func badInputExitsThreeAndWritesNoFile() throws {
        let output = PlanCLITests.temporaryPath("out.json"), report = PlanCLITests.temporaryPath("report.html")
        let broken = try CLITests.temporary("broken.json", #"{"format": "berth/1", "resources": ["cpu"], "hosts": [], "vms": [], "bogus": 1}"#)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let run = try CLITests.berth("consolidate", broken, "--output", output, "--report", report)
        #expect(run.status == 3)
        #expect(run.stderr.contains("bogus"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output) && !FileManager.default.fileExists(atPath: report))

        let history = try CLITests.temporary("history.csv", "time,vm,resource,value\n0,web-1,cpu,lots\n")
        defer { try? FileManager.default.removeItem(atPath: history) }
        let badHistory = try CLITests.berth("consolidate", "Models/workflow-cluster.json", "--history", history, "--output", output)
        #expect(badHistory.status == 3)
        #expect(badHistory.stderr.contains(":2: expected time,vm,resource,value"), "\(badHistory.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))

        let unknownHost = try CLITests.berth("drain", "Models/workflow-cluster.json", "--hosts", "w1,nowhere", "--json")
        #expect(unknownHost.status == 3)
        #expect((try Self.json(unknownHost)["status"] as? String) == "invalid-input")
        #expect(unknownHost.stderr.contains("unknown host 'nowhere'"))
        #expect(try CLITests.berth("drain", "Models/workflow-cluster.json").status == 3, "one of --hosts, --rack, --blade-center")
        #expect(try CLITests.berth("hotspots", "Models/workflow-cluster.json", "--threshold", "cpu=high").status == 3)
        #expect(try CLITests.berth("what-if", "Models/workflow-whatif.json", "--add-hosts", "big").status == 3)
    }

    @Test func drainWritesAReportAndExitsTwoWhenARuleForbidsIt() throws {
        let report = PlanCLITests.temporaryPath("drain.html")
        defer { try? FileManager.default.removeItem(atPath: report) }
        let run = try CLITests.berth("drain", "Models/workflow-cluster.json", "--blade-center", "bc1", "--report", report)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("drain: optimal placement, 7 migrations"))
        #expect(run.stdout.contains("promise      kept: drained hosts empty and off"))
        #expect(run.stderr.contains("berth: drain: placing"), "progress on stderr")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("Utilisation per host"))
        let pinned = try CLITests.berth("drain", "Models/demo-8hosts.json", "--rack", "r1", "--quiet")
        #expect(pinned.status == 2)
        #expect(pinned.stdout.contains("legacy-pinned"))
    }

    @Test func drainThenUndrainThroughTheAppliedModel() throws {
        let drained = PlanCLITests.temporaryPath("drained.json")
        defer { try? FileManager.default.removeItem(atPath: drained) }
        let drain = try CLITests.berth("drain", "Models/workflow-cluster.json", "--hosts", "w1,w2", "--apply-to", drained, "-q")
        #expect(drain.status == 0, "\(drain.stderr)")
        #expect(try String(contentsOfFile: drained, encoding: .utf8).contains("maintenance"))
        let undrain = try CLITests.berth("undrain", drained, "--time-limit", "2", "--json", "-q")
        #expect([0, 1].contains(undrain.status), "\(undrain.stderr)")
        let json = try Self.json(undrain)
        #expect(json["command"] as? String == "undrain")
        #expect(((json["workflow"] as? [String: Any])?["promises"] as? [[String: Any]])?.allSatisfy { $0["holds"] as? Bool == true } == true)
        let after = try #require((json["workflow"] as? [String: Any])?["after"] as? [[String: Any]])
        #expect(after.filter { ["w1", "w2"].contains($0["host"] as? String) }.allSatisfy { $0["online"] as? Bool == true })
    }

    @Test func everyWorkflowCommandRunsOnItsModel() throws {
        let refresh = try CLITests.berth("refresh", "Models/workflow-refresh.json", "--retire", "rack=r-old", "--onto", "rack=r-new", "--json", "-q")
        #expect(refresh.status == 0, "\(refresh.stderr)")
        #expect((try Self.json(refresh)["bootedHosts"] as? [String])?.count == 2)
        let hotspots = try CLITests.berth("hotspots", "Models/workflow-cluster.json", "--threshold", "cpu=0.85,memory=0.9", "-q")
        #expect(hotspots.status == 0, "\(hotspots.stderr)")
        #expect(hotspots.stdout.contains("w1 hot on cpu: moving batch-1"))
        let evacuate = try CLITests.berth("evacuate", "Models/workflow-cluster.json", "--telemetry", "Models/telemetry/workflow-cluster.json", "--deadline", "400", "-q")
        #expect(evacuate.status == 0, "\(evacuate.stderr)")
        #expect(evacuate.stdout.contains("kept: evacuation finishes before the deadline"))
        let late = try CLITests.berth("evacuate", "Models/workflow-cluster.json", "--telemetry", "Models/telemetry/workflow-cluster.json", "--deadline", "60", "-q")
        #expect(late.status == 2)
        let whatIf = try CLITests.berth("what-if", "Models/workflow-whatif.json", "--add-vms", "app-1:6", "--add-hosts", "big:2", "--json", "-q")
        #expect(whatIf.status == 0, "\(whatIf.stderr)")
        let answer = try #require(try Self.json(whatIf)["whatIf"] as? [String: Any])
        #expect(answer["provenMinimal"] as? Bool == true)
        #expect((answer["scenario"] as? [String: Any])?["hostsOn"] as? Int == 2)
        let balance = try CLITests.berth("balance", "Models/workflow-cluster.json", "--time-limit", "2", "-q")
        #expect(balance.status == 0, "the peak descent proves it in milliseconds: \(balance.stdout)")
        #expect(balance.stdout.contains("kept: peak utilisation lowered"))
    }
}
