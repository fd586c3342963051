import Berth
import Foundation
import Testing

@Suite struct PlacementSolverTests {
    @Test func minHostsSwitchesOffHalfEmptyHosts() throws {
        let vms = (0..<4).map { Fixtures.vm("v\($0)", on: "h\($0)", cpu: 2, mem: 2) }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(4), vms: vms, objective: .minHosts)
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.onlineHostCount == 1)
        #expect(result.shutDownHosts.count == 3)
        #expect(result.moves.count == 3)
        #expect(result.bestBound.map { abs($0 - result.objectiveValue) < 1e-6 } == true)
        #expect(result.gap == 0)
    }

    @Test func minHostsPrefersMovingSmallVMs() throws {
        let vms = [Fixtures.vm("big", on: "h0", memoryMiB: 8192), Fixtures.vm("small", on: "h1", memoryMiB: 512)]
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: Fixtures.hosts(2), vms: vms, objective: .minHosts)))
        #expect(result.moves.map(\.vm) == ["small"])
    }

    @Test func minMigrationsWeighsMemory() throws {
        // h0 is over capacity: one of the two VMs must go; the lighter one moves.
        let vms = [Fixtures.vm("heavy", on: "h0", cpu: 5, memoryMiB: 8192), Fixtures.vm("light", on: "h0", cpu: 5, memoryMiB: 1024)]
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: Fixtures.hosts(2), vms: vms)))
        #expect(result.moves.map(\.vm) == ["light"])
    }

    @Test func balanceLowersThePeak() throws {
        let vms = (0..<4).map { Fixtures.vm("v\($0)", on: "h0", cpu: 2, mem: 2) }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(2), vms: vms, objective: .balance)
        let result = try #require(try Fixtures.solved(instance))
        #expect(abs(result.peakUtilization - 0.5) < 1e-9)
        #expect(result.moves.count == 2)
        #expect(result.shutDownHosts.isEmpty)
    }

    @Test func overbookingRaisesCapacity() throws {
        var hosts = Fixtures.hosts(2)
        hosts[0].overbooking = ["cpu": 2]
        let vms = (0..<6).map { Fixtures.vm("v\($0)", on: "h0", cpu: 2, mem: 1) }
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: hosts, vms: vms)))
        #expect(result.moves.isEmpty, "12 vCPU fit 8 cores at ratio 2")
    }

    @Test func compatibilityKeepsVMsOnCapableHosts() throws {
        var hosts = Fixtures.hosts(3)
        hosts[2].features = ["gpu"]
        var vm = Fixtures.vm("ml", on: "h0")
        vm.requires = ["gpu"]
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: hosts, vms: [vm])))
        #expect(result.placement.vmHosts["ml"] == "h2")
    }

    @Test func maintenanceHostsAreEvacuatedAndSleepingVMsPinTheirHost() throws {
        var hosts = Fixtures.hosts(3)
        hosts[0].state = .maintenance
        var sleeper = Fixtures.vm("z", on: "h1")
        sleeper.state = .sleeping
        let vms = [Fixtures.vm("a", on: "h0"), sleeper]
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)))
        #expect(result.placement.vmHosts["a"] == "h1", "h1 must stay on for the sleeping VM, so a joins it")
        #expect(result.onlineHostCount == 1)
    }

    @Test func newVMsArePlacedWithoutCountingAsMigrations() throws {
        let vms = [Fixtures.vm("old", on: "h0"), Fixtures.vm("new", on: nil)]
        let result = try #require(try Fixtures.solved(Fixtures.instance(hosts: Fixtures.hosts(2), vms: vms, objective: .minHosts)))
        #expect(result.placement.vmHosts["new"] == "h0")
        #expect(result.moves.map(\.vm) == ["new"])
        #expect(result.moves.first?.from == nil)
    }

    @Test func repairModeFreesOnlyMisplacedVMs() throws {
        var vms = (0..<6).map { Fixtures.vm("v\($0)", on: "h\($0 % 3)") }
        vms.append(Fixtures.vm("bad", on: "h0"))
        let instance = Fixtures.instance(hosts: Fixtures.hosts(4), vms: vms, [.ban(Ban(vms: ["bad"], hosts: ["h0"]))])
        let outcome = try PlacementSolver(options: PlacementOptions(mode: .repair)).solve(instance)
        guard case .placed(let result) = outcome else { Issue.record("no placement"); return }
        #expect(result.repairMode)
        #expect(result.freeVMs == 1)
        #expect(result.moves.map(\.vm) == ["bad"])
    }

    @Test func repairModeFallsBackToRebuildWhenPinnedVMsBlockTheRepair() throws {
        // Moving "new" in needs "a" to make room elsewhere, but "a" is well placed and pinned by repair mode.
        let hosts = Fixtures.hosts(2, cpu: 4, mem: 16)
        var vms = [Fixtures.vm("a", on: "h0", cpu: 2), Fixtures.vm("b", on: "h1", cpu: 2)]
        vms.append(Fixtures.vm("new", on: nil, cpu: 4))
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [.spread(Spread(vms: ["a", "new"]))])
        let outcome = try PlacementSolver(options: PlacementOptions(mode: .repair)).solve(instance)
        guard case .placed(let result) = outcome else { Issue.record("repair must fall back to rebuild"); return }
        #expect(!result.repairMode)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
    }

    @Test func timeLimitIsHonouredOnAHardInstance() throws {
        // 120 VMs of awkward sizes on 40 hosts: GLPK will not prove minHosts optimal in 1 s.
        var rng = SplitMix64(seed: 7)
        let hosts = Fixtures.hosts(40, cpu: 100, mem: 100)
        let vms = (0..<120).map { i in
            Fixtures.vm("v\(i)", on: "h\(i % 40)", cpu: Double(Int.random(in: 10...45, using: &rng)), mem: Double(Int.random(in: 10...45, using: &rng)))
        }
        let instance = Fixtures.instance(hosts: hosts, vms: vms, objective: .minHosts)
        let start = ContinuousClock.now
        let outcome = try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(1), mode: .rebuild)).solve(instance)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(3), "took \(elapsed)")
        guard case .placed(let result) = outcome else { Issue.record("no placement at the limit"); return }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        if !result.isOptimal {
            #expect(result.limit == .time)
            #expect(result.bestBound != nil)
            #expect(result.gap != nil)
        }
    }

    @Test func writesTheMIPAsAnLPFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("berth-\(UUID().uuidString).lp").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = PlacementOptions()
        options.lpPath = path
        let instance = Fixtures.instance(hosts: Fixtures.hosts(2), vms: [Fixtures.vm("a", on: "h0")])
        _ = try PlacementSolver(options: options).solve(instance)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("Subject To"))
    }
}
