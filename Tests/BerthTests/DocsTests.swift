import Berth
import Foundation
import Testing

/// The documentation's examples stay true: they are decoded, solved and checked here.
@Suite struct DocsTests {
    @Test func formatExampleDecodesAndSolves() throws {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/format.md"), encoding: .utf8)
        let start = try #require(text.range(of: "## A complete example\n\n```json\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let instance = try InstanceCodec.decodeInstance(Data(text[start.upperBound..<end.lowerBound].utf8), file: "docs/format.md")
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.isOptimal)
        #expect(result.placement.vmHosts["ml-1"] == "h2")
        #expect(result.placement.vmHosts["db-1"] != "h5")
    }

    @Test func readmeLibraryExample() throws {
        let cluster = Cluster(
            resources: ["cpu", "memory"],
            hosts: (1...4).map { Server(id: "h\($0)", capacity: ["cpu": 16, "memory": 65536]) },
            vms: (1...6).map { VM(id: "vm\($0)", demand: ["cpu": 2, "memory": 4096], host: "h\(($0 - 1) % 4 + 1)", memoryMiB: 4096) })
        let instance = Instance(
            cluster: cluster,
            constraints: [.spread(Spread(vms: ["vm1", "vm2"])), .offline(Offline(hosts: ["h4"]))],
            objective: .minHosts, timeLimit: 10)
        guard case .placed(let result) = try PlacementSolver().solve(instance) else {
            Issue.record("the README example must place")
            return
        }
        #expect(result.onlineHostCount == 2)
        #expect(result.shutDownHosts.contains("h4"))
    }
}
