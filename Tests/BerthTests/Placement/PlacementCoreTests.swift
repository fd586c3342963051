import Berth
import Foundation
import Testing

/// The placement core on flavoured clusters: VM classes counted per host, the lexicographic
/// objective, the incumbent that never loses a heuristic's placement, balance levelling and the
/// gather presolve.
@Suite struct PlacementCoreTests {
    /// A tiny cluster of two host types and two flavours (so VMs form classes), a spread on two
    /// VMs in some seeds, placed at random where it fits.
    static func flavoured(seed: UInt64, objective: Objective) -> Instance {
        var rng = SplitMix64(seed: seed)
        let hostCount = 3 + Int(rng.next() % 2)
        let hosts = (0..<hostCount).map { h in
            Server(id: "h\(h)", capacity: h % 2 == 0 ? ["cpu": 8, "mem": 16] : ["cpu": 12, "mem": 12])
        }
        let flavours: [(cpu: Double, mem: Double, mib: Double)] = [(2, 4, 4096), (4, 2, 2048)]
        var load = [[Double]](repeating: [0, 0], count: hostCount)
        var vms: [VM] = []
        for i in 0..<(5 + Int(rng.next() % 3)) {
            let f = flavours[Int(rng.next() % 2)]
            let start = Int(rng.next() % UInt64(hostCount))
            let host = (0..<hostCount).map { (start + $0) % hostCount }.first { h in
                load[h][0] + f.cpu <= hosts[h].capacity["cpu"] && load[h][1] + f.mem <= hosts[h].capacity["mem"]
            }
            if let host {
                load[host][0] += f.cpu
                load[host][1] += f.mem
            }
            vms.append(VM(id: "v\(i)", demand: ["cpu": f.cpu, "mem": f.mem], host: host.map { "h\($0)" }, memoryMiB: f.mib))
        }
        var constraints: [Constraint] = []
        if seed % 3 == 0 { constraints.append(.spread(Spread(vms: ["v0", "v1"]))) }
        return Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms),
                        constraints: constraints, objective: objective, timeLimit: 20)
    }

    /// The solver's placement, checked and expected optimal, with its migrated memory; `nil` (recorded) when none.
    static func provenPlacement(_ instance: Instance, seed: UInt64) throws -> (PlacementResult, Double)? {
        guard case .placed(let result) = try PlacementSolver().solve(instance) else {
            Issue.record("seed \(seed): no placement")
            return nil
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty, "seed \(seed)")
        #expect(result.isOptimal, "seed \(seed)")
        return (result, result.moves.filter { $0.from != nil }.reduce(0.0) { $0 + max($1.memoryMiB, 1) })
    }

    @Test("classes keep the lexicographic optimum: hosts, then moved memory (brute force)", arguments: (UInt64(1)...24).map { $0 })
    func classesKeepTheOptimum(seed: UInt64) throws {
        let instance = Self.flavoured(seed: seed, objective: .minHosts)
        guard let best = BruteForce.optimum(instance), let (result, moved) = try Self.provenPlacement(instance, seed: seed) else { return }
        #expect(result.onlineHostCount == best.minHosts, "seed \(seed)")
        #expect(moved == best.migrationWeightAtMinHosts, "seed \(seed): moved \(moved), brute force \(best.migrationWeightAtMinHosts)")
    }

    @Test("balance with classes: the lowest peak, then the least moved memory, proven (brute force)", arguments: (UInt64(1)...16).map { $0 })
    func balanceKeepsTheOptimum(seed: UInt64) throws {
        let instance = Self.flavoured(seed: seed &+ 200, objective: .balance)
        guard let best = BruteForce.optimum(instance), let (result, moved) = try Self.provenPlacement(instance, seed: seed) else { return }
        #expect(abs(result.objectiveValue - best.minPeak) <= 1e-9, "seed \(seed): peak \(result.objectiveValue), brute force \(best.minPeak)")
        #expect(moved == best.migrationWeightAtMinPeak, "seed \(seed): moved \(moved), brute force \(best.migrationWeightAtMinPeak)")
    }

    @Test("minMigrations with classes and identical occupied hosts: the brute-force optimum, proven", arguments: (UInt64(1)...16).map { $0 })
    func classesKeepTheLeastMoves(seed: UInt64) throws {
        var instance = Self.flavoured(seed: seed &+ 100, objective: .minMigrations)
        // Drain the first host: its VMs must move.
        instance.cluster.hosts[0].state = .maintenance
        guard let best = BruteForce.optimum(instance), let (result, moved) = try Self.provenPlacement(instance, seed: seed) else { return }
        #expect(moved == best.minMigrationWeight, "seed \(seed): moved \(moved), brute force \(best.minMigrationWeight)")
        #expect((result.bestBound ?? 0) <= best.minMigrationWeight + 1e-6, "seed \(seed): bound above the optimum")
    }

    @Test("the MIP counts interchangeable VMs per host, and says so")
    func classesShrinkTheMIP() throws {
        let hosts = Fixtures.hosts(10, cpu: 16, mem: 32)
        let vms = (0..<60).map { Fixtures.vm("v\($0)", on: "h\($0 % 10)", cpu: 1, mem: 2) }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [.spread(Spread(vms: ["v0", "v1"]))], objective: .minHosts)
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.isOptimal)
        #expect(result.onlineHostCount == 4)  // 60 cpu on 16-cpu hosts
        #expect(result.mipSize.columns < 60 * 10)
        #expect(result.notes.contains { $0.contains("58 interchangeable VMs counted in 1 classes") })
    }

    @Test("a tight time limit still returns the best heuristic placement, never the current one")
    func neverWorseThanTheHeuristic() throws {
        // 40 hosts at ~20 %: the heuristics switch most of them off in milliseconds.
        let hosts = Fixtures.hosts(40, cpu: 32, mem: 64)
        let vms = (0..<200).map { (i: Int) -> VM in
            let cpu = Double(1 + i % 3)
            let mem = Double(2 + i % 5)
            return Fixtures.vm("v\(i)", on: "h\(i % 40)", cpu: cpu, mem: mem)
        }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)
        var options = PlacementOptions(timeLimit: .milliseconds(500))
        options.mode = .rebuild
        guard case .placed(let result) = try PlacementSolver(options: options).solve(instance) else {
            Issue.record("no placement")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        // 400 cpu on 32-cpu hosts: at least 13; the heuristics reach well under 20.
        #expect(result.onlineHostCount < 20, "\(result.onlineHostCount) hosts")
    }

    @Test("balance levels a hot cluster too large for the MIP")
    func balanceLevelsWithoutTheMIP() throws {
        let hosts = Fixtures.hosts(30, cpu: 32, mem: 64)
        // Ten hot hosts at 28/32 cpu, twenty at 4/32.
        var vms: [VM] = []
        for h in 0..<30 {
            for k in 0..<(h < 10 ? 7 : 1) { vms.append(Fixtures.vm("v\(h)-\(k)", on: "h\(h)", cpu: 4, mem: 4)) }
        }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, objective: .balance)
        var options = PlacementOptions(timeLimit: .seconds(5))
        options.mode = .heuristic
        let result = try PlacementSolver(options: options).place(instance)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        // 90 VMs × 4 cpu = 360 of 960: every host can end at ≤ 16/32 = 0.5.
        #expect(result.peakUtilization <= 0.5 + 1e-9, "peak \(result.peakUtilization)")
        #expect(result.onlineHostCount == 30)
    }

    @Test("a gather against a spread is explained from the rules alone")
    func gatherAgainstSpread() throws {
        let hosts = Fixtures.hosts(50)
        let vms = (0..<100).map { Fixtures.vm("v\($0)", on: "h\($0 % 50)", cpu: 1, mem: 1) }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [
            .spread(Spread(vms: ["v1", "v2", "v3"], label: "apart")),
            .gather(Gather(vms: ["v2", "v3"], label: "together")),
            .ban(Ban(vms: ["v9"], hosts: ["h0"])),
        ])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["apart", "together"])
        #expect(report.isMinimal)
    }

    @Test("a gather joining a lonely VM with an outsider is explained from the rules alone")
    func gatherAcrossALonelyGroup() throws {
        let hosts = Fixtures.hosts(20)
        let vms = (0..<40).map { Fixtures.vm("v\($0)", on: "h\($0 % 20)", cpu: 1, mem: 1) }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [
            .lonely(Lonely(vms: ["v1", "v21"], label: "alone")),
            .gather(Gather(vms: ["v1", "v5"], label: "pair")),
        ])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["alone", "pair"])
    }
}

