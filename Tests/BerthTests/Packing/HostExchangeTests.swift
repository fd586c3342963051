@testable import Berth
import BerthMIP
import Testing

/// The host exchange: same hosts on, less memory moved, every rule kept.
@Suite struct HostExchangeTests {
    /// `big` (8,000 MiB) lives on h0, two small VMs on h1 and h2; all three fit one host.
    static func threeHosts(_ constraints: [Constraint] = []) -> Instance {
        Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10),
            vms: [
                Fixtures.vm("big", on: "h0", cpu: 6, mem: 6, memoryMiB: 8000),
                Fixtures.vm("s1", on: "h1", cpu: 2, mem: 2, memoryMiB: 500),
                Fixtures.vm("s2", on: "h2", cpu: 2, mem: 2, memoryMiB: 500),
            ],
            constraints, objective: .minHosts)
    }

    /// Every VM on `host`, as a packing that emptied the other hosts.
    static func allOn(_ host: Int, _ context: PackingContext) -> PackingState {
        var state = context.emptyState()
        for v in context.problem.running { state.place(v, on: host) }
        return state
    }

    @Test("packed onto h1, the exchange keeps h0 on instead: 1,000 MiB moved instead of 8,500")
    func keepsTheHeavyHostOn() {
        let instance = Self.threeHosts()
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.allOn(1, context)
        let exchange = HostExchange(context: context)
        #expect(exchange.movedWeight(state) == 8500)
        #expect(exchange.improve(&state, deadline: .now + .seconds(60)) == 1)
        #expect(BinEmptyingSearchTests.hostsOn(state) == 1)
        #expect(state.isOn(0))
        #expect(exchange.movedWeight(state) == 1000)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    @Test("rules bind: with s1 and s2 banned from h0, keeping h0 on leaves them nowhere, so nothing changes")
    func rulesBind() {
        let instance = Self.threeHosts([.ban(Ban(vms: ["s1"], hosts: ["h0"])), .ban(Ban(vms: ["s2"], hosts: ["h0"]))])
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = Self.allOn(1, context)
        #expect(HostExchange(context: context).improve(&state, deadline: .now + .seconds(60)) == 0)
        #expect(state.isOn(1) && !state.isOn(0))
    }

    @Test("move trim sends a VM home by moving out a VM that is itself away from home: 100 MiB moved instead of 4,100")
    func trimEvictsVisitors() {
        let instance = Fixtures.instance(
            hosts: Fixtures.hosts(3, cpu: 10, mem: 10),
            vms: [
                Fixtures.vm("a", on: "h0", cpu: 5, mem: 5, memoryMiB: 4000),
                Fixtures.vm("b", on: "h1", cpu: 6, mem: 6, memoryMiB: 100),
                Fixtures.vm("c", on: "h2", cpu: 1, mem: 1, memoryMiB: 100),
            ],
            objective: .minHosts)
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        var state = context.emptyState()
        state.place(0, on: 1)  // a and b swapped: neither fits home while the other is there
        state.place(1, on: 0)
        state.place(2, on: 2)
        let exchange = HostExchange(context: context)
        #expect(exchange.movedWeight(state) == 4100)
        #expect(MoveTrim(context: context).improve(&state, deadline: .now + .seconds(60)) >= 1)
        #expect(exchange.movedWeight(state) == 100)
        #expect(BinEmptyingSearchTests.hostsOn(state) == 2)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty)
    }

    /// Random clusters of 12 hosts, each VM on a random host with room, a few rules.
    static func random(seed: UInt64) -> Instance {
        var rng = SplitMix64(seed: seed)
        var load = [(Double, Double)](repeating: (0, 0), count: 12)
        var vms: [VM] = []
        for v in 0..<30 {
            let cpu = Double(Int.random(in: 1...4, using: &rng)), mem = Double(Int.random(in: 1...4, using: &rng))
            let open = (0..<12).filter { load[$0].0 + cpu <= 10 && load[$0].1 + mem <= 10 }
            guard let h = open.randomElement(using: &rng) else { continue }
            load[h].0 += cpu
            load[h].1 += mem
            vms.append(Fixtures.vm("v\(v)", on: "h\(h)", cpu: cpu, mem: mem, memoryMiB: Double(Int.random(in: 1...16, using: &rng)) * 512))
        }
        let ids = vms.map(\.id)
        let constraints: [Constraint] = [
            .spread(Spread(vms: Array(ids.prefix(3)))),
            .gather(Gather(vms: [ids[3], ids[4]])),
            .ban(Ban(vms: [ids[5], ids[6]], hosts: ["h0", "h1", "h2"])),
            .maxOnline(MaxOnline(hosts: ["h9", "h10", "h11"], amount: 1)),
        ]
        return Fixtures.instance(hosts: Fixtures.hosts(12, cpu: 10, mem: 10), vms: vms, constraints, objective: .minHosts)
    }

    @Test("random clusters: after packing and emptying, exchanges and move trim keep every rule, never add a host, never move more",
          arguments: (UInt64(1)...40).map { $0 })
    func randomClustersStayValid(seed: UInt64) throws {
        let instance = Self.random(seed: seed)
        let problem = PlacementProblem(instance)
        let context = PackingContext(problem: problem, objective: .minHosts)
        var state = context.emptyState()
        guard VectorPacker.all[0].pack(context, &state), PlacementChecker.check(instance, state.placement).isEmpty else { return }
        HostEmptying(context: context).improve(&state, deadline: .now + .seconds(60))
        let exchange = HostExchange(context: context)
        let (hosts, moved) = (BinEmptyingSearchTests.hostsOn(state), exchange.movedWeight(state))
        let made = exchange.improve(&state, deadline: .now + .seconds(60))
        let beforeTrim = exchange.movedWeight(state)
        _ = MoveTrim(context: context).improve(&state, deadline: .now + .seconds(60))
        #expect(exchange.movedWeight(state) <= beforeTrim)
        #expect(PlacementChecker.check(instance, state.placement).isEmpty, "seed \(seed)")
        #expect(BinEmptyingSearchTests.hostsOn(state) <= hosts)
        #expect(exchange.movedWeight(state) <= moved)
        if made > 0 { #expect(exchange.movedWeight(state) < moved) }
    }
}
