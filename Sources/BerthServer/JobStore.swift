import Berth
import Foundation
import GRDB

/// Where a job stands.
public enum JobState: String, Codable, Sendable, CaseIterable {
    /// Waiting for a free worker.
    case queued
    case running
    /// Finished: its result is stored (whatever the result's status).
    case done
    /// Cancelled by the caller: no result.
    case cancelled
    /// The server stopped while the job ran (a crash or a kill): no result; submit it again.
    case interrupted
}

/// One job as the API shows it.
public struct JobRecord: Codable, Sendable, Hashable {
    public var id: String
    public var command: String
    public var state: JobState
    public var submitted: Date
    public var started: Date?
    public var finished: Date?
    /// The result's status, once done (`optimal`, `infeasible`, …).
    public var status: String?
    /// The newest progress of a running job.
    public var progress: SolveProgress?
    public var message: String?
}

/// Jobs, their requests and their results in SQLite: a restart loses no finished result, and
/// the jobs a stopped server was running are reported as interrupted.
public final class JobStore: Sendable {
    private let database: DatabaseQueue

    /// Opens (or creates) the store at `path` (`:memory:` for a store that lives with the process).
    public init(path: String) throws {
        database = path == ":memory:" ? try DatabaseQueue() : try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "job") { t in
                t.primaryKey("id", .text)
                t.column("command", .text).notNull()
                t.column("state", .text).notNull()
                t.column("submitted", .double).notNull()
                t.column("started", .double)
                t.column("finished", .double)
                t.column("status", .text)
                t.column("message", .text)
                t.column("request", .blob).notNull()
                t.column("result", .blob)
            }
            try db.create(index: "job_submitted", on: "job", columns: ["submitted"])
        }
        try migrator.migrate(database)
    }

    func insert(id: String, command: String, request: Data, at date: Date) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO job (id, command, state, submitted, request) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, command, JobState.queued.rawValue, date.timeIntervalSince1970, request])
        }
    }

    func markRunning(_ id: String, at date: Date) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE job SET state = ?, started = ? WHERE id = ?", arguments: [JobState.running.rawValue, date.timeIntervalSince1970, id])
        }
    }

    func finish(_ id: String, state: JobState, result: BerthResult?, message: String? = nil, at date: Date) throws {
        let data = try result.map { try $0.jsonData() }
        try database.write { db in
            try db.execute(sql: "UPDATE job SET state = ?, finished = ?, status = ?, message = ?, result = ? WHERE id = ?",
                           arguments: [state.rawValue, date.timeIntervalSince1970, result?.status.rawValue, message, data, id])
        }
    }

    func delete(_ id: String) throws {
        try database.write { db in try db.execute(sql: "DELETE FROM job WHERE id = ?", arguments: [id]) }
    }

    public func job(_ id: String) throws -> JobRecord? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM job WHERE id = ?", arguments: [id]).map(Self.record) }
    }

    /// The newest jobs first.
    public func jobs(limit: Int) throws -> [JobRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM job ORDER BY submitted DESC, id LIMIT ?", arguments: [limit]).map(Self.record)
        }
    }

    /// The stored result (berth-result/1 JSON), once the job is done.
    public func result(_ id: String) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT result FROM job WHERE id = ?", arguments: [id]) }
    }

    func request(_ id: String) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT request FROM job WHERE id = ?", arguments: [id]) }
    }

    /// After a restart: jobs that were running are interrupted; queued ones are returned to run again, oldest first.
    func recover(at date: Date) throws -> (interrupted: Int, queued: [String]) {
        try database.write { db in
            try db.execute(sql: "UPDATE job SET state = ?, finished = ?, message = ? WHERE state = ?",
                           arguments: [JobState.interrupted.rawValue, date.timeIntervalSince1970,
                                       "the server stopped while this job ran; submit it again", JobState.running.rawValue])
            let interrupted = db.changesCount
            let queued = try String.fetchAll(db, sql: "SELECT id FROM job WHERE state = ? ORDER BY submitted, id", arguments: [JobState.queued.rawValue])
            return (interrupted, queued)
        }
    }

    private static func record(_ row: Row) -> JobRecord {
        JobRecord(
            id: row["id"], command: row["command"], state: JobState(rawValue: row["state"]) ?? .interrupted,
            submitted: Date(timeIntervalSince1970: row["submitted"]),
            started: (row["started"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finished: (row["finished"] as Double?).map(Date.init(timeIntervalSince1970:)),
            status: row["status"], progress: nil, message: row["message"])
    }
}
