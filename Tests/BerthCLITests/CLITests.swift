import Foundation
import Testing

/// Runs the real `berth` executable as a separate process: exit codes, text and JSON output.
@Suite struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `berth` binary built beside the test bundle.
    static var binary: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("berth")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func berth(_ arguments: String...) throws -> Run { try berth(arguments) }

    static func berth(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporary(_ name: String, _ contents: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("berth-cli-\(UUID().uuidString)-\(name)")
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func solveMaintenanceExitsZeroAndPrintsThePlan() throws {
        let run = try Self.berth("solve", "Models/seed001-maintenance.json")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("optimal"))
        #expect(run.stdout.contains("moves (60)"))
        #expect(run.stdout.contains("hosts switched on (15)"))
        #expect(run.stdout.contains("checked      0 violations"))
    }

    @Test func solveJSONThenCheckTheWrittenPlacement() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("berth-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try Self.berth("solve", "Models/demo-8hosts.json", "--json", "--output", output)
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "optimal")
        #expect((json["solve"] as? [String: Any])?["onlineHosts"] as? Int == 4)
        #expect((json["solve"] as? [String: Any])?["gap"] as? Double == 0)
        let check = try Self.berth("check", "Models/demo-8hosts.json", output)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.hasPrefix("valid"))
    }

    @Test func checkReportsViolationsWithExitTwo() throws {
        let placement = try Self.temporary("p.json", #"{"format": "berth-placement/1", "vms": {"replica-1": "n1", "replica-2": "n1", "replica-3": "n2", "replica-4": "n3", "replica-5": "n4"}, "onlineHosts": ["n1", "n2", "n3", "n4"]}"#)
        defer { try? FileManager.default.removeItem(atPath: placement) }
        let run = try Self.berth("check", "Models/impossible-spread.json", placement)
        #expect(run.status == 2)
        #expect(run.stdout.contains("replicas-apart"))
        #expect(run.stdout.contains("share n1"))
    }

    @Test func infeasibleExitsTwoAndNamesTheSpread() throws {
        let run = try Self.berth("solve", "Models/impossible-spread.json")
        #expect(run.status == 2)
        #expect(run.stdout.contains("replicas-apart"))
        #expect(run.stdout.contains("needs 5 distinct hosts; only 4"))
        let json = try Self.berth("solve", "Models/impossible-spread.json", "--json")
        #expect(json.status == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "infeasible")
    }

    @Test func badInputExitsThreeNamingFileAndPath() throws {
        let model = try Self.temporary("bad.json", #"{"format": "berth/1", "resources": ["cpu"], "hosts": [{"id": "h1", "capacity": {"cpu": -2}}], "vms": []}"#)
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try Self.berth("solve", model)
        #expect(run.status == 3)
        #expect(run.stderr.contains(model))
        #expect(run.stderr.contains("hosts[0].capacity.cpu"))
        let missing = try Self.berth("solve", "Models/no-such-model.json")
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("does not exist"))
        let flag = try Self.berth("solve", "Models/demo-8hosts.json", "--objective", "fewestHosts")
        #expect(flag.status == 3)
    }

    @Test func timeLimitedSolveStillReturnsAValidPlacement() throws {
        let run = try Self.berth("solve", "Models/seed001-testbed.json", "--time-limit", "0.5", "--json")
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((json["checked"] as? [String: Any])?["violations"] as? Int == 0)
    }

    /// Separate processes hash dictionaries differently: the output must not depend on that.
    @Test func sameInputGivesTheSameOutputAcrossProcesses() throws {
        var outputs: [String] = []
        for _ in 0..<3 {
            let run = try Self.berth("solve", "Models/demo-8hosts.json", "--json", "--objective", "balance")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            var stable = json
            stable["solve"] = (stable["solve"] as? [String: Any])?.filter { $0.key != "solveSeconds" }
            let data = try JSONSerialization.data(withJSONObject: stable, options: [.sortedKeys])
            outputs.append(String(decoding: data, as: UTF8.self))
        }
        #expect(Set(outputs).count == 1)
    }

    @Test func rulesScriptsApplyAndCompile() throws {
        let solve = try Self.berth("solve", "Models/demo-8hosts.json", "--rules", "Models/demo-rules.berth", "--json")
        #expect(solve.status == 0, "\(solve.stderr)")
        let compile = try Self.berth("compile", "Models/demo-8hosts.json", "Models/demo-rules.berth")
        #expect(compile.status == 0, "\(compile.stderr)")
        let instance = try #require(try JSONSerialization.jsonObject(with: Data(compile.stdout.utf8)) as? [String: Any])
        #expect((instance["constraints"] as? [Any])?.count == 13)
        #expect(instance["objective"] as? String == "minHosts")
    }

    @Test func badScriptExitsThreeWithLineAndColumn() throws {
        let rules = try Self.temporary("bad.berth", "objective minHosts\nban(@dbb, rack=r1)\n")
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("berth-\(UUID().uuidString).json").path
        let run = try Self.berth("compile", "Models/demo-8hosts.json", rules, "--output", output)
        #expect(run.status == 3)
        #expect(run.stderr.contains("\(rules):2:5: no VM is tagged 'dbb' (did you mean 'db'?)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output), "no partial output on bad input")
    }
}
