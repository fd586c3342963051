import Berth
import Foundation
import Logging
import ServiceLifecycle

/// Limits of one server.
public struct ServerLimits: Sendable {
    /// Jobs that run at once; the others wait in the queue.
    public var concurrentJobs = 2
    /// Jobs waiting beyond the running ones; past this, submissions get 429.
    public var queuedJobs = 100
    /// A request's body, in bytes (413 beyond).
    public var requestBytes = 16 << 20
    /// The longest time limit a job may ask for (longer ones are cut to it); also the default.
    public var maximumTimeLimit: Duration = .seconds(300)

    public init() {}
}

/// Why a submission was refused.
enum SubmitError: Error {
    case invalid(InputError)
    case queueFull(Int)
    case stopping
}

/// Runs jobs: at most `concurrentJobs` at once, the rest in FIFO order; keeps each running job's
/// newest progress; stores every result; on graceful shutdown interrupts the running jobs (their
/// best answers are stored) and leaves the queued ones queued for the next start.
public actor JobQueue: Service {
    let store: JobStore
    let limits: ServerLimits
    let logger: Logger
    private var waiting: [(id: String, document: RequestDocument)] = []
    private var running: [String: BerthJob] = [:]
    private var progress: [String: SolveProgress] = [:]
    private var watchers: [String: [UUID: AsyncStream<JobEvent>.Continuation]] = [:]
    private var stopping = false
    /// Jobs deleted while they ran: their late answers are not stored.
    private var forgotten = Set<String>()
    private var drained: [CheckedContinuation<Void, Never>] = []

    public init(store: JobStore, limits: ServerLimits, logger: Logger) {
        self.store = store
        self.limits = limits
        self.logger = logger
    }

    /// Marks the jobs a stopped server was running as interrupted and queues the waiting ones again.
    public func recover() throws -> (interrupted: Int, requeued: Int) {
        let (interrupted, queued) = try store.recover(at: Date())
        for id in queued {
            guard let data = try store.request(id), let document = try? RequestDocument.decode(data) else {
                try store.finish(id, state: .interrupted, result: nil, message: "the stored request can no longer be read", at: Date())
                continue
            }
            waiting.append((id, document))
        }
        startWaiting()
        return (interrupted, queued.count)
    }

    /// Stores and queues a request; returns its job.
    func submit(_ body: Data) throws(SubmitError) -> JobRecord {
        guard !stopping else { throw .stopping }
        let document: RequestDocument
        do { document = try RequestDocument.decode(body) } catch { throw .invalid(error) }
        guard waiting.count < limits.queuedJobs else { throw .queueFull(waiting.count) }
        let id = UUID().uuidString.lowercased()
        let now = Date()
        do { try store.insert(id: id, command: document.request.command, request: body, at: now) } catch {
            throw .invalid(InputError(file: nil, issues: [InputIssue(path: "(store)", message: "the job could not be stored: \(error)")]))
        }
        waiting.append((id, document))
        startWaiting()
        return JobRecord(id: id, command: document.request.command, state: running[id] == nil ? .queued : .running, submitted: now)
    }

    /// The job with its newest progress, or nil.
    func job(_ id: String) throws -> JobRecord? {
        guard var record = try store.job(id) else { return nil }
        record.progress = progress[id]
        return record
    }

    /// Cancels a queued or running job; false when it has already ended.
    func cancel(_ id: String) throws -> Bool {
        if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index)
            try store.finish(id, state: .cancelled, result: nil, message: "cancelled by the caller", at: Date())
            publish(id, .ended(.cancelled))
            return true
        }
        guard let job = running[id] else { return false }
        job.cancel()
        return true
    }

    /// Forgets a job: cancels it when it is queued or running, then removes its record and result.
    func remove(_ id: String) throws {
        _ = try cancel(id)
        forgotten.insert(id)
        try store.delete(id)
    }

    /// Ends a running job's search early, keeping its best answer; false when it is not running.
    func interrupt(_ id: String) -> Bool {
        guard let job = running[id] else { return false }
        job.interrupt()
        return true
    }

    var counts: (running: Int, queued: Int) { (running.count, waiting.count) }

    /// Progress events of a job until it ends (then the stream finishes).
    func events(_ id: String) throws -> AsyncStream<JobEvent>? {
        guard let record = try store.job(id) else { return nil }
        let (stream, continuation) = AsyncStream<JobEvent>.makeStream(bufferingPolicy: .bufferingNewest(32))
        switch record.state {
        case .done, .cancelled, .interrupted:
            continuation.yield(.ended(record.state))
            continuation.finish()
        case .queued, .running:
            if let last = progress[id] { continuation.yield(.progress(last)) }
            let key = UUID()
            watchers[id, default: [:]][key] = continuation
            continuation.onTermination = { _ in Task { await self.unwatch(id, key) } }
        }
        return stream
    }

    private func unwatch(_ id: String, _ key: UUID) {
        watchers[id]?[key] = nil
        if watchers[id]?.isEmpty == true { watchers[id] = nil }
    }

    private func publish(_ id: String, _ event: JobEvent) {
        for continuation in (watchers[id] ?? [:]).values {
            continuation.yield(event)
            if case .ended = event { continuation.finish() }
        }
        if case .ended = event { watchers[id] = nil }
    }

    private func startWaiting() {
        while !stopping, running.count < limits.concurrentJobs, !waiting.isEmpty {
            let (id, document) = waiting.removeFirst()
            let job = document.engine(maximumTimeLimit: limits.maximumTimeLimit).start(document.request)
            running[id] = job
            do { try store.markRunning(id, at: Date()) } catch { logger.error("job \(id): \(error)") }
            Task { await self.follow(id, job) }
        }
    }

    private func follow(_ id: String, _ job: BerthJob) async {
        for await event in job.progress {
            progress[id] = event
            publish(id, .progress(event))
        }
        var state = JobState.done
        var result: BerthResult?
        do {
            result = try await job.result.value
        } catch {
            state = .cancelled
        }
        do {
            if forgotten.remove(id) == nil {
                try store.finish(id, state: state, result: result, message: state == .cancelled ? "cancelled by the caller" : nil, at: Date())
            }
        } catch {
            logger.error("job \(id): the result could not be stored: \(error)")
        }
        logger.info("job \(id) \(state.rawValue)\(result.map { ": \($0.status.rawValue)" } ?? "")")
        running[id] = nil
        progress[id] = nil
        publish(id, .ended(state))
        if stopping, running.isEmpty {
            for continuation in drained { continuation.resume() }
            drained = []
        }
        startWaiting()
    }

    /// Runs until a graceful shutdown; then stops taking jobs, interrupts the running ones and
    /// waits for their answers to be stored. Queued jobs stay queued for the next start.
    public func run() async throws {
        try? await gracefulShutdown()
        stopping = true
        logger.info("stopping: interrupting \(running.count) running job(s); \(waiting.count) queued job(s) stay queued")
        for job in running.values { job.interrupt() }
        if !running.isEmpty { await withCheckedContinuation { drained.append($0) } }
    }
}

/// What a job's event stream carries.
enum JobEvent: Sendable {
    case progress(SolveProgress)
    case ended(JobState)
}
