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

    @Test(arguments: [SIGINT, SIGTERM])
    func interruptKeepsTheBestPlacement(_ signal: Int32) throws {
        let model = try Self.slowModel()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("berth-interrupt-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: model); try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["solve", model, "--output", output, "--json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, signal)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let elapsed = Date().timeIntervalSince(started)
        #expect(process.terminationReason == .exit, "killed by a signal: \(stderr)")
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(elapsed < 20, "took \(elapsed) s after the signal at 3 s")
        let json = try #require(try JSONSerialization.jsonObject(with: stdout) as? [String: Any])
        #expect(json["limit"] as? String == "interrupted")
        #expect(stderr.contains("interrupted"))
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
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["balance", model, "--quiet"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(stdout)\(stderr)")
        #expect(stdout.contains("interrupted  the search was interrupted"))
        #expect(stdout.contains("checked      0 plan violations"))
    }

    @Test func interruptedRoadefSearchPrintsItsBestAssignment() throws {
        let fixtures = CLITests.root.appendingPathComponent("Tests/BerthTests/Fixtures/roadef").path
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["roadef-solve", fixtures + "/model_a1_4.txt", fixtures + "/assignment_a1_4.txt", "--time-limit", "120"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let started = Date()
        try process.run()
        Thread.sleep(forTimeInterval: 3)
        kill(process.processIdentifier, SIGTERM)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(stderr.contains("feasible=true"), "\(stderr)")
        #expect(stdout.split(separator: " ").count > 10)
    }
}
