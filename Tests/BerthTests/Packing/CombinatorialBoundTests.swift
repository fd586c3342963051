@testable import Berth
import Testing

/// The host-count bound that heuristic results and the MIP's proofs rely on: never above the
/// brute-force optimum, and it counts what the LP relaxation spreads thin (lonely groups, rooted hosts).
@Suite struct CombinatorialBoundTests {
    @Test("the host bound never exceeds the brute-force optimum (random rules, lonely groups and roots added)",
          arguments: (UInt64(1)...400).map { $0 })
    func hostBoundIsValid(seed: UInt64) {
        var instance = RandomInstances.make(seed: seed &+ 90_000, objective: .minHosts)
        var rng = SplitMix64(seed: seed)
        let running = instance.cluster.vms.filter { $0.state == .running }.map(\.id)
        guard !running.isEmpty else { return }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let members = Array(running.shuffled(using: &rng).prefix(Int.random(in: 1...min(2, running.count), using: &rng)))
            instance.constraints.append(Bool.random(using: &rng) ? .lonely(Lonely(vms: members)) : .root(Root(vms: members)))
        }
        guard InstanceValidation.issues(in: instance).isEmpty, let best = BruteForce.optimum(instance) else { return }
        let bound = CombinatorialBound.hosts(PlacementProblem(instance))
        #expect(bound <= Double(best.minHosts), "seed \(seed): bound \(bound) above the optimum \(best.minHosts)")
    }

    @Test("two lonely groups and a rooted small host each add a host to the capacity ceiling")
    func lonelyGroupsAndRootedHostsCount() {
        // Four 10-cpu hosts and one 4-cpu host; 20 cpu of ordinary VMs need two big hosts by capacity alone.
        var hosts = Fixtures.hosts(4, cpu: 10, mem: 100)
        hosts.append(Server(id: "small", capacity: ["cpu": 4, "mem": 100]))
        var vms = (0..<4).map { Fixtures.vm("w\($0)", on: "h\($0)", cpu: 5, mem: 1) }
        vms += [Fixtures.vm("a", on: "h0", cpu: 1, mem: 1), Fixtures.vm("b", on: "h1", cpu: 1, mem: 1),
                Fixtures.vm("r", on: "small", cpu: 1, mem: 1)]
        let plain = Fixtures.instance(hosts: hosts, vms: vms)
        #expect(CombinatorialBound.hosts(PlacementProblem(plain)) == 3)
        var ruled = plain
        ruled.constraints = [.lonely(Lonely(vms: ["a"])), .lonely(Lonely(vms: ["b"])), .root(Root(vms: ["r"]))]
        // The small host stays on (3 of its cpu usable), a and b get a host each, 20 − 3 cpu need two big hosts.
        #expect(CombinatorialBound.hosts(PlacementProblem(ruled)) == 5)
        #expect(BruteForce.optimum(ruled)?.minHosts == 5)
    }

    @Test("a maxOnline limit keeps the bound from counting the hosts it leaves off")
    func maxOnlineLimitsTheLargestHosts() throws {
        // Two big hosts (10 cpu) and three small (4 cpu); 9 VMs of 2 cpu. Two big hosts would do, but
        // at most one of them may be on: one big and two small.
        var hosts = Fixtures.hosts(2, cpu: 10, mem: 100)
        hosts += (0..<3).map { Server(id: "s\($0)", capacity: ["cpu": 4, "mem": 100]) }
        let vms = (0..<9).map { Fixtures.vm("v\($0)", on: $0 < 5 ? "h0" : "h1", cpu: 2, mem: 1) }
        var instance = Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)
        #expect(CombinatorialBound.hosts(PlacementProblem(instance)) == 2)
        instance.constraints = [.maxOnline(MaxOnline(hosts: ["h0", "h1"], amount: 1))]
        #expect(CombinatorialBound.hosts(PlacementProblem(instance)) == 3)
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.placement.onlineHosts.count == 3 && result.isOptimal)
    }
}
