@testable import Berth
import Foundation
import Testing

/// The machine-reassignment rules (softCapacity, balanceTarget, transient, spreadOver, dependency,
/// moveCost, groupMoveCost, hostMoveCost) on small hand-checked instances, through JSON, and the
/// placement MIP against brute force on tiny ones.
@Suite struct ReassignmentRuleTests {
    /// h0, h1 in location L0 / neighbourhood n0; h2 in L1 / n1. cpu 8, mem 16 each.
    static let hosts: [Server] = [("h0", "L0", "n0"), ("h1", "L0", "n0"), ("h2", "L1", "n1")].map { id, location, nb in
        Server(id: id, capacity: ["cpu": 8, "mem": 16], attributes: ["location": location, "neighborhood": nb])
    }

    static func vm(_ id: String, on host: String, cpu: Double = 2, mem: Double = 2) -> VM {
        VM(id: id, demand: ["cpu": cpu, "mem": mem], host: host, memoryMiB: 1)
    }

    static func instance(_ vms: [VM], _ constraints: [Constraint]) -> Instance {
        Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms), constraints: constraints, timeLimit: 10)
    }

    static func place(_ map: [String: String]) -> Placement { Placement(vmHosts: map, onlineHosts: ["h0", "h1", "h2"]) }

    // MARK: hand-checked costs and violations

    @Test func softCapacityCostsUnitsAboveTheThreshold() {
        let i = Self.instance([Self.vm("a", on: "h0", cpu: 3), Self.vm("b", on: "h0", cpu: 2)],
                              [.softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h0": 4, "h1": 1], weight: 5))])
        #expect(Fixtures.softCost(i, Self.place(["a": "h0", "b": "h0"])) == 5)  // 5 − 4 on h0
        #expect(Fixtures.softCost(i, Self.place(["a": "h0", "b": "h1"])) == 5)  // 2 − 1 on h1
        #expect(Fixtures.softCost(i, Self.place(["a": "h2", "b": "h2"])) == 0)  // h2 has no threshold
        #expect(PlacementChecker.check(i, Self.place(["a": "h0", "b": "h0"])).isEmpty)
    }

    @Test func balanceTargetCostsTheShortfallOfFreeResources() {
        // Free cpu must be ≥ ... : target 2 × free cpu − free mem. h0: 2·6 − 4 = 8; h1, h2 empty: 2·8 − 16 = 0.
        let i = Self.instance([Self.vm("a", on: "h0", cpu: 2, mem: 12)],
                              [.balanceTarget(BalanceTarget(resource: "cpu", against: "mem", target: 2, weight: 3))])
        #expect(Fixtures.softCost(i, Self.place(["a": "h0"])) == 24)
        let penalty = PlacementChecker.softPenalties(i, Self.place(["a": "h1"]))
        #expect(penalty.map(\.hosts) == [["h1"]] && penalty.first?.amount == 8)
    }

    @Test func transientResourceIsHeldOnBothHostsOfAMove() {
        let vms = [Self.vm("a", on: "h0", cpu: 6), Self.vm("b", on: "h1", cpu: 4)]
        let swap = Self.place(["a": "h1", "b": "h0"])
        #expect(PlacementChecker.check(Self.instance(vms, []), swap).isEmpty)
        let i = Self.instance(vms, [.transient(TransientResource(resource: "cpu"))])
        let found = PlacementChecker.check(i, swap)
        #expect(found.map(\.hosts) == [["h0"], ["h1"]])  // h0: 4 + 6 held; h1: 6 + 4 held
        #expect(found.map(\.measured) == [10, 10])
        #expect(PlacementChecker.check(i, Self.place(["a": "h2", "b": "h1"])).isEmpty)  // h0 holds 6 ≤ 8
        #expect(PlacementChecker.check(Self.instance(vms, [.transient(TransientResource(resource: "mem"))]), swap).isEmpty)
    }

    @Test func spreadOverCountsDistinctAttributeValues() {
        let i = Self.instance([Self.vm("a", on: "h0"), Self.vm("b", on: "h1")],
                              [.spreadOver(SpreadOver(vms: ["a", "b"], attribute: "location", minimum: 2))])
        let found = PlacementChecker.check(i, Self.place(["a": "h0", "b": "h1"]))
        #expect(found.map(\.kind) == ["spreadOver"] && found.first?.measured == 1)
        #expect(PlacementChecker.check(i, Self.place(["a": "h0", "b": "h2"])).isEmpty)
    }

    @Test func dependencyNeedsTheOtherGroupInTheSameNeighbourhood() {
        let i = Self.instance([Self.vm("a", on: "h0"), Self.vm("b", on: "h2")],
                              [.dependency(Dependency(vms: ["a"], on: ["b"], attribute: "neighborhood"))])
        let found = PlacementChecker.check(i, Self.place(["a": "h0", "b": "h2"]))
        #expect(found.map(\.vms) == [["a"]])
        #expect(PlacementChecker.check(i, Self.place(["a": "h0", "b": "h1"])).isEmpty)
        #expect(PlacementChecker.check(i, Self.place(["a": "h2", "b": "h2"])).isEmpty)
    }

    @Test func moveCostsPerVMPerGroupAndPerHostPair() {
        let vms = [Self.vm("a", on: "h0"), Self.vm("b", on: "h0"), Self.vm("c", on: "h1")]
        let i = Self.instance(vms, [
            .moveCost(MoveCost(costs: ["a": 7, "c": 1], weight: 2)),
            .groupMoveCost(GroupMoveCost(groups: [["a", "b"], ["c"]], weight: 10)),
            .hostMoveCost(HostMoveCost(costs: ["h0": ["h1": 3, "h2": 5]], weight: 100)),
        ])
        let p = Self.place(["a": "h1", "b": "h2", "c": "h1"])
        let costs = PlacementChecker.softPenalties(i, p).map { ($0.kind, $0.cost) }
        #expect(costs.map(\.0) == ["moveCost", "groupMoveCost", "hostMoveCost"])
        #expect(costs.map(\.1) == [14, 20, 800])  // a moves (7·2); group {a,b}: 2 moved (2·10); 3 + 5 (·100)
        #expect(Fixtures.softCost(i, Self.place(["a": "h0", "b": "h0", "c": "h1"])) == 0)
    }

    // MARK: JSON

    @Test func everyRuleRoundTripsThroughJSONAndIsValidated() throws {
        let i = Self.instance([Self.vm("a", on: "h0"), Self.vm("b", on: "h1")], [
            .softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h0": 4], weight: 5, label: "load")),
            .balanceTarget(BalanceTarget(resource: "cpu", against: "mem", target: 2, weight: 3, hosts: ["h0"])),
            .transient(TransientResource(resource: "mem", vms: ["a"])),
            .spreadOver(SpreadOver(vms: ["a", "b"], attribute: "location", minimum: 2)),
            .dependency(Dependency(vms: ["a"], on: ["b"], attribute: "neighborhood")),
            .moveCost(MoveCost(costs: ["a": 7], weight: 2)),
            .groupMoveCost(GroupMoveCost(groups: [["a"], ["b"]], weight: 10)),
            .hostMoveCost(HostMoveCost(costs: ["h0": ["h1": 3]], weight: 100)),
        ])
        #expect(Set(i.constraints.map(\.kind)) == Set(ConstraintCatalog.reassignmentKinds))
        #expect(try InstanceCodec.decodeInstance(InstanceCodec.encode(i)) == i)

        let typo = #"{"format":"berth/1","resources":["cpu"],"hosts":[{"id":"h0","capacity":{"cpu":1}}],"constraints":[{"kind":"softCapacity","resource":"cpu","thresholds":{"h0":1},"wieght":2}]}"#
        #expect(throws: InputError.self) { try InstanceCodec.decodeInstance(Data(typo.utf8)) }

        var bad = i
        bad.constraints = [
            .softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h0": -1, "hx": 1])),
            .balanceTarget(BalanceTarget(resource: "cpu", against: "disk", target: 1)),
            .spreadOver(SpreadOver(vms: ["a"], attribute: "location", minimum: -1)),
            .hostMoveCost(HostMoveCost(costs: ["h0": ["h1": -3]])),
        ]
        let paths = InstanceValidation.issues(in: bad).map(\.path)
        #expect(paths == ["constraints[0].hosts[1]", "constraints[0].thresholds.h0", "constraints[1].against",
                          "constraints[2].minimum", "constraints[3].costs.h0.h1"], "\(paths)")
    }

    // MARK: MIP against brute force

    /// The least total soft cost over every placement the checker accepts (3 hosts, ≤ 4 VMs).
    static func bruteForceSoftCost(_ instance: Instance) -> Double? {
        let vms = instance.cluster.vms.map(\.id), hosts = instance.cluster.hosts.map(\.id)
        var best: Double?
        for code in 0..<Int(pow(Double(hosts.count), Double(vms.count))) {
            var rest = code
            var map: [String: String] = [:]
            for vm in vms { map[vm] = hosts[rest % hosts.count]; rest /= hosts.count }
            let placement = Placement(vmHosts: map, onlineHosts: Set(hosts))
            guard PlacementChecker.check(instance, placement).isEmpty else { continue }
            let cost = Fixtures.softCost(instance, placement)
            best = min(best ?? cost, cost)
        }
        return best
    }

    /// Tiny instances whose soft costs (weights ≥ 1000) dominate the migration tie-breaker.
    static let tiny: [(String, Instance)] = [
        // Found by search so that the current placement is not optimal and transient changes the optimum.
        ("softCapacity + transient + moveCost", instance(
            [vm("a", on: "h0", cpu: 1), vm("b", on: "h2", cpu: 3), vm("c", on: "h2", cpu: 4), vm("d", on: "h0", cpu: 6)], [
                .softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h0": 4, "h1": 4, "h2": 4], weight: 1000)),
                .transient(TransientResource(resource: "cpu")),
                .moveCost(MoveCost(costs: ["a": 3, "b": 3, "c": 3, "d": 1], weight: 100)),
            ])),
        ("balanceTarget + hostMoveCost + groupMoveCost", instance(
            [vm("a", on: "h2", cpu: 1, mem: 11), vm("b", on: "h0", cpu: 3, mem: 2), vm("c", on: "h2", cpu: 4, mem: 3)], [
                .balanceTarget(BalanceTarget(resource: "cpu", against: "mem", target: 1, weight: 1000)),
                .hostMoveCost(HostMoveCost(costs: ["h0": ["h1": 1, "h2": 4], "h2": ["h0": 2, "h1": 2]], weight: 100)),
                .groupMoveCost(GroupMoveCost(groups: [["a", "b"], ["c"]], weight: 300)),
            ])),
        ("spreadOver + dependency + spread + softCapacity", instance(
            [vm("a", on: "h0"), vm("b", on: "h0"), vm("c", on: "h0"), vm("d", on: "h1")], [
                .spreadOver(SpreadOver(vms: ["a", "b"], attribute: "location", minimum: 2)),
                .dependency(Dependency(vms: ["d"], on: ["c"], attribute: "neighborhood")),
                .spread(Spread(vms: ["a", "c"])),
                .softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h0": 2, "h1": 2, "h2": 2], weight: 1000)),
                .moveCost(MoveCost(costs: ["a": 1, "b": 1, "c": 1, "d": 1], weight: 1000)),
            ])),
    ]

    @Test func transientChangesTheBruteForceOptimum() throws {
        var free = Self.tiny[0].1
        free.constraints.removeAll { $0.kind == "transient" }
        #expect(Self.bruteForceSoftCost(Self.tiny[0].1) == 2600)  // hand-checked with an independent script
        #expect(Self.bruteForceSoftCost(free) == 2400)
        #expect(Self.bruteForceSoftCost(Self.tiny[1].1) == 700)
    }

    @Test("the placement MIP reaches the brute-force least soft cost", arguments: tiny.indices)
    func mipAgreesWithBruteForce(_ index: Int) throws {
        let (name, instance) = Self.tiny[index]
        let expected = try #require(Self.bruteForceSoftCost(instance), "\(name) has a feasible placement")
        // The current placement is not already optimal: the MIP has to move something.
        let current = Placement(current: instance.cluster)
        #expect(!PlacementChecker.check(instance, current).isEmpty || Fixtures.softCost(instance, current) > expected, "\(name)")
        let result = try #require(try Fixtures.solved(instance), "\(name)")
        #expect(result.isOptimal)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty, "\(name)")
        #expect(Fixtures.softCost(instance, result.placement) == expected, "\(name): \(result.placement.vmHosts)")
    }

    @Test("minCost reaches the brute-force least soft cost however much a move weighs; minMigrations then keeps the VMs in place", arguments: tiny.indices)
    func minCostIgnoresMigrationsButForTies(_ index: Int) throws {
        let (name, instance) = Self.tiny[index]
        // Every move now weighs 10⁶ MiB under minMigrations, far above any of these costs.
        var heavy = instance
        for v in heavy.cluster.vms.indices { heavy.cluster.vms[v].memoryMiB = 1e6 }
        let expected = try #require(Self.bruteForceSoftCost(heavy), "\(name)")
        let result = try #require(try Fixtures.solved(heavy, objective: .minCost), "\(name)")
        #expect(result.isOptimal)
        #expect(PlacementChecker.check(heavy, result.placement).isEmpty, "\(name)")
        #expect(Fixtures.softCost(heavy, result.placement) == expected, "\(name): \(result.placement.vmHosts)")
        #expect(abs(result.objectiveValue - expected) < 1e-3)
        let current = Placement(current: heavy.cluster)
        if PlacementChecker.check(heavy, current).isEmpty {
            let stays = try #require(try Fixtures.solved(heavy, objective: .minMigrations), "\(name)")
            #expect(stays.placement.vmHosts == current.vmHosts, "\(name)")
            #expect(Fixtures.softCost(heavy, stays.placement) > expected, "\(name)")
        }
    }
}
