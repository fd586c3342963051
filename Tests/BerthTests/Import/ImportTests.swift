@testable import Berth
import Foundation
import Testing

/// BtrPlace and vbp instances from the public benchmark sets (see Fixtures/SOURCES.md).
@Suite struct ImportTests {
    static func fixture(_ name: String) -> String { Fixtures.root.appendingPathComponent("Tests/BerthTests/Fixtures/\(name)").path }

    @Test("BtrPlace min-migrations: 4 nodes, 56 VMs, preserve raises demand, resourceCapacity caps a node")
    func btrPlaceMinMigrations() throws {
        let imported = try BtrPlaceImport.load(path: Self.fixture("btrplace/min-migrations.json"))
        let cluster = imported.instance.cluster
        #expect(cluster.hosts.count == 4)
        #expect(cluster.vms.count == 56)
        #expect(cluster.resources == ["memory", "cpu", "controller_cpu"])
        #expect(imported.unsupported.isEmpty)
        #expect(imported.instance.objective == .minMigrations)
        #expect(InstanceValidation.issues(in: imported.instance).isEmpty)
    }

    @Test("gzipped BtrPlace instance with spread: imported, repaired, checked")
    func btrPlaceGzipSolves() throws {
        let imported = try BtrPlaceImport.load(path: Self.fixture("btrplace/issue-131-1.json.gz"))
        let instance = imported.instance
        #expect(instance.cluster.vms.count == 136)
        #expect(instance.constraints.contains { $0.kind == "spread" })
        let outcome = try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(10))).solve(instance)
        guard case .placed(let result) = outcome else {
            Issue.record("issue-131-1 should be feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
    }

    @Test("unsupported BtrPlace constraints are reported, not silently dropped")
    func unsupportedConstraintsAreListed() throws {
        let json = """
            {"model":{"mapping":{"readyVMs":[],"onlineNodes":{"0":{"sleepingVMs":[],"runningVMs":[0]},"1":{"sleepingVMs":[],"runningVMs":[1]}},"offlineNodes":[]},
            "attributes":{"nodes":{},"vms":{}},"views":[{"id":"shareableResource","rcId":"cpu","defCapacity":4,"defConsumption":1,"nodes":{},"vms":{}}]},
            "constraints":[{"id":"seq","vms":[0,1]},{"id":"ban","vm":0,"nodes":[1]},{"id":"runningCapacity","nodes":[0,1],"amount":1}],
            "objective":{"id":"minimizeMTTR"}}
            """
        let imported = try BtrPlaceImport.read(Data(json.utf8))
        #expect(imported.unsupported.map(\.kind) == ["runningCapacity", "seq"])
        #expect(imported.instance.constraints == [.ban(Ban(vms: ["vm0"], hosts: ["n1"]))])
    }

    @Test("bad BtrPlace input names the JSON path")
    func badInputNamesThePath() {
        let json = #"{"model":{"mapping":{"onlineNodes":{"x":{}}}}}"#
        #expect(throws: BtrPlaceImport.ImportError.self) { try BtrPlaceImport.read(Data(json.utf8)) }
        do { _ = try BtrPlaceImport.read(Data(json.utf8)) } catch { #expect(error.description.contains("model.mapping.onlineNodes.x")) }
    }

    @Test("vbp instances: the portfolio is within one bin of the proven optimum, and the MIP proves small ones",
          arguments: [("class1_20_3_0.vbp", 6), ("class9_20_5_0.vbp", 14), ("classF_60_3_0.vbp", 20)])
    func vectorPacking(file: String, optimum: Int) throws {
        let instance = try VectorPackingImport.load(path: Self.fixture("vbp/\(file)"))
        let context = PackingContext(problem: PlacementProblem(instance), objective: .minHosts)
        let best = try #require(PackingPortfolio(context: context).best())
        #expect(Int(best.score.primary) <= optimum + 1, "\(file): \(best.name) used \(best.score.primary) bins")
        #expect(Int(best.score.primary) >= optimum)
        let outcome = try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(3))).solve(instance)
        guard case .placed(let result) = outcome else {
            Issue.record("\(file) is feasible")
            return
        }
        #expect(result.onlineHostCount >= optimum)
        #expect(result.onlineHostCount <= optimum + 1)
        if result.isOptimal { #expect(result.onlineHostCount == optimum) }
    }

    @Test("heuristic results are labelled heuristic, never optimal, and carry a bound and gap")
    func heuristicFallbackIsHonest() throws {
        let instance = try VectorPackingImport.load(path: Self.fixture("vbp/class1_20_3_0.vbp"))
        let outcome = try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(1), mode: .heuristic)).solve(instance)
        guard case .placed(let result) = outcome else {
            Issue.record("feasible")
            return
        }
        #expect(result.source == .heuristic)
        #expect(!result.isOptimal)
        #expect(result.bestBound == 6)  // per-resource ceiling on this instance
        #expect(result.gap != nil)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
    }
}
