import ArgumentParser
import Berth
import Foundation
import Synchronization

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Answer many what-if scenarios on one model (berth-sweep/1): one table row per scenario, in parallel worker processes.",
        discussion: """
            Each scenario is answered independently (fits, hosts needed, headroom per resource, binding resource \
            or conflicting rules, status, bound, seconds). --output writes JSON lines and --csv a CSV table, both \
            atomically at the end; rows are appended to OUTPUT.partial as they come, so an interrupted sweep \
            resumes where it stopped (scenarios already in OUTPUT or OUTPUT.partial are skipped). \
            Exit codes: 0 every scenario answered; 3 bad input; 4 a scenario failed inside Berth.
            """)

    @Argument(help: "The sweep file (berth-sweep/1); its model path is relative to it.")
    var sweep: String

    @Option(help: "Worker processes (1: in this process).")
    var jobs = 1

    @Option(help: "Write the rows as JSON lines to this file (and resume from it).")
    var output: String?

    @Option(help: "Write the table as CSV to this file.")
    var csv: String?

    @Option(help: "Write a self-contained HTML report (hosts needed against growth, one curve per variant; the table) to this file.")
    var report: String?

    @Flag(name: .shortAndLong, help: "No progress line on standard error.")
    var quiet = false

    @Flag(help: "List the scenarios (index and name, JSON lines) without answering any.")
    var list = false

    @Flag(help: .hidden)
    var worker = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be in 1…64") }
        try OutputFile.checkWritable(output, flag: "--output")
        try OutputFile.checkWritable(csv, flag: "--csv")
        try OutputFile.checkWritable(report, flag: "--report")
    }

    func run() throws {
        let loaded: Sweep
        do { loaded = try Sweep.load(path: sweep) } catch { failOnInput(error, json: false) }
        if worker { serveWorker(loaded) }
        if list {
            for scenario in loaded.scenarios {
                let line = (try? JSONSerialization.data(withJSONObject: ["index": scenario.index, "scenario": scenario.name], options: [.sortedKeys]))
                print(line.map { String(decoding: $0, as: UTF8.self) } ?? "")
            }
            return
        }

        var done: [String: Sweep.Row] = [:]
        if let output {
            for path in [output, output + ".partial"] { for row in Self.rows(in: path) { done[row.scenario] = row } }
        }
        let todo = loaded.scenarios.filter { done[$0.name] == nil }
        let partial = output.map { $0 + ".partial" }
        let appender = partial.flatMap { RowAppender(path: $0) }
        let progress = SweepProgress(total: loaded.scenarios.count, already: loaded.scenarios.count - todo.count, workers: jobs, quiet: quiet)
        let fresh = Mutex<[Sweep.Row]>([])
        let record: @Sendable (Sweep.Row) -> Void = { row in
            appender?.append(row)
            fresh.withLock { $0.append(row) }
            progress.add(row)
        }
        if jobs == 1 || todo.count <= 1 {
            for scenario in todo { record(Self.answer(scenario)) }
        } else {
            WorkerPool(sweep: sweep, count: min(jobs, todo.count)).run(todo, record: record)
        }
        let all = (Array(done.values) + fresh.withLock { $0 }).sorted { $0.index < $1.index }
        let lines = all.reduce(Data()) { $0 + $1.jsonLine }
        if let output {
            OutputFile.write(lines, to: output)
            if let partial { try? FileManager.default.removeItem(atPath: partial) }
        } else {
            FileHandle.standardOutput.write(lines)
        }
        if let csv { OutputFile.write(Data(Sweep.csv(all, resources: loaded.model.cluster.resources).utf8), to: csv) }
        if let report { OutputFile.write(Data(Sweep.html(all, title: "berth sweep \(sweep)").utf8), to: report) }
        throw ExitCode(all.contains { $0.status == "error" } ? ExitStatus.internalError.rawValue : ExitStatus.solved.rawValue)
    }

    /// Worker mode: scenario indices on standard input, one row (JSON) per line on standard output.
    private func serveWorker(_ loaded: Sweep) -> Never {
        let byIndex = Dictionary(loaded.scenarios.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        while let line = readLine() {
            guard let index = Int(line), let scenario = byIndex[index] else { continue }
            FileHandle.standardOutput.write(Self.answer(scenario).jsonLine)
        }
        Foundation.exit(0)
    }

    /// A scenario's row; a failure inside Berth is a row with status `error`, not an exit.
    static func answer(_ scenario: Sweep.Scenario) -> Sweep.Row {
        switch BlockingAsync.value({ try await Sweep.answer(scenario) }) {
        case .success(let row): row
        case .failure(let error): Sweep.failed(scenario, message: "\(error)")
        }
    }

    /// Rows already answered (a final output or a partial one); unreadable lines are skipped.
    static func rows(in path: String) -> [Sweep.Row] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Sweep.Row.self, from: Data($0.utf8)) }
    }
}

/// Appends rows to the partial file as they come, one flushed line each.
final class RowAppender: Sendable {
    private let handle: Mutex<FileHandle>

    init?(path: String) {
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        guard let file = FileHandle(forWritingAtPath: path) else { return nil }
        file.seekToEndOfFile()
        handle = Mutex(file)
    }

    func append(_ row: Sweep.Row) {
        handle.withLock { file in
            file.write(row.jsonLine)
            try? file.synchronize()
        }
    }
}

/// Worker processes (`berth sweep FILE --worker`), each fed one scenario index at a time, so that a
/// slow scenario does not hold the others back.
struct WorkerPool {
    let sweep: String
    let count: Int

    func run(_ scenarios: [Sweep.Scenario], record: @escaping @Sendable (Sweep.Row) -> Void) {
        let queue = Mutex<[Sweep.Scenario]>(scenarios)
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                let process = Process()
                // This very binary (argv[0] may be a bare name found on PATH).
                process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
                process.arguments = ["sweep", sweep, "--worker", "--quiet"]
                let input = Pipe(), output = Pipe()
                process.standardInput = input
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                do { try process.run() } catch {
                    while let next = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { record(Sweep.failed(next, message: "\(error)")) }
                    return
                }
                var buffer = Data()
                while let next = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                    input.fileHandleForWriting.write(Data("\(next.index)\n".utf8))
                    var line: Data?
                    while line == nil {
                        if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                            line = buffer[buffer.startIndex..<newline]
                            buffer = Data(buffer[buffer.index(after: newline)...])
                            break
                        }
                        let chunk = output.fileHandleForReading.availableData
                        if chunk.isEmpty { break }
                        buffer += chunk
                    }
                    if let line, let row = try? JSONDecoder().decode(Sweep.Row.self, from: line) {
                        record(row)
                    } else {
                        record(Sweep.failed(next, message: WorkerError.died.description))
                        break
                    }
                }
                try? input.fileHandleForWriting.close()
                process.waitUntilExit()
            }
        }
        group.wait()
    }

    enum WorkerError: Error, CustomStringConvertible {
        case died
        var description: String { "the worker process ended without an answer" }
    }
}

/// `sweep: 37/100 scenarios, 2 workers, 5 do not fit, 41 s` on standard error, at most once a second.
final class SweepProgress: Sendable {
    private let state: Mutex<(answered: Int, misfits: Int, last: ContinuousClock.Instant)>
    private let total: Int, workers: Int, quiet: Bool
    private let start = ContinuousClock.now

    init(total: Int, already: Int, workers: Int, quiet: Bool) {
        state = Mutex((already, 0, .now - .seconds(1)))
        self.total = total
        self.workers = workers
        self.quiet = quiet
        if already > 0, !quiet { writeStandardError("sweep: \(already) of \(total) scenarios answered already (resuming)") }
    }

    func add(_ row: Sweep.Row) {
        let line: String? = state.withLock { s in
            s.answered += 1
            if !row.fits { s.misfits += 1 }
            guard !quiet, ContinuousClock.now - s.last >= .seconds(1) || s.answered == total else { return nil }
            s.last = .now
            return "sweep: \(s.answered)/\(total) scenarios, \(workers) worker\(workers == 1 ? "" : "s"), \(s.misfits) do not fit, "
                + String(format: "%.0f s", (ContinuousClock.now - start).inSeconds)
        }
        if let line { writeStandardError(line) }
    }
}
