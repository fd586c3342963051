@testable import Berth
import Testing

/// Each heuristic on tiny instances checked by hand.
@Suite struct PackingTests {
    /// Four VMs that pair up exactly: (6,4)+(4,6) and (5,5)+(5,5) on hosts of (10,10). Optimum: 2 hosts.
    static func pairs() -> Instance {
        Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10, state: .offline),
            vms: [
                Fixtures.vm("a", on: nil, cpu: 6, mem: 4), Fixtures.vm("b", on: nil, cpu: 4, mem: 6),
                Fixtures.vm("c", on: nil, cpu: 5, mem: 5), Fixtures.vm("d", on: nil, cpu: 5, mem: 5),
            ],
            objective: .minHosts)
    }

    static func pack(_ instance: Instance, _ packer: VectorPacker) -> PackingState? {
        let context = PackingContext(problem: PlacementProblem(instance), objective: instance.objective)
        var state = context.emptyState()
        return packer.pack(context, &state) ? state : nil
    }

    @Test("repair on 1,200 hosts (best fit among the first 128 admitted) places every new VM and keeps the others")
    func repairOnManyHosts() throws {
        // Every other host full (a VM that fits nowhere else stays), the rest empty; 300 new VMs.
        let hosts = Fixtures.hosts(1_200, cpu: 8, mem: 8)
        var vms = (0..<600).map { Fixtures.vm("old-\($0)", on: "h\(2 * $0)", cpu: 8, mem: 8) }
        vms += (0..<300).map { Fixtures.vm("new-\($0)", on: nil, cpu: 2, mem: 2) }
        let instance = Fixtures.instance(hosts: hosts, vms: vms)
        let state = try #require(RepairPacker(context: PackingContext(problem: PlacementProblem(instance), objective: .minMigrations))
            .repairedIfComplete())
        let placement = state.placement
        #expect(PlacementChecker.check(instance, placement).isEmpty)
        #expect((0..<600).allSatisfy { placement.vmHosts["old-\($0)"] == "h\(2 * $0)" })
        #expect((0..<300).allSatisfy { placement.vmHosts["new-\($0)"] != nil })
    }

    @Test("every packer fills two hosts exactly on the pairs instance", arguments: VectorPacker.all)
    func everyPackerPairsUp(packer: VectorPacker) throws {
        let instance = Self.pairs()
        let state = try #require(Self.pack(instance, packer))
        let placement = state.placement
        #expect(PlacementChecker.check(instance, placement).isEmpty)
        #expect(placement.onlineHosts.count == 2, "\(packer): \(placement.onlineHosts.sorted())")
    }

    @Test("cosine mixes cpu-heavy and memory-heavy VMs where dot product and L2 strand memory")
    func cosineMixesShapes() throws {
        // Hosts (12 cpu, 32 mem) are filled exactly by 8 VMs of (1, 2) and 4 of (1, 4): four hosts for
        // 32 + 16 VMs. Taking the largest VMs first, dot product and L2 fill a host with (1, 4)s and
        // strand its cpu, then need a fifth host.
        let vms = (0..<32).map { Fixtures.vm("c\($0)", on: nil, cpu: 1, mem: 2) }
            + (0..<16).map { Fixtures.vm("m\($0)", on: nil, cpu: 1, mem: 4) }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(6, cpu: 12, mem: 32, state: .offline), vms: vms, objective: .minHosts)
        let cosine = try #require(Self.pack(instance, .binCentric(.cosine))).placement
        #expect(PlacementChecker.check(instance, cosine).isEmpty)
        #expect(cosine.onlineHosts.count == 4)
        #expect(try #require(Self.pack(instance, .binCentric(.dotProduct))).placement.onlineHosts.count == 5)
    }

    @Test("bin-centric packers place fenced VMs before others fill the fenced hosts", arguments: VectorPacker.BinRule.allCases)
    func binCentricHonoursFences(rule: VectorPacker.BinRule) throws {
        // Four hosts; two fenced VMs may only use h3, which the packers would open last and which
        // a greedy fill of h0…h3 in turn would have filled with the free VMs.
        var vms = (0..<8).map { Fixtures.vm("free-\($0)", on: nil, cpu: 4, mem: 4) }
        vms += [Fixtures.vm("f0", on: nil, cpu: 2, mem: 2), Fixtures.vm("f1", on: nil, cpu: 2, mem: 2)]
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(4, cpu: 12, mem: 12, state: .offline), vms: vms,
            [.fence(Fence(vms: ["f0", "f1"], hosts: ["h3"]))], objective: .minHosts)
        let placement = try #require(Self.pack(instance, .binCentric(rule))).placement
        #expect(PlacementChecker.check(instance, placement).isEmpty)
        #expect(placement.vmHosts["f0"] == "h3" && placement.vmHosts["f1"] == "h3")
        #expect(placement.onlineHosts.count == 3, "\(rule): \(placement.onlineHosts.sorted())")
    }

    @Test("first fit decreasing puts the largest VM first on the largest host")
    func firstFitOrder() throws {
        var hosts = Fixtures.hosts(2, cpu: 4, mem: 4, state: .offline)
        hosts[1].capacity = ["cpu": 8, "mem": 8]
        let instance = Fixtures.instance(
            hosts: hosts, vms: [Fixtures.vm("small", on: nil, cpu: 1, mem: 1), Fixtures.vm("big", on: nil, cpu: 7, mem: 6)],
            objective: .minHosts)
        let state = try #require(Self.pack(instance, .itemCentric(.first, .sum)))
        #expect(state.placement.vmHosts == ["big": "h1", "small": "h1"])
    }

    @Test("worst fit spreads load over the hosts that are on")
    func worstFitSpreads() throws {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(2, cpu: 10, mem: 10),
            vms: [Fixtures.vm("a", on: nil, cpu: 3, mem: 3), Fixtures.vm("b", on: nil, cpu: 3, mem: 3)],
            objective: .balance)
        let state = try #require(Self.pack(instance, .itemCentric(.worst, .l2)))
        #expect(Set(state.placement.vmHosts.values) == ["h0", "h1"])
    }

    @Test("packers honour spread, ban and fence through admission tests", arguments: VectorPacker.all)
    func constraintsAreAdmitted(packer: VectorPacker) throws {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10, state: .offline),
            vms: ["a", "b", "c"].map { Fixtures.vm($0, on: nil, cpu: 1, mem: 1) },
            [.spread(Spread(vms: ["a", "b"])), .ban(Ban(vms: ["c"], hosts: ["h0", "h1"])), .fence(Fence(vms: ["a"], hosts: ["h1"]))],
            objective: .minHosts)
        let state = try #require(Self.pack(instance, packer))
        #expect(PlacementChecker.check(instance, state.placement).isEmpty, "\(packer)")
        #expect(state.placement.vmHosts["a"] == "h1")
        #expect(state.placement.vmHosts["c"] == "h2")
    }

    /// Packs `instance` with every packer: each placement a packer completes passes the checker,
    /// and first fit decreasing completes one (returned).
    static func packsValidly(_ instance: Instance, sourceLocation: SourceLocation = #_sourceLocation) throws -> Placement {
        for packer in VectorPacker.all {
            guard let state = Self.pack(instance, packer) else { continue }
            #expect(PlacementChecker.check(instance, state.placement).isEmpty, "\(packer)", sourceLocation: sourceLocation)
        }
        return try #require(Self.pack(instance, .itemCentric(.first, .sum)), sourceLocation: sourceLocation).placement
    }

    @Test("packers honour transient resources: a host a member leaves keeps its demand held")
    func transientIsAdmitted() throws {
        // h1 is the larger host, so first fit tries it first for a. b and c are on h1 now and hold
        // 10 of its 12 mem whether they stay or leave: a (7) does not fit there.
        var hosts = Fixtures.hosts(2, cpu: 10, mem: 10)
        hosts[1].capacity = ["cpu": 12, "mem": 12]
        let vms = [Fixtures.vm("a", on: "h0", cpu: 1, mem: 7), Fixtures.vm("b", on: "h1", cpu: 1, mem: 5), Fixtures.vm("c", on: "h1", cpu: 1, mem: 5)]
        let free = Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)
        #expect(try #require(Self.pack(free, .itemCentric(.first, .sum))).placement.vmHosts["a"] == "h1")
        let held = Fixtures.instance(hosts: hosts, vms: vms, [.transient(TransientResource(resource: "mem"))], objective: .minHosts)
        #expect(try Self.packsValidly(held).vmHosts == ["a": "h0", "b": "h1", "c": "h1"])
    }

    @Test("packers honour spreadOver: the last members go where they add a value")
    func spreadOverIsAdmitted() throws {
        var hosts = Fixtures.hosts(4, cpu: 10, mem: 10, state: .offline)
        for h in hosts.indices { hosts[h].attributes = ["zone": h < 2 ? "z0" : "z1"] }
        let vms = ["a", "b", "c"].map { Fixtures.vm($0, on: nil, cpu: 1, mem: 1) }
        let rule = Constraint.spreadOver(SpreadOver(vms: ["a", "b", "c"], attribute: "zone", minimum: 2))
        let placement = try Self.packsValidly(Fixtures.instance(hosts: hosts, vms: vms, [rule], objective: .minHosts))
        #expect(Set(placement.vmHosts.values) == ["h0", "h2"])
        // Three zones cannot be reached with two: every packer fails rather than return a bad placement.
        let impossible = Fixtures.instance(
            hosts: hosts, vms: vms, [.spreadOver(SpreadOver(vms: ["a", "b", "c"], attribute: "zone", minimum: 3))], objective: .minHosts)
        for packer in VectorPacker.all { #expect(Self.pack(impossible, packer) == nil, "\(packer)") }
    }

    @Test("packers honour dependency: a provider goes where the members that need it run")
    func dependencyIsAdmitted() throws {
        // m (8) opens h0 in n1; r (6) opens h1 in n0; first fit would put p (3) on h1, leaving m
        // without a provider in n1. It must go to n1: h3 (or next to m, where it does not fit).
        var hosts = Fixtures.hosts(4, cpu: 10, mem: 10, state: .offline)
        for (h, nb) in ["n1", "n0", "n0", "n1"].enumerated() { hosts[h].attributes = ["nb": nb] }
        let vms = [Fixtures.vm("m", on: nil, cpu: 8, mem: 8), Fixtures.vm("r", on: nil, cpu: 6, mem: 6), Fixtures.vm("p", on: nil, cpu: 3, mem: 3)]
        let free = Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)
        #expect(try #require(Self.pack(free, .itemCentric(.first, .sum))).placement.vmHosts["p"] == "h1")
        let rule = Constraint.dependency(Dependency(vms: ["m"], on: ["p"], attribute: "nb"))
        let placement = try Self.packsValidly(Fixtures.instance(hosts: hosts, vms: vms, [rule], objective: .minHosts))
        #expect(["h0", "h3"].contains(placement.vmHosts["p"]))
    }

    @Test("item sizes: product, sum, scarcity-weighted sum, L2 and max")
    func itemSizes() {
        let size = [0.5, 0.2]
        #expect(abs(ItemSize.product.value(size, scarcity: [1, 1]) - 0.1) < 1e-12)
        #expect(abs(ItemSize.sum.value(size, scarcity: [1, 1]) - 0.7) < 1e-12)
        #expect(abs(ItemSize.scarcityWeightedSum.value(size, scarcity: [0.2, 1]) - 0.3) < 1e-12)
        #expect(abs(ItemSize.l2.value(size, scarcity: [1, 1]) - (0.29).squareRoot()) < 1e-12)
        #expect(ItemSize.max.value(size, scarcity: [1, 1]) == 0.5)
    }

    @Test("Sandpiper volume is 1/((1-cpu)(1-mem)) and VSR divides by memory")
    func sandpiperVolume() {
        let instance = Fixtures.instance(hosts: Fixtures.hosts(1, cpu: 10, mem: 10), vms: [Fixtures.vm("a", on: "h0", cpu: 5, mem: 5, memoryMiB: 2)])
        let problem = PlacementProblem(instance)
        #expect(abs(SandpiperVolume.volume(0, on: 0, problem) - 4) < 1e-12)
        #expect(abs(SandpiperVolume.vsr(0, on: 0, problem) - 2) < 1e-12)
    }

    @Test("repair sheds one VM from a hot host, by Sandpiper's VSR, and leaves the others")
    func repairShedsFewVMs() throws {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(2, cpu: 10, mem: 10),
            vms: [
                Fixtures.vm("a", on: "h0", cpu: 4, mem: 2, memoryMiB: 4096),
                Fixtures.vm("b", on: "h0", cpu: 4, mem: 2, memoryMiB: 512),
                Fixtures.vm("c", on: "h0", cpu: 4, mem: 2, memoryMiB: 4096),
            ])
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minMigrations)
        let state = RepairPacker(context: context).repair()
        let placement = state.placement
        #expect(PlacementChecker.check(instance, placement).isEmpty)
        #expect(placement.vmHosts == ["a": "h0", "b": "h1", "c": "h0"])
    }

    @Test("host emptying switches off a host whose VMs fit elsewhere")
    func hostEmptying() throws {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(2, cpu: 10, mem: 10),
            vms: [Fixtures.vm("a", on: "h0", cpu: 3, mem: 3), Fixtures.vm("b", on: "h1", cpu: 3, mem: 3)],
            objective: .minHosts)
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = context.emptyState()
        state.place(0, on: 0)
        state.place(1, on: 1)
        HostEmptying(context: context).improve(&state, deadline: .now + .seconds(5))
        #expect(state.placement.onlineHosts.count == 1)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    @Test("the portfolio keeps the best checked placement and is deterministic")
    func portfolio() throws {
        let instance = Self.pairs()
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        let first = try #require(PackingPortfolio(context: context).best())
        let second = try #require(PackingPortfolio(context: context).best())
        #expect(first.score.primary == 2)
        #expect(first.placement == second.placement)
        #expect(first.name == second.name)
    }

    @Test("large-neighbourhood search re-packs three half-empty hosts onto two")
    func largeNeighbourhoodSearch() throws {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10),
            vms: [
                Fixtures.vm("a", on: "h0", cpu: 6, mem: 4), Fixtures.vm("c", on: "h0", cpu: 4, mem: 4),
                Fixtures.vm("b", on: "h1", cpu: 4, mem: 6), Fixtures.vm("d", on: "h2", cpu: 6, mem: 6),
            ],
            objective: .minHosts)
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = context.emptyState()
        for (v, h) in [(0, 0), (1, 0), (2, 1), (3, 2)] { state.place(v, on: h) }
        var lns = LargeNeighbourhoodSearch(context: context)
        lns.hostsPerNeighbourhood = 3
        lns.maxIterations = 3
        _ = lns.improve(&state, deadline: .now + .seconds(10))
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
        #expect(state.placement.onlineHosts.count == 2)
    }
}
