import Berth
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `berth serve` as a real process on a free port: the API contract, progress events, cancel,
/// queue limits, the bearer token, and restarts (kill -9 and SIGTERM) that lose no finished result.
@Suite(.serialized) struct ServeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("berth")
    }

    /// A running server and a client for it.
    final class Running {
        let process = Process()
        let port: Int
        let token: String?

        init(db: String, arguments: [String] = [], token: String? = nil) throws {
            self.token = token
            process.executableURL = ServeTests.binary
            var all = ["serve", "--port", "0", "--db", db] + arguments
            if let token {
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("berth-token-\(UUID().uuidString)")
                try token.write(to: file, atomically: true, encoding: .utf8)
                all += ["--token-file", file.path]
            }
            process.arguments = all
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line says where it listens.
            var line = Data()
            let handle = out.fileHandleForReading
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let port = text.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) else {
                process.terminate()
                throw ServeError.noPort(text)
            }
            self.port = port
        }

        func call(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, token: String? = nil) async throws -> (status: Int, body: Data) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.timeoutInterval = 120
            if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
            if let body { request.httpBody = body }
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if let bearer = token ?? self.token { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, data)
        }

        func object(_ method: String, _ path: String, json: Any? = nil) async throws -> (status: Int, object: [String: Any]) {
            let (status, data) = try await call(method, path, json: json)
            return (status, (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:])
        }

        /// Polls a job until it has ended.
        func wait(_ id: String, seconds: Double = 120) async throws -> [String: Any] {
            let clock = ContinuousClock(), start = clock.now
            while start.duration(to: clock.now) < .seconds(seconds) {
                let job = try await object("GET", "/v1/jobs/\(id)").object
                if let state = job["state"] as? String, !["queued", "running"].contains(state) { return job }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ServeError.timeout(id)
        }

        func stop(_ signal: Int32 = SIGTERM) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }

        deinit { if process.isRunning { process.terminate() } }
    }

    enum ServeError: Error { case noPort(String), timeout(String) }

    static func model(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("Models/\(name)")))
    }

    /// 50 hosts and 250 VMs whose balance the MIP does not prove for minutes: a job that runs until stopped.
    static func longModel() throws -> Any {
        var random = SplitMix64(seed: 7)
        let vms = (0..<250).map { i in
            VM(id: "v\(i)", demand: ["cpu": Double(1 + random.next() % 8), "mem": Double(1 + random.next() % 16)], host: "h\(i % 50)", memoryMiB: 1024)
        }
        let hosts = (0..<50).map { Server(id: "h\($0)", capacity: ["cpu": 48, "mem": 96]) }
        let instance = Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms), constraints: [], objective: .balance, timeLimit: 120)
        return try JSONSerialization.jsonObject(with: InstanceCodec.encode(instance))
    }

    static func database() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("berth-serve-\(UUID().uuidString).sqlite").path
    }

    @Test func theContract() async throws {
        let db = Self.database()
        let server = try Running(db: db)
        defer { _ = server.stop() }
        let health = try await server.object("GET", "/v1/health")
        #expect(health.status == 200 && health.object["status"] as? String == "ok")
        let spec = try await server.call("GET", "/v1/openapi.yaml")
        #expect(spec.status == 200 && String(decoding: spec.body, as: UTF8.self).hasPrefix("openapi: 3.1"))

        // Submit, poll, fetch: the result is the CLI's berth-result/1.
        let submitted = try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": try Self.model("demo-8hosts.json"), "timeLimitSeconds": 10])
        #expect(submitted.status == 202, "\(submitted.object)")
        let id = try #require(submitted.object["id"] as? String)
        let job = try await server.wait(id)
        #expect(job["state"] as? String == "done" && job["status"] as? String == "optimal", "\(job)")
        let fetched = try await server.call("GET", "/v1/jobs/\(id)/result")
        #expect(fetched.status == 200)
        let result = try BerthResult.decode(fetched.body)
        #expect(result.schema == "berth-result/1" && result.command == "solve" && result.status == .optimal && result.checked?.violations == 0)
        let listed = try await server.object("GET", "/v1/jobs?limit=10")
        #expect((listed.object["jobs"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true)

        // What cannot be done is a 4xx with a JSON error naming the field.
        #expect(try await server.object("POST", "/v1/jobs/\(id)/cancel").status == 409)
        #expect(try await server.object("POST", "/v1/jobs/\(id)/interrupt").status == 409)
        #expect(try await server.object("GET", "/v1/jobs/no-such-job").status == 404)
        #expect(try await server.object("GET", "/v1/jobs/no-such-job/result").status == 404)
        #expect(try await server.object("GET", "/v1/jobs?limit=0").status == 400)
        let cases: [(Any, String)] = [
            (["command": "consolidat", "model": try Self.model("demo-8hosts.json")], "command"),
            (["command": "drain", "model": try Self.model("workflow-cluster.json"), "hosts": "rack=r9"], "hosts"),
            (["command": "drain", "model": try Self.model("workflow-cluster.json"), "hosts": ["w1"], "powerOf": true], "powerOf"),
            (["command": "solve"], "model"),
            (["command": "solve", "model": "AAA"], "model"),
            (["command": "solve", "model": 5], "model"),
            (["command": "check", "model": try Self.model("demo-8hosts.json"), "placement": "AAA"], "placement"),
            (["command": "solve", "model": ["format": "berth/1", "resources": ["cpu"], "hosts": [["id": "h1", "capacity": ["cpu": -1]]]]], "model.hosts[0]"),
            (["command": "what-if", "model": try Self.model("workflow-whatif.json"), "addHosts": ["nosuch": 2]], "addHosts"),
            (["command": "solve", "model": try Self.model("demo-8hosts.json"), "objective": "minHost"], "objective"),
            (["command": "solve", "model": try Self.model("demo-8hosts.json"), "timeLimitSeconds": -1], "timeLimitSeconds"),
            (["command": "solve", "model": try Self.model("demo-8hosts.json"), "repairViolations": 0], "repairViolations"),
            (["command": "consolidate", "model": try Self.model("workflow-cluster.json"), "maxMigrations": true], "maxMigrations"),
            (["command": "consolidate", "model": try Self.model("workflow-cluster.json"), "maxMigrations": 2.5], "maxMigrations"),
        ]
        for (body, field) in cases {
            let answer = try await server.object("POST", "/v1/jobs", json: body)
            let issues = ((answer.object["error"] as? [String: Any])?["issues"] as? [[String: Any]]) ?? []
            #expect(answer.status == 400 && issues.contains { ($0["path"] as? String ?? "").hasPrefix(field) }, "\(field): \(answer.status) \(answer.object)")
        }
        let garbage = try await server.call("POST", "/v1/jobs", body: Data("{not json".utf8))
        #expect(garbage.status == 400)
    }

    @Test func progressStreamsAndCancelStopsTheJob() async throws {
        let server = try Running(db: Self.database())
        defer { _ = server.stop() }
        let submitted = try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": try Self.longModel()])
        let id = try #require(submitted.object["id"] as? String)
        // Server-sent events: progress with the time limit, while the job runs.
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/v1/jobs/\(id)/events")!)
        request.timeoutInterval = 120
        let events = Task { () throws -> String in
            let (data, _) = try await URLSession.shared.data(for: request)
            return String(decoding: data, as: UTF8.self)
        }
        try await Task.sleep(for: .seconds(2))
        let running = try await server.object("GET", "/v1/jobs/\(id)").object
        #expect(running["state"] as? String == "running")
        #expect(((running["progress"] as? [String: Any])?["timeLimitSeconds"] as? Double) == 120, "\(running)")
        let cancelled = try await server.object("POST", "/v1/jobs/\(id)/cancel")
        #expect(cancelled.status == 202)
        let ended = try await server.wait(id, seconds: 10)
        #expect(ended["state"] as? String == "cancelled", "\(ended)")
        #expect(try await server.object("GET", "/v1/jobs/\(id)/result").status == 409)
        let stream = try await events.value
        #expect(stream.contains("event: progress") && stream.contains("\"phase\"") && stream.contains("event: end\ndata: {\"state\":\"cancelled\"}"), "\(stream.prefix(500))")
    }

    @Test func theQueueIsBoundedAndTheTokenRequired() async throws {
        let server = try Running(db: ":memory:", arguments: ["--max-jobs", "1", "--max-queue", "1", "--max-request-mib", "0.5"], token: "s3cret")
        defer { _ = server.stop() }
        #expect(try await server.call("GET", "/v1/health", token: "").status == 200)
        #expect(try await server.call("GET", "/v1/jobs", token: "wrong").status == 401)
        let long = try Self.longModel()
        let first = try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": long])
        let second = try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": long])
        let third = try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": long])
        #expect(first.status == 202 && second.status == 202 && third.status == 429, "\(first.status) \(second.status) \(third.status)")
        #expect(second.object["state"] as? String == "queued")
        let big = try await server.call("POST", "/v1/jobs", body: Data(repeating: UInt8(ascii: " "), count: 600_000))
        #expect(big.status == 413)
        // Interrupting keeps the best answer found so far.
        let id = try #require(first.object["id"] as? String)
        #expect(try await server.object("POST", "/v1/jobs/\(id)/interrupt").status == 202)
        let done = try await server.wait(id, seconds: 30)
        #expect(done["state"] as? String == "done" && done["status"] as? String == "feasible", "\(done)")
        let result = try BerthResult.decode(try await server.call("GET", "/v1/jobs/\(id)/result").body)
        #expect(result.interrupted && result.placement != nil)
        // Deleting forgets a job, queued or running: it answers 404 from then on.
        let queued = try #require(second.object["id"] as? String)
        #expect(try await server.call("DELETE", "/v1/jobs/\(queued)").status == 204)
        #expect(try await server.object("GET", "/v1/jobs/\(queued)").status == 404)
        #expect(try await server.object("GET", "/v1/jobs/\(queued)/events").status == 404)
        #expect(try await server.call("DELETE", "/v1/jobs/\(id)").status == 204)
        #expect(try await server.object("GET", "/v1/jobs/\(id)/result").status == 404)
    }

    @Test func aKilledServerLosesNoFinishedResultAndReportsTheInterruptedJob() async throws {
        let db = Self.database()
        var finished = "", running = "", queued = ""
        do {
            let server = try Running(db: db, arguments: ["--max-jobs", "1"])
            let quick = try await server.object("POST", "/v1/jobs", json: ["command": "plan", "model": try Self.model("workflow-cluster.json")])
            finished = try #require(quick.object["id"] as? String)
            #expect(try await server.wait(finished)["state"] as? String == "done")
            running = try #require(try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": try Self.longModel()]).object["id"] as? String)
            queued = try #require(try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": try Self.model("demo-8hosts.json")]).object["id"] as? String)
            try await Task.sleep(for: .seconds(1))
            #expect(server.stop(SIGKILL) != 0)
        }
        let again = try Running(db: db)
        defer { _ = again.stop() }
        let result = try await again.call("GET", "/v1/jobs/\(finished)/result")
        #expect(result.status == 200)
        #expect(try BerthResult.decode(result.body).command == "plan")
        let lost = try await again.object("GET", "/v1/jobs/\(running)").object
        #expect(lost["state"] as? String == "interrupted" && (lost["message"] as? String)?.contains("submit it again") == true, "\(lost)")
        let requeued = try await again.wait(queued)
        #expect(requeued["state"] as? String == "done" && requeued["status"] as? String == "optimal", "\(requeued)")
    }

    @Test func sigtermStopsGracefullyAndKeepsTheBestAnswer() async throws {
        let db = Self.database()
        var id = ""
        do {
            let server = try Running(db: db)
            id = try #require(try await server.object("POST", "/v1/jobs", json: ["command": "solve", "model": try Self.longModel()]).object["id"] as? String)
            try await Task.sleep(for: .seconds(2))
            let clock = ContinuousClock(), start = clock.now
            #expect(server.stop(SIGTERM) == 0)
            #expect(start.duration(to: clock.now) < .seconds(30))
        }
        let again = try Running(db: db)
        defer { _ = again.stop() }
        let job = try await again.object("GET", "/v1/jobs/\(id)").object
        #expect(job["state"] as? String == "done" && job["status"] as? String == "feasible", "\(job)")
        let result = try BerthResult.decode(try await again.call("GET", "/v1/jobs/\(id)/result").body)
        #expect(result.interrupted && result.checked?.violations == 0)
    }
}
