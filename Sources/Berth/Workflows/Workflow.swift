import BerthMIP
import Foundation

/// A workflow and its request. ``BerthEngine`` runs it asynchronously, with progress and cancellation:
///
/// ```swift
/// let model = try InstanceCodec.loadInstance(path: "Models/workflow-cluster.json")
/// let report = try await BerthEngine().run(.consolidate(Consolidate.Request(powerOff: true)), on: model) { print($0) }
/// print(report.summary)
/// ```
public enum Workflow: Sendable {
    /// Plan on the model as it is, under its own rules (see ``Planning``).
    case plan(Planning.Request)
    /// Plan again from what really happened to a plan.
    case replan(plan: MigrationPlan, progress: PlanProgress)
    case drain(Drain.Request)
    /// Hosts to return to service (`nil`: every host in maintenance).
    case undrain(HostSelection?)
    case consolidate(Consolidate.Request)
    case refresh(Refresh.Request)
    case balance
    case hotSpots(HotSpots.Request)
    case evacuate(Evacuate.Request)

    /// Runs synchronously on the calling thread (GLPK is used from one thread per solve).
    public func run(on model: Instance, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        switch self {
        case .plan(let request): try Planning.plan(model, request, options: options)
        case .replan(let plan, let progress): try Planning.replan(model, plan: plan, progress: progress, options: options)
        case .drain(let request): try Drain.run(model, request, options: options)
        case .undrain(let hosts): try Drain.undrain(model, hosts: hosts, options: options)
        case .consolidate(let request): try Consolidate.run(model, request, options: options)
        case .refresh(let request): try Refresh.run(model, request, options: options)
        case .balance: try Balance.run(model, options: options)
        case .hotSpots(let request): try HotSpots.run(model, request, options: options)
        case .evacuate(let request): try Evacuate.run(model, request, options: options)
        }
    }
}
