import Berth
import Foundation
import Testing

/// The async API: progress events in order, the same report as the synchronous call, cancellation.
@Suite struct WorkflowAsyncTests {
    @Test func eventsStreamInOrderAndTheReportMatchesTheSynchronousRun() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let run = Workflow.consolidate(Consolidate.Request(powerOff: true)).start(on: model, options: WorkflowOptions(timeLimit: 10))
        var steps: [String] = []
        for await event in run.events {
            switch event {
            case .solving: steps.append("solving")
            case .searching: if steps.last != "searching" { steps.append("searching") }
            case .placed: steps.append("placed")
            case .scheduled: steps.append("scheduled")
            case .simulated: steps.append("simulated")
            }
        }
        let report = try await run.report.value
        #expect(steps.first == "solving" && Array(steps.suffix(3)) == ["placed", "scheduled", "simulated"], "\(steps)")
        let direct = try Consolidate.run(model, Consolidate.Request(powerOff: true), options: WorkflowOptions(timeLimit: 10))
        #expect(report.schedule.plan == direct.schedule.plan)
    }

    @Test func cancellingTheTaskStopsTheSearch() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let clock = ContinuousClock()
        // Balance on this model is not proven optimal in 120 s; cancellation must end it long before.
        let task = Task { try await Workflow.balance.report(on: model, options: WorkflowOptions(timeLimit: 120)) }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        let cancelled = clock.now  // the sleep may end late while other tests hold the pool's threads
        do {
            _ = try await task.value
            Issue.record("a cancelled workflow returns no report")
        } catch let error as WorkflowError {
            guard case .cancelled = error else { Issue.record("\(error)"); return }
        }
        #expect(cancelled.duration(to: clock.now) < .seconds(30), "the 120 s search stopped early (generous: the suite runs in parallel on 2 cores)")
    }
}

/// The README's orchestrator example and docs/workflows.md's library example, as written there.
@Suite struct WorkflowReadmeTests {
    @Test func readmeWorkflowExample() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let run = Workflow.consolidate(Consolidate.Request(powerOff: true, maxMigrations: 5)).start(on: model)
        var events = 0
        for await _ in run.events { events += 1 }
        let report = try await run.report.value
        #expect(events >= 4)
        #expect(report.migrations <= 5)
        #expect(report.summary.hasPrefix("consolidate: "))
        #expect(WorkflowHTMLReport.html(report, title: "nightly").contains("<svg"))
    }
}
