@testable import Berth
import Foundation
import Testing

/// Over-filtering (issue 30 §7): a heuristic that refuses valid moves would pass every test that
/// only checks what it returns. Here, for every valid placement of small random instances (found
/// by enumeration, judged by the checker), each VM's last step must be admitted: with every other
/// running VM already where the placement puts it, the packers' admission (domains, capacity and
/// every constraint's admission test) must accept the VM on its host.
@Suite struct AdmissionCompletenessTests {
    @Test func everyValidPlacementIsAdmittedStepByStep() throws {
        var steps = 0, kinds = Set<String>()
        for seed in UInt64(1)...UInt64(120) { steps += try Self.check(seed: seed, kinds: &kinds) }
        // Not vacuous: thousands of steps, over most kinds of the catalog.
        #expect(steps > 1_000, "\(steps) steps checked")
        #expect(kinds.count >= RandomInstances.placementKinds.count / 2, "kinds seen on valid instances: \(kinds.sorted())")
    }

    /// The steps checked on one seed's valid placements.
    static func check(seed: UInt64, kinds: inout Set<String>) throws -> Int {
        let instance = RandomInstances.make(seed: seed &+ 70_000, objective: .minHosts)
        guard InstanceValidation.issues(in: instance).isEmpty else { return 0 }
        let problem = PlacementProblem(instance)
        let context = PackingContext(problem: problem, objective: .minHosts)
        let cluster = instance.cluster
        let running = problem.running
        let hosts = cluster.hosts.map(\.id)
        var forcedOn = Set<String>()
        for constraint in instance.constraints { if let rule = constraint.as(Online.self) { forcedOn.formUnion(rule.hosts) } }
        for vm in cluster.vms where vm.state == .sleeping { forcedOn.insert(vm.host!) }
        let total = Int(pow(Double(hosts.count), Double(running.count)))
        var steps = 0
        for code in 0..<total {
            var rest = code
            var choice: [Int] = []
            for _ in running { choice.append(rest % hosts.count); rest /= hosts.count }
            var vmHosts: [String: String] = [:]
            for (i, v) in running.enumerated() { vmHosts[cluster.vms[v].id] = hosts[choice[i]] }
            let placement = Placement(vmHosts: vmHosts, onlineHosts: forcedOn.union(vmHosts.values))
            guard PlacementChecker.check(instance, placement).isEmpty else { continue }
            kinds.formUnion(instance.constraints.map(\.kind))
            for (i, v) in running.enumerated() {
                steps += 1
                var state = context.emptyState()
                for (j, u) in running.enumerated() where j != i { state.place(u, on: choice[j]) }
                let admitted = context.admits(v, choice[i], state)
                #expect(admitted,
                        "seed \(seed): \(cluster.vms[v].id) refused on \(hosts[choice[i]]) although \(vmHosts) is valid; rules \(instance.constraints.map(\.kind))")
            }
        }
        return steps
    }
}
