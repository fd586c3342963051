import Berth
import Foundation
import Testing

/// One case per constraint of the catalog: a small instance where the constraint changes the
/// optimum, the solved placement checked, the checker's truth table, and a JSON round trip.
struct ConstraintCase: CustomTestStringConvertible, Sendable {
    var name: String
    var instance: Instance
    /// Asserts on the solved placement with the constraint…
    var expectWith: @Sendable (PlacementResult) -> Bool
    /// …and on the optimum without it, so the constraint is shown to matter.
    var expectWithout: @Sendable (PlacementResult) -> Bool
    /// Placements the checker must accept and reject.
    var valid: Placement
    var invalid: Placement
    /// The violation kind the invalid placement must produce (the constraint's own by default).
    var reportedAs: String? = nil
    var testDescription: String { name }
}

private func place(_ map: [String: String], on: [String]? = nil) -> Placement {
    Placement(vmHosts: map, onlineHosts: Set(on ?? Array(map.values)))
}

private let two = Fixtures.hosts(2), three = Fixtures.hosts(3), four = Fixtures.hosts(4)
/// Three hosts of 100 W idle and 200 W at full cpu (8).
private let powered: [Server] = Fixtures.hosts(3).map { host in
    var host = host
    host.power = PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 60, shutdownSeconds: 30)
    return host
}
private let gpuHosts: [Server] = {
    var hosts = Fixtures.hosts(2)
    hosts[1].features = ["gpu"]
    return hosts
}()

let constraintCases: [ConstraintCase] = [
    ConstraintCase(
        name: "ban",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0")], [.ban(Ban(vms: ["a"], hosts: ["h0"]))]),
        expectWith: { $0.placement.vmHosts["a"] == "h1" }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h1"], on: ["h0", "h1"]), invalid: place(["a": "h0"], on: ["h0", "h1"])),
    ConstraintCase(
        name: "fence",
        instance: Fixtures.instance(hosts: three, vms: [Fixtures.vm("a", on: "h0")], [.fence(Fence(vms: ["a"], hosts: ["h2"]))]),
        expectWith: { $0.placement.vmHosts["a"] == "h2" }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h2"], on: ["h0", "h1", "h2"]), invalid: place(["a": "h1"], on: ["h0", "h1", "h2"])),
    ConstraintCase(
        name: "spread",
        instance: Fixtures.instance(hosts: three, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")], [.spread(Spread(vms: ["a", "b"]))]),
        expectWith: { $0.placement.vmHosts["a"] != $0.placement.vmHosts["b"] && $0.moves.count == 1 },
        expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"], on: ["h0", "h1", "h2"]), invalid: place(["a": "h2", "b": "h2"], on: ["h0", "h1", "h2"])),
    ConstraintCase(
        name: "gather",
        instance: Fixtures.instance(hosts: three, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1")], [.gather(Gather(vms: ["a", "b"]))]),
        expectWith: { $0.placement.vmHosts["a"] == $0.placement.vmHosts["b"] && $0.moves.count == 1 },
        expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h2", "b": "h2"], on: ["h0", "h1", "h2"]), invalid: place(["a": "h0", "b": "h1"], on: ["h0", "h1", "h2"])),
    ConstraintCase(
        name: "among",
        instance: Fixtures.instance(
            hosts: four, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h2")],
            [.among(Among(vms: ["a", "b"], groups: [["h0", "h1"], ["h2", "h3"]]))]),
        expectWith: { r in
            let hosts = Set(["a", "b"].compactMap { r.placement.vmHosts[$0] })
            return (hosts.isSubset(of: ["h0", "h1"]) || hosts.isSubset(of: ["h2", "h3"])) && r.moves.count == 1
        },
        expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"], on: ["h0", "h1", "h2", "h3"]), invalid: place(["a": "h1", "b": "h2"], on: ["h0", "h1", "h2", "h3"])),
    ConstraintCase(
        name: "lonely",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")], [.lonely(Lonely(vms: ["a"]))]),
        expectWith: { $0.placement.vmHosts["a"] != $0.placement.vmHosts["b"] }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h1", "b": "h1"])),
    ConstraintCase(
        name: "root",
        instance: Fixtures.instance(
            hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1")], [.root(Root(vms: ["a", "b"]))], objective: .minHosts),
        expectWith: { $0.moves.isEmpty && $0.onlineHostCount == 2 }, expectWithout: { $0.onlineHostCount == 1 },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h1", "b": "h1"])),
    ConstraintCase(
        name: "online",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0")], [.online(Online(hosts: ["h1"]))], objective: .minHosts),
        // h1 must stay on, so consolidation empties h0 instead.
        expectWith: { $0.placement.onlineHosts == ["h1"] && $0.placement.vmHosts["a"] == "h1" },
        expectWithout: { $0.onlineHostCount == 1 && $0.shutDownHosts == ["h1"] },
        valid: place(["a": "h0"], on: ["h0", "h1"]), invalid: place(["a": "h0"], on: ["h0"])),
    ConstraintCase(
        name: "offline",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0")], [.offline(Offline(hosts: ["h0"]))]),
        expectWith: { $0.placement.vmHosts["a"] == "h1" && $0.shutDownHosts == ["h0"] }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h1"], on: ["h1"]), invalid: place(["a": "h1"], on: ["h0", "h1"])),
    ConstraintCase(
        name: "maxOnline",
        instance: Fixtures.instance(
            hosts: three, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1"), Fixtures.vm("c", on: "h2")],
            [.maxOnline(MaxOnline(hosts: ["h0", "h1", "h2"], amount: 2))]),
        expectWith: { $0.onlineHostCount == 2 && $0.moves.count == 1 }, expectWithout: { $0.onlineHostCount == 3 && $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1", "c": "h1"]), invalid: place(["a": "h0", "b": "h1", "c": "h2"])),
    ConstraintCase(
        name: "powerBudget",
        instance: Fixtures.instance(
            hosts: powered, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1"), Fixtures.vm("c", on: "h2")],
            [.powerBudget(PowerBudget(watts: 300))]),  // 3 hosts on draw 375 W; 2 draw 275 W
        expectWith: { $0.onlineHostCount == 2 && $0.moves.count == 1 }, expectWithout: { $0.onlineHostCount == 3 && $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1", "c": "h1"]), invalid: place(["a": "h0", "b": "h1", "c": "h2"])),
    ConstraintCase(
        name: "split",
        instance: Fixtures.instance(hosts: three, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0"), Fixtures.vm("c", on: "h0")],
                                    [.split(Split(groups: [["a", "b"], ["c"]]))]),
        expectWith: { $0.placement.vmHosts["c"] != $0.placement.vmHosts["a"] && $0.moves.count == 1 }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h0", "c": "h1"]), invalid: place(["a": "h1", "b": "h2", "c": "h2"])),
    ConstraintCase(
        name: "splitAmong",
        instance: Fixtures.instance(
            hosts: four, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1")],
            [.splitAmong(SplitAmong(vmGroups: [["a"], ["b"]], hostGroups: [["h0", "h1"], ["h2", "h3"]]))]),
        expectWith: { r in
            let a = r.placement.vmHosts["a"]!, b = r.placement.vmHosts["b"]!
            return ["h0", "h1"].contains(a) != ["h0", "h1"].contains(b) && r.moves.count == 1
        },
        expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h3"], on: ["h0", "h1", "h2", "h3"]), invalid: place(["a": "h2", "b": "h3"], on: ["h0", "h1", "h2", "h3"])),
    ConstraintCase(
        name: "quarantine",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h1"), Fixtures.vm("b", on: "h0")],
                                    [.quarantine(Quarantine(hosts: ["h0"]))], objective: .minHosts),
        expectWith: { $0.moves.isEmpty && $0.onlineHostCount == 2 }, expectWithout: { $0.onlineHostCount == 1 },
        valid: place(["a": "h1", "b": "h0"]), invalid: place(["a": "h0", "b": "h0"])),
    ConstraintCase(
        name: "preserve",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")],
                                    [.preserve(Preserve(vms: ["a"], resource: "cpu", amount: 7))]),
        expectWith: { $0.moves.count == 1 }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h1", "b": "h1"])),
    ConstraintCase(
        name: "overbook",
        instance: Fixtures.instance(
            hosts: two, vms: ["a", "b", "c"].map { Fixtures.vm($0, on: "h0", cpu: 3) } + [Fixtures.vm("d", on: "h1", cpu: 3)],
            [.overbook(Overbook(hosts: ["h0"], resource: "cpu", ratio: 1.25))]),
        expectWith: { $0.moves.isEmpty }, expectWithout: { $0.moves.count == 1 },
        valid: place(["a": "h0", "b": "h0", "c": "h0", "d": "h1"]), invalid: place(["a": "h0", "b": "h0", "c": "h0", "d": "h0"]),
        reportedAs: "capacity"),
    ConstraintCase(
        name: "resourceCapacity",
        instance: Fixtures.instance(hosts: three, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0"), Fixtures.vm("c", on: "h1")],
                                    [.resourceCapacity(ResourceCapacity(hosts: ["h0", "h1"], resource: "cpu", amount: 4))]),
        expectWith: { $0.moves.count == 1 && $0.moves.first?.to == "h2" }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1", "c": "h2"]), invalid: place(["a": "h0", "b": "h0", "c": "h1"])),
    ConstraintCase(
        name: "runningCapacity",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")],
                                    [.runningCapacity(RunningCapacity(hosts: ["h0"], amount: 1))]),
        expectWith: { $0.moves.count == 1 }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h0", "b": "h0"])),
    ConstraintCase(
        name: "singleResourceCapacity",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")],
                                    [.singleResourceCapacity(SingleResourceCapacity(hosts: ["h0", "h1"], resource: "cpu", amount: 3))]),
        expectWith: { $0.moves.count == 1 }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h1", "b": "h1"])),
    ConstraintCase(
        name: "compatible",
        instance: Fixtures.instance(hosts: gpuHosts, vms: [Fixtures.vm("a", on: "h0")], [.compatible(Compatible(vms: ["a"], features: ["gpu"]))]),
        expectWith: { $0.placement.vmHosts["a"] == "h1" }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h1"], on: ["h0", "h1"]), invalid: place(["a": "h0"], on: ["h0", "h1"])),
]

/// Soft rules change the optimum through the objective and never produce a hard violation.
let softCases: [ConstraintCase] = [
    ConstraintCase(
        name: "affinity",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h1")],
                                    [.affinity(Affinity(vms: ["a", "b"], weight: 10_000))]),
        expectWith: { $0.moves.count == 1 && $0.softPenalties.isEmpty }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h0"], on: ["h0", "h1"]), invalid: place(["a": "h0", "b": "h1"])),
    ConstraintCase(
        name: "antiAffinity",
        instance: Fixtures.instance(hosts: two, vms: [Fixtures.vm("a", on: "h0"), Fixtures.vm("b", on: "h0")],
                                    [.antiAffinity(AntiAffinity(vms: ["a", "b"], weight: 10_000))]),
        expectWith: { $0.moves.count == 1 && $0.softPenalties.isEmpty }, expectWithout: { $0.moves.isEmpty },
        valid: place(["a": "h0", "b": "h1"]), invalid: place(["a": "h1", "b": "h1"], on: ["h0", "h1"])),
]

@Suite struct ConstraintTests {
    @Test("every kind of the catalog has a case") func catalogIsCovered() {
        let kinds = Set(constraintCases.flatMap { $0.instance.constraints.map(\.kind) })
        let soft = Set(softCases.flatMap { $0.instance.constraints.map(\.kind) })
        // Scheduling rules change plans, not placements: Tests/BerthTests/Schedule covers them.
        // Machine-reassignment rules: ReassignmentRuleTests covers them (checker, MIP, brute force).
        #expect(kinds.union(soft).union(ConstraintCatalog.schedulingKinds).union(ConstraintCatalog.reassignmentKinds) == Set(ConstraintCatalog.kinds))
    }

    @Test("the constraint changes the MIP optimum, and the result passes the checker", arguments: constraintCases)
    func changesTheOptimum(_ c: ConstraintCase) throws {
        let with = try #require(try Fixtures.solved(c.instance))
        #expect(with.isOptimal)
        #expect(c.expectWith(with), "with \(c.name): \(with.placement)")
        #expect(PlacementChecker.check(c.instance, with.placement).isEmpty)
        var free = c.instance
        free.constraints = []
        let without = try #require(try Fixtures.solved(free))
        #expect(c.expectWithout(without), "without \(c.name): \(without.placement)")
        // The heuristics (portfolio + repair, no MIP) also respect the constraint; the checker judges.
        let heuristic = try PlacementSolver(options: PlacementOptions(mode: .heuristic)).solve(c.instance)
        if case .placed(let h) = heuristic {
            #expect(PlacementChecker.check(c.instance, h.placement).isEmpty, "heuristic for \(c.name)")
            #expect(h.source == .heuristic && !h.isOptimal)
        } else {
            Issue.record("the heuristics found no placement for \(c.name)")
        }
        if c.reportedAs == nil {  // overbook relaxes capacity: the unconstrained optimum is merely worse
            #expect(!PlacementChecker.check(c.instance, without.placement).isEmpty, "the unconstrained optimum must break \(c.name)")
        }
    }

    @Test("checker truth table", arguments: constraintCases)
    func checkerTruthTable(_ c: ConstraintCase) {
        #expect(PlacementChecker.check(c.instance, c.valid).isEmpty, "\(PlacementChecker.check(c.instance, c.valid))")
        let violations = PlacementChecker.check(c.instance, c.invalid)
        let kind = c.reportedAs ?? c.name
        #expect(violations.contains { $0.kind == kind }, "\(violations)")
        #expect(violations.allSatisfy { $0.kind == kind }, "only \(kind) may complain: \(violations)")
    }

    @Test("soft rules move the optimum, cost in the objective, never violate", arguments: softCases)
    func softRules(_ c: ConstraintCase) throws {
        let with = try #require(try Fixtures.solved(c.instance))
        #expect(c.expectWith(with), "with \(c.name): \(with.placement)")
        var free = c.instance
        free.constraints = []
        #expect(c.expectWithout(try #require(try Fixtures.solved(free))))
        // A light weight is not worth a 1 GiB migration.
        var light = c.instance
        if var rule = light.constraints[0].as(Affinity.self) { rule.weight = 0.5; light.constraints[0] = .affinity(rule) }
        if var rule = light.constraints[0].as(AntiAffinity.self) { rule.weight = 0.5; light.constraints[0] = .antiAffinity(rule) }
        let lightResult = try #require(try Fixtures.solved(light))
        #expect(lightResult.moves.isEmpty)
        #expect(lightResult.softPenalties.map(\.kind) == [c.name])
        #expect(PlacementChecker.check(c.instance, c.invalid).isEmpty)
        #expect(PlacementChecker.softPenalties(c.instance, c.invalid).first?.cost == 10_000)
        #expect(PlacementChecker.softPenalties(c.instance, c.valid).isEmpty)
    }

    @Test("JSON round trip", arguments: constraintCases + softCases)
    func jsonRoundTrip(_ c: ConstraintCase) throws {
        let data = try InstanceCodec.encode(c.instance)
        let decoded = try InstanceCodec.decodeInstance(data)
        #expect(decoded == c.instance)
        #expect(try InstanceCodec.encode(decoded) == data, "encoding is deterministic")
    }
}
