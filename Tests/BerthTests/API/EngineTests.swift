import Berth
import BerthMIP
import Foundation
import Synchronization
import Testing

/// The async API: progress, cancellation (always `CancellationError`), interruption, and results
/// that match the synchronous entry points.
@Suite struct EngineTests {
    /// Collects progress events from any thread.
    final class Recorder: Sendable {
        private let events = Mutex<[SolveProgress]>([])
        func record(_ event: SolveProgress) { events.withLock { $0.append(event) } }
        var all: [SolveProgress] { events.withLock { $0 } }
    }

    @Test func solveReportsPhasesWithTheLimitAndMatchesTheSynchronousSolve() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let recorder = Recorder()
        let outcome = try await BerthEngine(timeLimit: .seconds(10)).solve(model, objective: .minHosts) { recorder.record($0) }
        let events = recorder.all
        let phases = events.map(\.phase)
        #expect(phases.first == .preparing && phases.last == .done, "\(phases)")
        #expect(phases.contains(.heuristics) && phases.contains(.placed), "\(phases)")
        #expect(events.allSatisfy { $0.timeLimit == .seconds(10) && ($0.fraction ?? -1) >= 0 && ($0.fraction ?? 2) <= 1 })
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.elapsed <= $1.elapsed })
        guard case .placed(let async) = outcome,
              case .placed(let sync) = try PlacementSolver(options: PlacementOptions(objective: .minHosts, timeLimit: .seconds(10))).solve(model)
        else { Issue.record("both solves place every VM"); return }
        #expect(async.onlineHostCount == sync.onlineHostCount && async.isOptimal == sync.isOptimal)
    }

    @Test func progressIsThrottledButEveryPhaseChangePasses() async throws {
        let recorder = Recorder()
        let clock = ContinuousClock(), start = clock.now
        _ = try await BerthEngine(timeLimit: .seconds(3)).solve(Fixtures.longBalance()) { recorder.record($0) }
        let seconds = start.duration(to: clock.now).inSeconds
        let events = recorder.all
        let changes = zip(events, events.dropFirst()).filter { $0.phase != $1.phase }.count + 1
        // GLPK's callback fires thousands of times a second; what passes is ~10 a second plus the phase changes.
        #expect(events.count <= Int(seconds * 11) + changes + 2, "\(events.count) events in \(seconds) s, \(changes) phases")
        #expect(events.map(\.phase).contains(.mip))
        #expect(Array(events.map(\.phase).suffix(2)) == [.placed, .done], "\(events.map(\.phase).suffix(2))")
    }

    @Test(arguments: ["solve", "workflow", "what-if", "job"])
    func cancellingEndsEveryEntryPointWithCancellationError(_ entry: String) async throws {
        let model = Fixtures.longBalance()
        let engine = BerthEngine(timeLimit: .seconds(120))
        let clock = ContinuousClock()
        let task = Task { () async throws -> Void in
            switch entry {
            case "solve": _ = try await engine.solve(model, objective: .balance)
            case "workflow": _ = try await engine.run(.balance, on: model)
            case "what-if":
                var request = WhatIf.Request()
                request.grow = 1.1
                _ = try await engine.whatIf(model, request)
            default:
                let job = engine.start(.workflow(.balance, on: model))
                try await withTaskCancellationHandler { _ = try await job.result.value } onCancel: { job.cancel() }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = clock.now
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // The awaiting task is answered at once; the solver thread stops at its next check.
        // Generous: under the full suite, 2 cores and a pool busy with synchronous tests delay the wake-up (Benchmarks/api.sh measures it alone).
        #expect(cancelled.duration(to: clock.now) < .seconds(30), "\(cancelled.duration(to: clock.now))")
    }

    @Test func aCancelledTaskNeverStartsTheSolver() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await BerthEngine(timeLimit: .seconds(60)).solve(model)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func interruptingAJobKeepsTheBestPlacement() async throws {
        let model = Fixtures.longBalance()
        let job = BerthEngine(timeLimit: .seconds(120)).start(.solve(model, objective: .balance))
        var sawSearch = false
        for await event in job.progress where event.phase == .mip || event.phase == .heuristics {
            sawSearch = true
            job.interrupt()
        }
        let result = try await job.result.value
        #expect(sawSearch)
        #expect(result.status == .feasible && result.interrupted, "\(result.status) \(result.interrupted)")
        #expect(result.placement != nil && result.exitCode == 1)
    }

    @Test func everyOutcomeIsAStatusOfTheContract() async throws {
        let engine = BerthEngine(timeLimit: .seconds(10))
        // Infeasible: the conflicting rules, in the one representation of conflicts.
        let infeasible = try await engine.result(for: .solve(try Fixtures.model("impossible-spread.json")))
        #expect(infeasible.status == .infeasible && infeasible.exitCode == 2)
        #expect(infeasible.conflicts?.isEmpty == false && infeasible.explanation?.isEmpty == false)
        // Invalid: every issue with its path.
        var bad = try Fixtures.model("demo-8hosts.json")
        bad.cluster.vms[0].host = "no-such-host"
        let invalid = try await engine.result(for: .solve(bad))
        #expect(invalid.status == .invalidInput && invalid.exitCode == 3)
        #expect(invalid.issues?.contains { $0.path?.contains("vms[0]") == true && $0.message.contains("no-such-host") } == true, "\(invalid.issues ?? [])")
        // A plan: checked, simulated, and the same plan the synchronous workflow gives.
        let model = try Fixtures.model("workflow-cluster.json")
        let planned = try await engine.result(for: .workflow(.plan(Planning.Request()), on: model))
        #expect(planned.command == "plan" && (planned.status == .optimal || planned.status == .feasible))
        #expect(planned.checked?.violations == 0 && planned.simulation != nil && planned.plan != nil)
        // Simulating that plan again: valid.
        let simulated = try await engine.result(for: .simulate(model, planned.plan!))
        #expect(simulated.status == .valid && simulated.simulation?.completionSeconds == planned.simulation?.completionSeconds)
        // Checking its target: valid.
        let checked = try await engine.result(for: .check(model, planned.placement!))
        #expect(checked.status == .valid && checked.violations == [])
    }

    @Test func unschedulablePlansSayWhichActionAndRule() async throws {
        // Draining w1 moves its VMs; a deadline of 1 ms on them cannot be met by any live migration.
        var model = try Fixtures.model("workflow-cluster.json")
        model.constraints.append(.deadline(Deadline(vms: ["web-1", "app-1", "batch-1"], seconds: 0.001, label: "asap")))
        let result = try await BerthEngine(timeLimit: .seconds(5)).result(for: .workflow(.drain(Drain.Request(hosts: .hosts(["w1"]))), on: model))
        #expect(result.status == .unschedulable && result.exitCode == 2, "\(result.status)")
        let blockers = result.unschedulable?.blockers ?? []
        #expect(!blockers.isEmpty && blockers.allSatisfy { $0.cause == .deadline && $0.rule == "asap" && $0.vm != nil }, "\(blockers)")
    }

    @Test func aStartAlreadyOverloadedNamesTheHostByItsID() async throws {
        let model = try InstanceCodec.loadInstance(path: Fixtures.root.appendingPathComponent("Tests/BerthCLITests/Fixtures/hostile/overloaded-start.json").path)
        let result = try await BerthEngine(timeLimit: .seconds(5)).result(for: .workflow(.plan(Planning.Request()), on: model))
        #expect(result.status == .unschedulable)
        let blocker = try #require(result.unschedulable?.blockers.first)
        #expect(blocker.cause == .overloadedAtStart && blocker.host == "a" && blocker.message.contains("already overloads a (cpu 125%)"), "\(blocker)")
    }

    @Test func resultsRoundTripThroughJSON() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let result = try await BerthEngine(timeLimit: .seconds(10)).result(for: .workflow(.consolidate(Consolidate.Request(powerOff: true)), on: model))
        let data = try result.jsonData()
        #expect(try BerthResult.decode(data) == result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "berth-result/1" && object["command"] as? String == "consolidate")
    }
}
