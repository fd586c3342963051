import BerthMIP
import Foundation

/// A workflow and its request, for the async API.
///
/// ```swift
/// let model = try InstanceCodec.loadInstance(path: "Models/workflow-cluster.json")
/// let run = Workflow.consolidate(Consolidate.Request(powerOff: true)).start(on: model)
/// for await event in run.events { print(event) }      // solving…, searching…, placed…, scheduled…, simulated…
/// let report = try await run.report.value                // cancel run.report to stop GLPK
/// print(report.summary)
/// ```
public enum Workflow: Sendable {
    case drain(Drain.Request)
    /// Hosts to return to service (`nil`: every host in maintenance).
    case undrain(HostSelection?)
    case consolidate(Consolidate.Request)
    case refresh(Refresh.Request)
    case balance
    case hotSpots(HotSpots.Request)
    case evacuate(Evacuate.Request)

    /// A running workflow: its progress events and its report.
    public struct Run: Sendable {
        /// Every step in order; finishes when the workflow ends (or is cancelled).
        public let events: AsyncStream<WorkflowEvent>
        /// The report; cancelling this task stops the GLPK search through the cancellation token.
        public let report: Task<WorkflowReport, any Error>
    }

    /// Runs synchronously on the calling thread (GLPK is used from one thread per solve).
    public func run(on model: Instance, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        switch self {
        case .drain(let request): try Drain.run(model, request, options: options)
        case .undrain(let hosts): try Drain.undrain(model, hosts: hosts, options: options)
        case .consolidate(let request): try Consolidate.run(model, request, options: options)
        case .refresh(let request): try Refresh.run(model, request, options: options)
        case .balance: try Balance.run(model, options: options)
        case .hotSpots(let request): try HotSpots.run(model, request, options: options)
        case .evacuate(let request): try Evacuate.run(model, request, options: options)
        }
    }

    /// Runs on a thread of its own (GLPK blocks; the cooperative pool stays free); task
    /// cancellation stops the search and the workflow throws `WorkflowError.cancelled`.
    public func report(on model: Instance, options: WorkflowOptions = WorkflowOptions()) async throws -> WorkflowReport {
        var options = options
        let token = options.cancellation ?? CancellationToken()
        options.cancellation = token
        let configured = options
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<WorkflowReport, any Error>) in
                let thread = Thread {
                    do {
                        if token.isCancelled { throw WorkflowError.cancelled }
                        continuation.resume(returning: try self.run(on: model, options: configured))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
        } onCancel: {
            token.cancel()
        }
    }

    /// Starts the workflow and streams its progress.
    public func start(on model: Instance, options: WorkflowOptions = WorkflowOptions()) -> Run {
        let (events, continuation) = AsyncStream<WorkflowEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        var options = options
        let downstream = options.progress
        options.progress = { event in
            downstream?(event)
            continuation.yield(event)
        }
        let configured = options
        let report = Task { () async throws -> WorkflowReport in
            defer { continuation.finish() }
            return try await self.report(on: model, options: configured)
        }
        return Run(events: events, report: report)
    }
}
