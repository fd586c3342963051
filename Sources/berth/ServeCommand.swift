import ArgumentParser
import Berth
import BerthServer
import Foundation
import Logging
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Berth over HTTP/JSON: submit jobs, stream their progress, cancel them, fetch berth-result/1 results.",
        discussion: """
            Jobs and results are kept in SQLite (--db): a restart loses no finished result, and jobs that were \
            running when the server stopped are reported as interrupted. SIGTERM or SIGINT stops gracefully: \
            no new jobs, running jobs are interrupted and their best answers stored, queued jobs run at the next \
            start. The API is described in docs/serve.md and served at /v1/openapi.yaml. Exit codes: 0 stopped \
            gracefully; 3 bad options; 4 the server could not start (port in use, database unreadable).
            """)

    @Option(help: "Address to bind (127.0.0.1 by default: only this machine can reach it).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed on standard output).")
    var port = 8080

    @Option(help: "SQLite file where jobs and results are kept (:memory: for none).")
    var db = "berth-jobs.sqlite"

    @Option(name: .customLong("max-jobs"), help: "Jobs that run at once (each uses one solver thread; GLPK's sub-problems may use more).")
    var maxJobs = 2

    @Option(name: .customLong("max-queue"), help: "Jobs that may wait beyond the running ones; more get HTTP 429.")
    var maxQueue = 100

    @Option(name: .customLong("max-request-mib"), help: "Largest request body, in MiB (HTTP 413 beyond).")
    var maxRequestMiB = 16.0

    @Option(name: .customLong("max-time-limit"), help: "Seconds: the longest time limit a job may ask for (longer ones are cut), and the default.")
    var maxTimeLimit = 300.0

    @Option(name: .customLong("token-file"), help: "A file holding the bearer token every request but /v1/health must carry (or set BERTH_TOKEN).")
    var tokenFile: String?

    @Flag(name: .shortAndLong, help: "Log every job and request on standard error.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535") }
        guard (1...64).contains(maxJobs) else { throw ValidationError("--max-jobs must be in 1…64") }
        guard (0...100_000).contains(maxQueue) else { throw ValidationError("--max-queue must be in 0…100000") }
        guard maxRequestMiB > 0, maxRequestMiB <= 1024 else { throw ValidationError("--max-request-mib must be in (0, 1024]") }
        if let problem = TimeBudget.problem(maxTimeLimit) { throw ValidationError("--max-time-limit \(problem)") }
        if let tokenFile, (try? String(contentsOfFile: tokenFile, encoding: .utf8)) == nil {
            throw ValidationError("--token-file \(tokenFile) cannot be read")
        }
    }

    func run() throws {
        var server = BerthServer()
        server.host = host
        server.port = port
        server.databasePath = db
        server.limits.concurrentJobs = maxJobs
        server.limits.queuedJobs = maxQueue
        server.limits.requestBytes = Int(maxRequestMiB * 1_048_576)
        server.limits.maximumTimeLimit = TimeBudget.duration(maxTimeLimit)
        let token = tokenFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ProcessInfo.processInfo.environment["BERTH_TOKEN"]
        server.token = token?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty
        var logger = Logger(label: "berth.serve") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .warning
        server.logger = logger
        let configured = server, host = self.host
        let outcome = BlockingAsync.run {
            try await configured.run { port in
                let line = "berth serve: listening on http://\(host):\(port)\(configured.token == nil ? "" : " (bearer token required)")\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
        if case .failure(let error) = outcome {
            writeStandardError("berth serve: \(error)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Runs async work from the synchronous command line and waits for it.
enum BlockingAsync {
    static func run(_ body: @escaping @Sendable () async throws -> Void) -> Result<Void, any Error> { value(body) }

    /// The value of async work, from the synchronous command line.
    static func value<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, any Error> {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Mutex<Result<T, any Error>?>(nil)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            box.withLock { $0 = result }
            semaphore.signal()
        }
        semaphore.wait()
        return box.withLock { $0! }
    }
}
