// Load a model, add rules with the DSL, solve with a progress bar and a deadline, cancel a second
// solve, then plan and simulate. Run from the repository's root:
//   swift run --package-path docs/examples/orchestrator Orchestrator Models/workflow-cluster.json
import Berth
import Foundation

let path = CommandLine.arguments.dropFirst().first ?? "Models/workflow-cluster.json"
let model: Instance
do {
    model = try InstanceCodec.loadInstance(path: path)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(3)
}

// 1. Rules on top of the model's own (a typo in a selector is an InputError naming it).
let instance: Instance
do {
    instance = try model.adding {
        Spread(vms(tagged: "web")).named("web-apart")
        Ban(vms(tagged: "batch"), hosts(rack: "r1")).named("batch-off-r1")
    }
} catch {
    FileHandle.standardError.write(Data("rules: \(error)\n".utf8))
    exit(3)
}

// 2. A solve with a deadline and a progress bar (at most ~10 events a second).
let engine = BerthEngine(timeLimit: .seconds(10))
let outcome = try await engine.solve(instance, objective: .minHosts) { progress in
    let width = 30, filled = Int((progress.fraction ?? 0) * Double(width))
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    FileHandle.standardError.write(Data("\r[\(bar)] \(progress.phase.rawValue)   ".utf8))
}
FileHandle.standardError.write(Data("\n".utf8))
switch outcome {
case .placed(let result):
    print("placed: \(result.onlineHostCount) hosts on, \(result.moves.count) moves, optimal: \(result.isOptimal)")
case .infeasible(let report):
    print("infeasible: \(report.conflicts.map(\.id).joined(separator: ", "))")
case .unknown(let report):
    print("unknown: \(report.reason)")
}

// 3. A second solve whose caller goes away: cancelling its task ends it with CancellationError,
// like every entry point (the solver thread stops at its next check).
let second = Task { try await BerthEngine(timeLimit: .seconds(60)).solve(instance, objective: .balance) }
second.cancel()
do {
    _ = try await second.value
    print("second solve: finished before the cancellation")
} catch is CancellationError {
    print("second solve: cancelled")
}

// 4. A plan (placement, schedule, checks, simulation) as the versioned JSON contract.
let job = engine.start(.workflow(.plan(Planning.Request()), on: instance))
for await progress in job.progress where progress.phase == .scheduling { print("plan: \(progress)") }
let planned = try await job.result.value
print("plan: \(planned.status.rawValue), \(planned.plan?.actions.count ?? 0) actions, "
    + "completes at \(planned.simulation?.completionSeconds ?? 0) s (\(planned.schema))")

// 5. The plan simulated again, checked at every instant.
if let plan = planned.plan {
    let (simulation, violations) = try await engine.simulate(instance, plan)
    print("simulate: \(violations.count) violations, \(simulation.migrations.count) migrations, \(simulation.energyKWh) kWh")
}
exit(planned.exitCode)
