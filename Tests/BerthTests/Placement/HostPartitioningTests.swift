@testable import Berth
import Testing

/// Fixed-size host partitions (BtrPlace's FixedSizePartitioning): split, projected rules, refusals,
/// VMs to boot dealt where there is room, solved concurrently, merged and checked.
@Suite struct HostPartitioningTests {
    /// 8 hosts in two partitions of 4: h0 and h4 are hot (3 VMs of 4 cpu on 8), the rest half empty.
    static func twoHalves(_ constraints: [Constraint] = []) -> Instance {
        var vms: [VM] = []
        for h in 0..<8 {
            let count = h % 4 == 0 ? 3 : 1
            for k in 0..<count { vms.append(Fixtures.vm("v\(h)-\(k)", on: "h\(h)", cpu: 4, mem: 2)) }
        }
        return Fixtures.instance(hosts: Fixtures.hosts(8, cpu: 8, mem: 16), vms: vms, constraints)
    }

    static func partitioned(_ size: Int, mode: PlacementMode = .repair) -> PlacementOptions {
        var options = PlacementOptions(timeLimit: .seconds(20), mode: mode)
        options.partitionSize = size
        return options
    }

    @Test("hosts are cut in model order; each VM stays in its host's partition")
    func split() throws {
        let problem = PlacementProblem(Self.twoHalves())
        guard case .parts(let parts) = HostPartitioning(problem: problem, size: 4).split(objective: .minMigrations) else {
            Issue.record("two partitions")
            return
        }
        #expect(parts.map { $0.cluster.hosts.map(\.id) } == [["h0", "h1", "h2", "h3"], ["h4", "h5", "h6", "h7"]])
        for part in parts {
            let hosts = Set(part.cluster.hosts.map(\.id))
            #expect(part.cluster.vms.allSatisfy { hosts.contains($0.host!) })
        }
        #expect(parts.map(\.cluster.vms.count).reduce(0, +) == problem.vmIDs.count)
    }

    @Test("a solve in partitions repairs each half within itself, checked as a whole, never claimed optimal")
    func solvesAndMerges() throws {
        let instance = Self.twoHalves()
        guard case .placed(let result) = try PlacementSolver(options: Self.partitioned(4)).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.moves.count == 2)  // one VM leaves each hot host
        for move in result.moves {
            let half = { (h: String) in Int(h.dropFirst())! / 4 }
            #expect(half(move.from!) == half(move.to))
        }
        #expect(!result.isOptimal)
        #expect(result.notes.contains { $0.contains("2 host partitions of at most 4 hosts") })
    }

    @Test("solving the parts twice gives the same placements")
    func deterministic() throws {
        let instance = Self.twoHalves([.spread(Spread(vms: ["v0-0", "v4-0", "v1-0"]))])
        let problem = PlacementProblem(instance)
        guard case .parts(let parts) = HostPartitioning(problem: problem, size: 4).split(objective: .minMigrations) else {
            Issue.record("two partitions")
            return
        }
        let results = HostPartitioning.solve(parts, options: Self.partitioned(4), deadline: .now + .seconds(20))
        #expect(results.allSatisfy { $0 != nil })
        let again = HostPartitioning.solve(parts, options: Self.partitioned(4), deadline: .now + .seconds(20))
        #expect(results.map { $0?.placement } == again.map { $0?.placement })
    }

    @Test("rules spanning partitions are split when their meaning survives, each part getting its members")
    func projection() throws {
        let instance = Self.twoHalves([
            .spread(Spread(vms: ["v0-0", "v0-1", "v4-0", "v4-1"], label: "web")),
            .ban(Ban(vms: ["v0-2", "v4-2"], hosts: ["h1", "h5"])),
            .online(Online(hosts: ["h3", "h7"])),
        ])
        guard case .parts(let parts) = HostPartitioning(problem: PlacementProblem(instance), size: 4).split(objective: .minMigrations) else {
            Issue.record("two partitions")
            return
        }
        #expect(parts[0].constraints == [
            .spread(Spread(vms: ["v0-0", "v0-1"], label: "web")), .ban(Ban(vms: ["v0-2"], hosts: ["h1"])), .online(Online(hosts: ["h3"])),
        ])
        #expect(parts[1].constraints == [
            .spread(Spread(vms: ["v4-0", "v4-1"], label: "web")), .ban(Ban(vms: ["v4-2"], hosts: ["h5"])), .online(Online(hosts: ["h7"])),
        ])
        guard case .placed(let result) = try PlacementSolver(options: Self.partitioned(4)).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.notes.contains { $0.contains("host partitions") })
    }

    @Test("a rule whose meaning a split would change refuses partitioning, and the whole cluster is solved", arguments: [
        Constraint.gather(Gather(vms: ["v0-0", "v4-0"])),
        .among(Among(vms: ["v1-0", "v5-0"], groups: [["h0", "h1"], ["h4", "h5"]])),
        .maxOnline(MaxOnline(hosts: ["h0", "h7"], amount: 2)),
    ])
    func refusal(_ rule: Constraint) throws {
        let instance = Self.twoHalves([rule])
        guard case .refused(let reason) = HostPartitioning(problem: PlacementProblem(instance), size: 4).split(objective: .minMigrations) else {
            Issue.record("refused")
            return
        }
        #expect(reason.contains(rule.kind) && reason.contains("spans 2 partitions"))
        guard case .placed(let result) = try PlacementSolver(options: Self.partitioned(4)).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.notes.contains { $0.hasPrefix("not partitioned: ") && $0.contains(rule.kind) })
    }

    @Test("VMs to boot go to partitions with room, never to one whose hosts are all offline")
    func dealsNewVMsWhereThereIsRoom() throws {
        var hosts = Fixtures.hosts(8, cpu: 8, mem: 16)
        for h in 0..<4 { hosts[h].state = .offline }
        let vms = (0..<6).map { Fixtures.vm("new\($0)", on: nil, cpu: 4, mem: 2) }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [.offline(Offline(hosts: ["h0", "h1", "h2", "h3"]))])
        guard case .parts(let parts) = HostPartitioning(problem: PlacementProblem(instance), size: 4).split(objective: .minMigrations) else {
            Issue.record("two partitions")
            return
        }
        #expect(parts[0].cluster.vms.isEmpty && parts[1].cluster.vms.count == 6)
        guard case .placed(let result) = try PlacementSolver(options: Self.partitioned(4)).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(result.moves.count == 6 && PlacementChecker.check(instance, result.placement).isEmpty)
    }

    @Test("a partition that cannot hold its VMs falls back to the whole cluster, which can")
    func failedPartFallsBack() throws {
        // h0-h3 hold 9 VMs of 4 cpu (36 cpu on 32): no repair inside the first half, room in the second.
        var vms = (0..<9).map { Fixtures.vm("a\($0)", on: "h\($0 % 4)", cpu: 4, mem: 2) }
        vms.append(Fixtures.vm("b0", on: "h4", cpu: 4, mem: 2))
        let instance = Fixtures.instance(hosts: Fixtures.hosts(8, cpu: 8, mem: 16), vms: vms)
        guard case .placed(let result) = try PlacementSolver(options: Self.partitioned(4, mode: .auto)).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.notes.contains { $0.hasPrefix("not partitioned: partition 1 of 2 found no placement") })
    }
}
