import Berth
import Testing

/// Golden scenarios from Models/.
@Suite struct ModelsTests {
    @Test func seed001MaintenanceEvacuatesTheBladeCenter() throws {
        let instance = try Fixtures.model("seed001-maintenance.json")
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.isOptimal)
        #expect(result.moves.count == 60)
        #expect(result.placement.vmHosts.values.allSatisfy { !$0.hasPrefix("bc1-") })
        #expect(result.shutDownHosts.count == 15)
        #expect(result.bootedHosts.count == 15, "4 VMs of 2 vCPU fill an 8-core blade: 15 spares suffice")
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
    }

    @Test func seed001TestbedIsAlreadyConsolidated() throws {
        let result = try #require(try Fixtures.solved(try Fixtures.model("seed001-testbed.json")))
        #expect(result.isOptimal)
        #expect(result.moves.isEmpty)
        #expect(result.onlineHostCount == 15)
    }

    @Test func seed001RefreshMovesEverythingOntoTheNewBladeCenter() throws {
        let result = try #require(try Fixtures.solved(try Fixtures.model("seed001-refresh.json")))
        #expect(result.moves.count == 60)
        #expect(result.bootedHosts.count == 15)
        #expect(result.shutDownHosts.count == 30)
    }

    @Test func demoConsolidatesTheHalfEmptyCluster() throws {
        let instance = try Fixtures.model("demo-8hosts.json")
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.isOptimal)
        #expect(result.onlineHostCount == 4)
        #expect(result.shutDownHosts.count == 3)
        #expect(result.placement.vmHosts["legacy-1"] == "h3", "root keeps legacy-1 in place")
        #expect(result.placement.vmHosts["app-1"] == result.placement.vmHosts["cache-1"])
    }

    @Test func impossibleSpreadIsExplained() throws {
        let report = try #require(try Fixtures.infeasibility(try Fixtures.model("impossible-spread.json")))
        #expect(report.conflicts.map(\.id) == ["replicas-apart"])
        #expect(report.isMinimal)
        #expect(report.explanation.contains { $0.contains("needs 5 distinct hosts; only 4") })
    }
}
