import Foundation
import Testing

/// `berth plan` and `berth simulate` as a separate process: exit codes, outputs, files.
@Suite struct PlanCLITests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("berth-plan-\(UUID().uuidString)-\(name)").path
    }

    @Test func planWritesAPlanAGanttAndComparesThenSimulateReadsIt() throws {
        let planFile = Self.temporaryPath("plan.json"), gantt = Self.temporaryPath("gantt.html")
        defer { for f in [planFile, gantt] { try? FileManager.default.removeItem(atPath: f) } }
        let run = try CLITests.berth("plan", "Models/seed001-maintenance-plan.json", "--compare", "--output", planFile, "--gantt", gantt)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("checked: 0 violations at every instant"))
        #expect(run.stdout.contains("sequential") && run.stdout.contains("parallel"))
        #expect(try String(contentsOfFile: gantt, encoding: .utf8).contains("<svg"))
        let simulate = try CLITests.berth("simulate", "Models/seed001-maintenance-plan.json", planFile, "--json")
        #expect(simulate.status == 0, "\(simulate.stdout)\(simulate.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(simulate.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "valid")
        #expect((json["simulation"] as? [String: Any])?["forcedSwitchovers"] as? Int == 0)
    }

    @Test func planJSONCarriesThePlanAndTheMetrics() throws {
        let run = try CLITests.berth("plan", "Models/seed001-maintenance-budget.json", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let plan = try #require(json["plan"] as? [String: Any])
        #expect(plan["format"] as? String == "berth-plan/1")
        #expect((plan["notes"] as? [String])?.contains { $0.contains("delayed") } == true)
        #expect(((json["simulation"] as? [String: Any])?["peakKW"] as? Double ?? 99) <= 4.0 + 1e-9)
    }

    @Test func simulateRejectsABrokenPlanWithExitTwoAndBadInputWithExitThree() throws {
        let broken = try CLITests.temporary("broken.json", """
            {"format": "berth-plan/1", "actions": [
             {"id": 0, "kind": "migrate", "vm": "vm-01", "from": "bc1-01", "to": "bc2-01", "start": 0, "end": 12}]}
            """)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let run = try CLITests.berth("simulate", "Models/seed001-maintenance-plan.json", broken)
        #expect(run.status == 2)
        #expect(run.stdout.contains("bootBeforeArrival"))
        let bad = try CLITests.temporary("bad.json", #"{"format": "berth-plan/1", "actions": [{"id": 0, "kind": "boot", "to": "nowhere", "start": 0, "end": 1}]}"#)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let input = try CLITests.berth("simulate", "Models/seed001-maintenance-plan.json", bad)
        #expect(input.status == 3)
        #expect(input.stderr.contains("bad.json: at actions[0].to: unknown host 'nowhere'"))
    }

    @Test func replanStartsFromWhatHappened() throws {
        let planFile = Self.temporaryPath("plan.json"), progress = Self.temporaryPath("progress.json"), again = Self.temporaryPath("again.json")
        defer { for f in [planFile, progress, again] { try? FileManager.default.removeItem(atPath: f) } }
        let model = "Models/seed001-hotvms-plan.json"
        let first = try CLITests.berth("plan", model, "--output", planFile)
        #expect(first.status == 0, "\(first.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
        let actions = try #require(plan["actions"] as? [[String: Any]])
        // The first two migrations (and what they wait for) are done and the third failed.
        let migrations = actions.filter { $0["kind"] as? String == "migrate" }.prefix(3)
        var entries: [[String: Any]] = []
        var done = Set<Int>()
        for m in migrations.prefix(2) { for id in (m["dependsOn"] as? [Int] ?? []) + [m["id"] as! Int] where done.insert(id).inserted { entries.append(["id": id, "status": "done"]) } }
        let failed = try #require(migrations.last)
        if (failed["dependsOn"] as? [Int] ?? []).allSatisfy(done.contains) { entries.append(["id": failed["id"]!, "status": "failed"]) }
        try JSONSerialization.data(withJSONObject: ["format": "berth-progress/1", "actions": entries]).write(to: URL(fileURLWithPath: progress))
        let run = try CLITests.berth("replan", model, planFile, progress, "--json", "--output", again)
        #expect(run.status == 0 || run.status == 1, "\(run.stdout)\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((json["checked"] as? [String: Any])?["violations"] as? Int == 0)
        let moved = Set((((json["plan"] as? [String: Any])?["actions"] as? [[String: Any]]) ?? []).compactMap { $0["vm"] as? String })
        for m in migrations.prefix(2) { #expect(!moved.contains(m["vm"] as! String)) }
        #expect(moved.contains(failed["vm"] as! String))
        #expect(((json["workflow"] as? [String: Any])?["findings"] as? [String])?.contains { $0.contains("failed") } == true)
        #expect(FileManager.default.fileExists(atPath: again))
        // The destinations are full: losing one leaves no room, and the answer names the rule that cannot hold.
        try JSONSerialization.data(withJSONObject: ["format": "berth-progress/1", "actions": entries, "hostsDown": ["bc2-06"]])
            .write(to: URL(fileURLWithPath: progress))
        let down = try CLITests.berth("replan", model, planFile, progress)
        #expect(down.status == 2, "\(down.stdout)\(down.stderr)")
        #expect(down.stdout.contains("out-of-service"))

        let bad = try CLITests.temporary("progress-bad.json", #"{"format": "berth-progress/1", "actions": [{"id": 100000, "status": "done"}]}"#)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let input = try CLITests.berth("replan", model, planFile, bad)
        #expect(input.status == 3)
        #expect(input.stderr.contains("progress-bad.json: at actions[0].id: the plan has no action 100000"))
    }

    @Test func planOnAnInfeasibleModelExitsTwo() throws {
        let run = try CLITests.berth("plan", "Models/impossible-spread.json")
        #expect(run.status == 2)
        #expect(run.stdout.contains("replicas-apart"))
    }

    @Test func samePlanAcrossProcesses() throws {
        let first = Self.temporaryPath("a.json"), second = Self.temporaryPath("b.json")
        defer { for f in [first, second] { try? FileManager.default.removeItem(atPath: f) } }
        for file in [first, second] {
            let run = try CLITests.berth("plan", "Models/seed001-refresh-plan.json", "--output", file)
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func badNetworkExitsThreeNamingFileAndPath() throws {
        let model = try CLITests.temporary("net.json", """
            {"format": "berth/1", "resources": ["cpu"], "hosts": [{"id": "a", "capacity": {"cpu": 4}}],
             "network": {"switches": [{"id": "s"}], "hosts": [{"host": "a", "switch": "t"}]}}
            """)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try CLITests.berth("plan", model)
        #expect(run.status == 3)
        #expect(run.stderr.contains("net.json: at network.hosts[0].switch: unknown switch 't'"))
    }
}
