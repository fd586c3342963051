import Foundation
import Testing

/// Inputs that once crashed Berth, expanded without bound or got the wrong exit code (issue 28):
/// each must now end with exit 3 and a message naming the file, field or flag, in well under a second.
@Suite struct HostileInputTests {
    static let fixtures = "Tests/BerthCLITests/Fixtures/hostile/"

    static func expectBadInput(_ arguments: [String], mentions: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try CLITests.berth(arguments)
        #expect(run.status == 3, "\(arguments): exit \(run.status)\n\(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(mentions), "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["inf", "nan", "1e16", "0"])
    func timeLimitsThatCannotBeHonoured(_ value: String) throws {
        try Self.expectBadInput(["solve", "Models/demo-8hosts.json", "--time-limit", value], mentions: "--time-limit")
        try Self.expectBadInput(["drain", "Models/demo-8hosts.json", "--hosts", "h1", "--time-limit", value], mentions: "--time-limit")
        try Self.expectBadInput(
            ["roadef-solve", Self.fixtures + "roadef-crlf-model.txt", Self.fixtures + "roadef-crlf-assignment.txt", "--time-limit", value],
            mentions: "--time-limit")
    }

    @Test func timeLimitInJSONAndScript() throws {
        try Self.expectBadInput(["solve", Self.fixtures + "time-limit-huge.json"], mentions: "at timeLimit: time limit must be at most")
        try Self.expectBadInput(
            ["solve", Self.fixtures + "tiny.json", "--rules", Self.fixtures + "time-limit-huge.berth"],
            mentions: "time-limit-huge.berth:1:11: timeLimit must be at most")
    }

    @Test func scriptsThatExpandWithoutBound() throws {
        try Self.expectBadInput(
            ["solve", Self.fixtures + "tiny.json", "--rules", Self.fixtures + "range-explosion.berth"],
            mentions: "expands to more than 100000 names")
        try Self.expectBadInput(
            ["solve", Self.fixtures + "tiny.json", "--rules", Self.fixtures + "nested-braces.berth"],
            mentions: "nest more than 32 deep")
    }

    @Test func oversizedNetworkAndWhatIfRequests() throws {
        try Self.expectBadInput(["plan", Self.fixtures + "link-members-huge.json"], mentions: "network.links[0].members: must be between 1 and 256")
        // Issue 29's inputs: a pin to a member the link lacks, a negative timeout, a negative hot rate.
        let run = try CLITests.berth("plan", Self.fixtures + "network-model-bad.json")
        #expect(run.status == 3, "\(run.stderr)")
        for path in ["network.links[0].pins[0].member", "network.migrationTimeoutSeconds", "vms[0].hotRateMiBps"] {
            #expect(run.stderr.contains("network-model-bad.json: at \(path)"), "\(path): \(run.stderr)")
        }
        try Self.expectBadInput(["what-if", Self.fixtures + "tiny.json", "--add-vms", "v1:1000000"], mentions: "at most 100000")
        try Self.expectBadInput(["what-if", Self.fixtures + "tiny.json", "--grow", "1e300"], mentions: "--grow")
        try Self.expectBadInput(["hotspots", Self.fixtures + "tiny.json", "--horizon", "1e30"], mentions: "--horizon")
    }

    @Test func extremeFiniteNumbersAreBadInput() throws {
        try Self.expectBadInput(["solve", Self.fixtures + "extreme-values.json"], mentions: "at hosts[0].capacity.cpu: capacity must be a number in [0, 1e+15]")
        try Self.expectBadInput(["plan", Self.fixtures + "extreme-values.json"], mentions: "at vms[0].demand.memory")
    }

    @Test func roadefNumbersBeyondSixtyFourBits() throws {
        let model = Self.fixtures + "roadef-huge-model.txt", assignment = Self.fixtures + "roadef-huge-assignment.txt"
        try Self.expectBadInput(["roadef-eval", model, assignment, assignment], mentions: "too large")
        try Self.expectBadInput(["roadef-solve", model, assignment, "--time-limit", "1"], mentions: "too large")
    }

    @Test func roadefWithWindowsLineEnds() throws {
        let run = try CLITests.berth(
            "roadef-solve", Self.fixtures + "roadef-crlf-model.txt", Self.fixtures + "roadef-crlf-assignment.txt", "--time-limit", "1")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0 1")
    }

    @Test func duplicateKeysAreRefused() throws {
        var text = try String(contentsOfFile: CLITests.root.appendingPathComponent(Self.fixtures + "tiny.json").path, encoding: .utf8)
        text = text.replacingOccurrences(of: #""cpu": 8, "memory": 16384}, "state": "online", "attributes": {"rack": "r2"}"#,
                                         with: #""cpu": 8, "memory": 16384, "cpu": 1}, "state": "online", "attributes": {"rack": "r2"}"#)
        let path = try CLITests.temporary("duplicate.json", text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.expectBadInput(["solve", path], mentions: "at hosts[2].capacity.cpu: the key 'cpu' appears twice")
    }

    @Test func unwritableOutputsAreFoundBeforeSolving() throws {
        try Self.expectBadInput(["solve", "Models/demo-8hosts.json", "--output", "/nonexistent-berth/x.json"], mentions: "does not exist")
        try Self.expectBadInput(["plan", "Models/demo-8hosts.json", "--gantt", "/nonexistent-berth/g.html"], mentions: "--gantt")
        try Self.expectBadInput(["drain", "Models/demo-8hosts.json", "--hosts", "h1", "--report", "/nonexistent-berth/r.html"], mentions: "--report")
        try Self.expectBadInput(["solve", "Models/demo-8hosts.json", "--output", FileManager.default.temporaryDirectory.path], mentions: "is a directory")
    }

    /// A VM on a host that lacks one of its resources: named as a broken start, never a trap.
    @Test func hostLackingAResourceIsNamed() throws {
        for command in ["balance", "consolidate"] {
            let run = try CLITests.berth(command, Self.fixtures + "host-lacks-resource.json")
            #expect(run.status == 2, "\(command): exit \(run.status)\n\(run.stderr)")
            #expect(run.stdout.contains("overloads c"), "\(command): \(run.stdout)")
        }
    }
}

/// Requests that cannot be met because of the state they start from: exit 2 with the cause named,
/// never exit 4 (issue 28).
@Suite struct BrokenStartTests {
    static let fixtures = HostileInputTests.fixtures

    @Test func planFromAnOverloadedHostNamesIt() throws {
        let run = try CLITests.berth("plan", Self.fixtures + "overloaded-start.json")
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("already overloads a (cpu 125%)"))
    }

    /// A rule broken before the run is kept as found and named; repairing it is asked for, and
    /// a cap that forbids the repair is then named too.
    @Test func ruleAlreadyBrokenIsKeptUnlessRepairIsAsked() throws {
        let kept = try CLITests.berth("consolidate", Self.fixtures + "broken-rule.json", "--max-migrations", "0", "--quiet")
        #expect(kept.status == 0, "\(kept.stdout)\(kept.stderr)")
        #expect(kept.stdout.contains("already broken before this run, kept as found: apart"))
        let capped = try CLITests.berth("consolidate", Self.fixtures + "broken-rule.json", "--max-migrations", "0", "--quiet", "--repair-violations")
        #expect(capped.status == 2, "\(capped.stdout)\(capped.stderr)")
        #expect(capped.stdout.contains("already breaks apart"))
        // A drain moves the drained host's VMs, not the ones of a rule broken elsewhere.
        let drain = try CLITests.berth("drain", Self.fixtures + "broken-rule.json", "--hosts", "b", "--quiet", "--json")
        #expect(drain.status == 0, "\(drain.stdout)\(drain.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(drain.stdout.utf8)) as? [String: Any])
        let moves = (json["placement"] as? [String: Any])?["moves"] as? [[String: Any]] ?? (json["moves"] as? [[String: Any]] ?? [])
        #expect(moves.compactMap { $0["vm"] as? String } == ["v3"], "\(drain.stdout)")
    }

    @Test func powerBudgetBelowTodaysDraw() throws {
        // The final placement fits the budget (one host), and the MIP row says so ...
        let solve = try CLITests.berth("solve", Self.fixtures + "power-budget-below-today.json")
        #expect(solve.status == 0, "\(solve.stdout)\(solve.stderr)")
        #expect(solve.stdout.contains("1 hosts online"))
        // ... but the budget is continuous and already exceeded at t = 0: no plan can keep it.
        let plan = try CLITests.berth("plan", Self.fixtures + "power-budget-below-today.json")
        #expect(plan.status == 2, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("already draw 375 W at the start"))
    }

    @Test func simulateRejectsADependencyCycle() throws {
        let run = try CLITests.berth("simulate", Self.fixtures + "tiny.json", Self.fixtures + "plan-cycle.json")
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("actions[0].dependsOn: the dependencies form a cycle (0 → 2 → 1 → 0)"))
    }

    @Test func roadefSolveFromAnInfeasibleAssignment() throws {
        let run = try CLITests.berth(
            "roadef-solve", Self.fixtures + "roadef-overloaded-model.txt", Self.fixtures + "roadef-overloaded-assignment.txt",
            "--time-limit", "1")
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the initial assignment is not feasible"))
    }
}
