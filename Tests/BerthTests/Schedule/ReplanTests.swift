import Berth
import Foundation
import Testing

/// Replanning from what really happened (issue 29 §6b): each fault an executor meets.
@Suite struct ReplanTests {
    /// a0 and a1 (on, two VMs each) are evacuated onto the spares s0, s1, s2 (off; two VMs fit on each).
    static func evacuation() -> Instance {
        let power = PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 60, shutdownSeconds: 20)
        let hosts = ["a0", "a1"].map { Server(id: $0, capacity: ["cpu": 8], power: power) }
            + ["s0", "s1", "s2"].map { Server(id: $0, capacity: ["cpu": 4], state: .offline, power: power) }
        let vms = (0..<4).map { VM(id: "v\($0)", demand: ["cpu": 2], host: $0 < 2 ? "a0" : "a1", memoryMiB: 1024) }
        return Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms),
                        constraints: [.offline(Offline(hosts: ["a0", "a1"]))], objective: .minMigrations)
    }

    static func plan(_ instance: Instance) throws -> (Placement, MigrationPlan) {
        guard case .placed(let result) = try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(10))).solve(instance) else {
            throw CancellationError()
        }
        return (result.placement, try Scheduler().schedule(instance, target: result.placement).plan)
    }

    /// Replans from `progress` and returns the new state, target and checked plan.
    static func replan(_ instance: Instance, _ ran: MigrationPlan, _ progress: PlanProgress) throws -> (Instance, Placement, MigrationPlan, [String]) {
        let (current, notes) = progress.currentState(of: instance, plan: ran)
        let (target, plan) = try Self.plan(current)
        #expect(PlanChecker.check(current, plan: plan, target: target).isEmpty)
        #expect(PlanSimulator(instance: current).simulate(plan).stuck == nil)
        return (current, target, plan, notes)
    }

    @Test func doneAndRunningActionsAreTheNewStart() throws {
        let instance = Self.evacuation()
        let (_, ran) = try Self.plan(instance)
        let firstMove = try #require(ran.actions.first { $0.kind == .migrate })
        let boot = try #require(ran.actions.first { $0.kind == .boot && $0.to == firstMove.to })
        let second = try #require(ran.actions.first { $0.kind == .migrate && $0.id != firstMove.id && $0.to == firstMove.to })
        let done = Set(firstMove.dependsOn + second.dependsOn + [firstMove.id]).subtracting([second.id])
        let progress = PlanProgress(actions: done.sorted().map { .init(action: $0, status: .done) } + [.init(action: second.id, status: .running)])
        let (current, _, plan, notes) = try Self.replan(instance, ran, progress)
        #expect(current.cluster.vm(firstMove.vm!)?.host == firstMove.to)
        #expect(current.cluster.vm(second.vm!)?.host == second.to)
        #expect(current.cluster.hosts.first { $0.id == boot.to }?.state == .online)
        // Nothing that already happened is planned again.
        #expect(!plan.actions.contains { $0.vm == firstMove.vm || $0.vm == second.vm || ($0.kind == .boot && $0.to == boot.to) })
        #expect(plan.actions(.migrate).count == 2)
        #expect(notes.contains { $0.contains("running") })
    }

    @Test func aFailedMigrationIsPlannedAgain() throws {
        let instance = Self.evacuation()
        let (_, ran) = try Self.plan(instance)
        let move = try #require(ran.actions.first { $0.kind == .migrate })
        let progress = PlanProgress(actions: move.dependsOn.map { .init(action: $0, status: .done) } + [.init(action: move.id, status: .aborted)])
        let (current, target, plan, _) = try Self.replan(instance, ran, progress)
        #expect(current.cluster.vm(move.vm!)?.host == move.from)
        #expect(target.vmHosts[move.vm!] != move.from)
        #expect(plan.actions.contains { $0.kind == .migrate && $0.vm == move.vm })
    }

    @Test func aDestinationThatFailedToBootIsNeverUsed() throws {
        let instance = Self.evacuation()
        let (_, ran) = try Self.plan(instance)
        let boot = try #require(ran.actions.first { $0.kind == .boot })
        let (current, target, plan, notes) = try Self.replan(instance, ran, PlanProgress(actions: [.init(action: boot.id, status: .failed)]))
        #expect(current.cluster.hosts.first { $0.id == boot.to }?.state == .offline)
        #expect(current.constraints.contains { $0.label == "out-of-service" })
        #expect(!target.vmHosts.values.contains(boot.to!))
        #expect(!plan.actions.contains { $0.to == boot.to })
        #expect(notes.contains { $0.contains("failed to boot") })
        // The other two spares take the four VMs.
        #expect(Set(target.vmHosts.values).count == 2)
    }

    @Test func vmsOfAHostThatWentDownRestartElsewhere() throws {
        let instance = Self.evacuation()
        let (_, ran) = try Self.plan(instance)
        // Everything up to the first shutdown is done; then a destination that received VMs dies.
        let move = try #require(ran.actions.first { $0.kind == .migrate })
        let progress = PlanProgress(actions: move.dependsOn.map { .init(action: $0, status: .done) } + [.init(action: move.id, status: .done)],
                                    hostsDown: [move.to!])
        let (current, target, plan, notes) = try Self.replan(instance, ran, progress)
        #expect(current.cluster.vm(move.vm!)?.host == nil)
        #expect(target.vmHosts[move.vm!] != nil && target.vmHosts[move.vm!] != move.to)
        #expect(!plan.actions.contains { $0.to == move.to && $0.kind != .shutdown })
        #expect(notes.contains { $0.contains("went down") })
    }

    @Test func progressIsValidatedAgainstItsPlan() throws {
        let instance = Self.evacuation()
        let (_, ran) = try Self.plan(instance)
        let move = try #require(ran.actions.first { $0.kind == .migrate && !$0.dependsOn.isEmpty })
        let json = """
            {"format": "berth-progress/1", "actions": [{"id": 999, "status": "done"}, {"id": \(move.id), "status": "running"},
             {"id": \(move.id), "status": "done"}], "hostsDown": ["nowhere"]}
            """
        do {
            _ = try InstanceCodec.decodeProgress(Data(json.utf8), plan: ran, cluster: instance.cluster)
            Issue.record("accepted a bad progress report")
        } catch {
            let paths = Set(error.issues.map(\.path))
            #expect(paths.isSuperset(of: ["actions[0].id", "actions[1].status", "actions[2].id", "hostsDown[0]"]), "\(paths)")
        }
        let bad = #"{"format": "berth-progress/1", "actions": [{"id": 0, "status": "half-done"}]}"#
        #expect(throws: InputError.self) { try InstanceCodec.decodeProgress(Data(bad.utf8), plan: ran, cluster: instance.cluster) }
    }
}
