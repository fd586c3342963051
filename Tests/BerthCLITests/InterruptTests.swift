import Foundation
import Testing

/// SIGINT and SIGTERM stop the search and keep its best result (issue 28).
@Suite struct InterruptTests {
    /// A cluster whose balance solve takes the whole (long) time limit.
    static func slowModel() throws -> String {
        var hosts: [String] = [], vms: [String] = []
        for h in 0..<80 {
            hosts.append(#"{"id": "h\#(h)", "capacity": {"cpu": 64, "memory": 262144}, "state": "online", "attributes": {"rack": "r\#(h / 20)"}}"#)
        }
        for v in 0..<480 {
            let cpu = [2, 4, 8][v % 3], memory = [4096, 8192, 16384, 32768][(v / 40) % 4]
            // Packed onto the first 40 hosts (12 VMs each: 56 cpu, 180 GiB): far from balanced.
            vms.append(#"{"id": "v\#(v)", "demand": {"cpu": \#(cpu), "memory": \#(memory)}, "host": "h\#(v % 40)", "memoryMiB": \#(memory)}"#)
        }
        let text = #"{"format": "berth/1", "resources": ["cpu", "memory"], "hosts": [\#(hosts.joined(separator: ","))], "vms": [\#(vms.joined(separator: ","))], "objective": "balance", "timeLimit": 60}"#
        return try CLITests.temporary("slow.json", text)
    }

    struct Interrupted {
        var reason: Process.TerminationReason
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
    }

    /// Runs `berth arguments`, sends `signal` after 3 s, and waits for the process to end.
    static func interrupted(_ arguments: [String], with signal: Int32) throws -> Interrupted {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, signal)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Interrupted(reason: process.terminationReason, status: process.terminationStatus, stdout: stdout, stderr: stderr,
                           seconds: Date().timeIntervalSince(started))
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptKeepsTheBestPlacement(_ signal: Int32) throws {
        let model = try Self.slowModel()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("berth-interrupt-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: model); try? FileManager.default.removeItem(atPath: output) }
        let run = try Self.interrupted(["solve", model, "--output", output, "--json"], with: signal)
        #expect(run.reason == .exit, "killed by a signal: \(run.stderr)")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.seconds < 20, "took \(run.seconds) s after the signal at 3 s")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((json["solve"] as? [String: Any])?["limit"] as? String == "interrupted" && json["interrupted"] as? Bool == true)
        #expect(run.stderr.contains("interrupted"))
        // The placement written is whole and passes the checker.
        let check = try CLITests.berth("check", model, output)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix(".berth-interrupt-") && $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func interruptedWorkflowStillPlansFromTheBestPlacement() throws {
        let model = try Self.slowModel()
        defer { try? FileManager.default.removeItem(atPath: model) }
        let run = try Self.interrupted(["balance", model, "--quiet"], with: SIGINT)
        #expect(run.reason == .exit && run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("interrupted  the search was interrupted"))
        #expect(run.stdout.contains("checked      0 plan violations"))
    }

    @Test func interruptedRoadefSearchPrintsItsBestAssignment() throws {
        let fixtures = CLITests.root.appendingPathComponent("Tests/BerthTests/Fixtures/roadef").path
        let run = try Self.interrupted(
            ["roadef-solve", fixtures + "/model_a1_4.txt", fixtures + "/assignment_a1_4.txt", "--time-limit", "120"], with: SIGTERM)
        #expect(run.reason == .exit && run.status == 1, "\(run.stderr)")
        #expect(run.seconds < 30)
        #expect(run.stderr.contains("feasible=true"), "\(run.stderr)")
        #expect(run.stdout.split(separator: " ").count > 10)
    }
}
