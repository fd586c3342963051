import Berth
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `berth serve`: Berth as an HTTP/JSON service for orchestrators in any language.
///
/// Jobs are submitted as `berth-request/1` documents, run in the background (a few at once, the
/// rest queued), stream their progress as server-sent events, and answer with the same
/// `berth-result/1` JSON the CLI prints. Jobs and results live in SQLite, so a restart loses no
/// finished result. The API is described by `openapi.yaml` (served at `/v1/openapi.yaml`).
public struct BerthServer: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Where jobs and results are kept (`:memory:`: nowhere).
    public var databasePath = "berth-jobs.sqlite"
    public var limits = ServerLimits()
    /// When set, every request but `/v1/health` must carry `Authorization: Bearer <token>`.
    public var token: String?
    public var logger = Logger(label: "berth.serve")

    public init() {}

    /// Serves until SIGTERM or SIGINT, then stops gracefully; `onListening` receives the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let store = try JobStore(path: databasePath)
        let queue = JobQueue(store: store, limits: limits, logger: logger)
        let (interrupted, requeued) = try await queue.recover()
        if interrupted + requeued > 0 {
            logger.info("restart: \(interrupted) job(s) were running and are reported interrupted; \(requeued) queued job(s) run again")
        }
        let app = Application(
            router: ServerRoutes(queue: queue, store: store, limits: limits, token: token).router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "berth"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: queue), .init(service: app)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// The routes of `/v1`.
struct ServerRoutes: Sendable {
    let queue: JobQueue
    let store: JobStore
    let limits: ServerLimits
    let token: String?

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorBody())
        router.get("/v1/health") { _, _ in
            let (running, queued) = await queue.counts
            return json(["status": "ok", "running": running, "queued": queued] as [String: Any])
        }
        let api = router.group("/v1")
        if let token { api.add(middleware: BearerToken(token: token)) }
        api.get("openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"), let data = try? Data(contentsOf: url) else {
                throw APIError(.internalServerError, "the OpenAPI document is missing from this build")
            }
            return Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        api.post("jobs") { request, _ in try await submit(request) }
        api.get("jobs") { request, _ in
            let values = request.uri.queryParameters.getAll("limit")
            guard values.count <= 1, let limit = values.isEmpty ? 50 : Int(values[0]), (1...1000).contains(limit) else {
                throw APIError(.badRequest, "limit must be one whole number in 1…1000", issues: [InputIssue(path: "limit", message: "must be one whole number in 1…1000")])
            }
            return try encoded(["jobs": try store.jobs(limit: limit)])
        }
        api.get("jobs/:id") { _, context in
            try encoded(try await job(context))
        }
        api.get("jobs/:id/result") { _, context in
            let record = try await job(context)
            guard record.state == .done, let data = try store.result(record.id) else {
                throw APIError(.conflict, record.state == .queued || record.state == .running
                    ? "job \(record.id) is \(record.state.rawValue): no result yet"
                    : "job \(record.id) is \(record.state.rawValue): it has no result")
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        api.post("jobs/:id/cancel") { _, context in
            let record = try await job(context)
            guard try await queue.cancel(record.id) else { throw APIError(.conflict, "job \(record.id) is \(record.state.rawValue) already") }
            return try encoded(try await job(context), status: .accepted)
        }
        api.delete("jobs/:id") { _, context in
            let record = try await job(context)
            try await queue.remove(record.id)
            return Response(status: .noContent)
        }
        api.post("jobs/:id/interrupt") { _, context in
            let record = try await job(context)
            guard await queue.interrupt(record.id) else { throw APIError(.conflict, "job \(record.id) is \(record.state.rawValue), not running") }
            return try encoded(try await job(context), status: .accepted)
        }
        api.get("jobs/:id/events") { _, context in try await events(context) }
        return router
    }

    /// POST /v1/jobs: the request's body (bounded), queued as a job; 202 with its location.
    private func submit(_ request: Request) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: limits.requestBytes) } catch {
            throw APIError(.contentTooLarge, "the request is larger than \(limits.requestBytes) bytes")
        }
        do {
            let job = try await queue.submit(Data(buffer: body))
            return try encoded(job, status: .accepted, headers: [.location: "/v1/jobs/\(job.id)"])
        } catch let error as SubmitError {
            switch error {
            case .invalid(let input): throw APIError(.badRequest, "invalid request", issues: input.issues)
            case .queueFull(let waiting):
                throw APIError(.tooManyRequests, "\(waiting) jobs are waiting already; retry later", headers: [.retryAfter: "5"])
            case .stopping: throw APIError(.serviceUnavailable, "the server is stopping", headers: [.retryAfter: "5"])
            }
        }
    }

    /// GET /v1/jobs/:id/events: server-sent events, each progress report, then the end state.
    private func events(_ context: BasicRequestContext) async throws -> Response {
        let record = try await job(context)
        guard let events = try await queue.events(record.id) else { throw APIError(.notFound, "no job \(record.id)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for await event in events {
                    let text: String
                    switch event {
                    case .progress(let progress):
                        text = "event: progress\ndata: \(String(decoding: try encoder.encode(progress), as: UTF8.self))\n\n"
                    case .ended(let state):
                        text = "event: end\ndata: {\"state\":\"\(state.rawValue)\"}\n\n"
                    }
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            })
    }

    private func job(_ context: BasicRequestContext) async throws -> JobRecord {
        let id = try context.parameters.require("id")
        guard let record = try await queue.job(id) else { throw APIError(.notFound, "no job \(id)") }
        return record
    }
}

/// An error as the API answers it: `{"error": {"status", "message", "issues"}}`.
struct APIError: Error {
    var status: HTTPResponse.Status
    var message: String
    var issues: [InputIssue] = []
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, issues: [InputIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.issues = issues
        self.headers = headers
    }

    var response: Response {
        var body: [String: Any] = ["status": status.code, "message": message]
        if !issues.isEmpty { body["issues"] = issues.map { ["path": $0.path, "message": $0.message] } }
        var response = json(["error": body], status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}

/// Every error leaves as JSON: ours as they are, Hummingbird's (404 route, 413) with their status.
struct ErrorBody: RouterMiddleware {
    typealias Context = BasicRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPResponseError {
            if error.status == .notFound, let allowed = Self.methods(for: request.uri.path) {
                return APIError(.methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path)",
                                headers: [.allow: allowed.joined(separator: ", ")]).response
            }
            return APIError(error.status, error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)" : error.status.reasonPhrase).response
        } catch {
            return APIError(.internalServerError, "internal error: \(error)").response
        }
    }
}

extension ErrorBody {
    /// The methods a route of the API allows, when `path` is one of its routes.
    static func methods(for path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 2 where parts[0] == "v1" && parts[1] == "health": return ["GET"]
        case 2 where parts[0] == "v1" && parts[1] == "openapi.yaml": return ["GET"]
        case 2 where parts[0] == "v1" && parts[1] == "jobs": return ["GET", "POST"]
        case 3 where parts[0] == "v1" && parts[1] == "jobs": return ["GET", "DELETE"]
        case 4 where parts[0] == "v1" && parts[1] == "jobs":
            switch parts[3] {
            case "result", "events": return ["GET"]
            case "interrupt", "cancel": return ["POST"]
            default: return nil
            }
        default: return nil
        }
    }
}

/// `Authorization: Bearer <token>`, compared in constant time.
struct BearerToken: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: String
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let given = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
        let a = Array(given.utf8), b = Array(token.utf8)
        var difference = a.count ^ b.count
        for i in 0..<max(a.count, b.count) { difference |= Int((i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)) }
        guard difference == 0 else {
            throw APIError(.unauthorized, "missing or wrong bearer token", headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }
}

private func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

private func encoded<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.dateEncodingStrategy = .iso8601
    var response = Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    for field in headers { response.headers.append(field) }
    return response
}
