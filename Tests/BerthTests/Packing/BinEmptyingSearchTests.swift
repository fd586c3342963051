@testable import Berth
import BerthMIP
import Testing

/// The ejection search on instances small enough to check by hand.
@Suite struct BinEmptyingSearchTests {
    /// Six VMs on three hosts of (10, 10) that fit on two — {b, e} and {a, c, d, f} — where no host's
    /// VMs fit one by one into the others' free room, so host emptying leaves three hosts on.
    static func stuck(_ constraints: [Constraint] = []) -> Instance {
        Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10),
            vms: [
                Fixtures.vm("a", on: "h0", cpu: 1, mem: 5),
                Fixtures.vm("b", on: "h1", cpu: 4, mem: 6), Fixtures.vm("c", on: "h1", cpu: 2, mem: 1),
                Fixtures.vm("d", on: "h2", cpu: 1, mem: 2), Fixtures.vm("e", on: "h2", cpu: 2, mem: 4),
                Fixtures.vm("f", on: "h2", cpu: 4, mem: 2),
            ],
            constraints, objective: .minHosts)
    }

    /// The current placement of `instance` as a packing state.
    static func current(_ context: PackingContext) -> PackingState {
        var state = context.emptyState()
        for v in context.problem.running { if let h = context.problem.current[v] { state.place(v, on: h) } }
        return state
    }

    static func hostsOn(_ state: PackingState) -> Int { state.problem.hostIDs.indices.filter(state.isOn).count }

    @Test("ejections switch off a host that moving VMs one at a time cannot")
    func emptiesWhereHostEmptyingIsStuck() {
        let instance = Self.stuck()
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.current(context)
        HostEmptying(context: context).improve(&state, deadline: .now + .seconds(60))
        #expect(Self.hostsOn(state) == 3)

        var search = BinEmptyingSearch(context: context)
        search.maxSteps = 10_000
        let switchedOff = search.improve(&state, deadline: .now + .seconds(60))
        #expect(switchedOff == 1)
        #expect(Self.hostsOn(state) == 2)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    @Test("admission tests bind: with a, b and e spread, three hosts stay on and the placement stays valid")
    func constraintsKeepThreeHosts() {
        let instance = Self.stuck([.spread(Spread(vms: ["a", "b", "e"]))])
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.current(context)
        var search = BinEmptyingSearch(context: context)
        search.maxSteps = 10_000
        #expect(search.improve(&state, deadline: .now + .seconds(60)) == 0)
        #expect(Self.hostsOn(state) == 3)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    @Test("a host forced on by an online constraint is never the one emptied")
    func forcedOnHostStays() {
        let instance = Self.stuck([.online(Online(hosts: ["h0"]))])
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.current(context)
        var search = BinEmptyingSearch(context: context)
        search.maxSteps = 10_000
        _ = search.improve(&state, deadline: .now + .seconds(60))
        #expect(state.isOn(0))
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    /// Forty VMs of random two-resource sizes, first-fit on hosts of (10, 10).
    static func random(seed: UInt64) -> Instance {
        var rng = SplitMix64(seed: seed)
        let vms = (0..<40).map { v in
            Fixtures.vm("v\(v)", on: nil, cpu: Double(Int.random(in: 1...6, using: &rng)), mem: Double(Int.random(in: 1...6, using: &rng)))
        }
        return Fixtures.instance(hosts: Fixtures.hosts(40, cpu: 10, mem: 10, state: .offline), vms: vms, objective: .minHosts)
    }

    @Test("same seed and step budget, same placement; never more hosts than the start", arguments: [UInt64(1), 2, 3])
    func deterministicForASeed(seed: UInt64) throws {
        let instance = Self.random(seed: seed)
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var start = context.emptyState()
        #expect(VectorPacker.all[0].pack(context, &start))
        var results: [Placement] = []
        for _ in 0..<2 {
            var state = start
            var search = BinEmptyingSearch(context: context)
            search.seed = seed
            search.maxSteps = 3_000
            _ = search.improve(&state, deadline: .now + .seconds(600))
            #expect(Self.hostsOn(state) <= Self.hostsOn(start))
            #expect(PlacementChecker.check(instance, state.placement).isEmpty)
            results.append(state.placement)
        }
        #expect(results[0] == results[1])
    }

    @Test("a cancelled search changes nothing")
    func cancelled() {
        let instance = Self.stuck()
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.current(context)
        let token = CancellationToken()
        token.cancel()
        #expect(BinEmptyingSearch(context: context).improve(&state, deadline: .now + .seconds(60), cancellation: token) == 0)
        #expect(Self.hostsOn(state) == 3)
    }
}
