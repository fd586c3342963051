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
        let instance = Instance(cluster) {
            Spread(vms("vm1", "vm2"))
            Offline(hosts("h4"))
            Objective.minHosts
            TimeLimit(seconds: 10)
        }
        guard case .placed(let result) = try PlacementSolver().solve(instance) else {
            Issue.record("the library example of docs/architecture.md must place")
            return
        }
        #expect(result.onlineHostCount == 2)
        #expect(result.shutDownHosts.contains("h4"))
    }
}

/// Every script block of docs/dsl.md parses against the model it names.
@Suite struct DSLDocsTests {
    @Test func everyScriptBlockParses() throws {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/dsl.md"), encoding: .utf8)
        let demo = try Fixtures.model("demo-8hosts.json"), seed = try Fixtures.model("seed001-testbed.json")
        var blocks = 0
        var rest = text[...]
        while let open = rest.range(of: "```berth") {
            let header = rest[open.upperBound...].prefix { $0 != "\n" }
            let body = rest[open.upperBound...].dropFirst(header.count + 1)
            let close = try #require(body.range(of: "```"))
            let cluster = header.contains("seed001") ? seed.cluster : demo.cluster
            let script = try RulesScript.parse(String(body[..<close.lowerBound]), cluster: cluster, file: "docs/dsl.md")
            #expect(!script.constraints.isEmpty || script.objective != nil)
            blocks += 1
            rest = body[close.upperBound...]
        }
        #expect(blocks >= 20)
    }

    @Test func bundledRulesScriptSolves() throws {
        let model = try Fixtures.model("demo-8hosts.json")
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("Models/demo-rules.berth"), encoding: .utf8)
        let instance = try RulesScript.parse(text, cluster: model.cluster, file: "Models/demo-rules.berth").applied(to: model)
        let result = try PlacementSolver().place(instance)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
    }
}

/// The README's orchestrator example and docs/dsl.md's `adding` example, as written there.
@Suite struct ApiDocsTests {
    @Test func readmeOrchestratorExample() async throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let instance = try model.adding { Spread(vms(tagged: "web")) }
        let job = BerthEngine(timeLimit: .seconds(10)).start(.workflow(.plan(Planning.Request()), on: instance))
        var phases: [SolveProgress.Phase] = []
        for await progress in job.progress { phases.append(progress.phase) }
        let result = try await job.result.value
        #expect(result.schema == "berth-result/1" && result.command == "plan" && result.exitCode <= 1)
        #expect(phases.first == .preparing && phases.last == .done && phases.contains(.scheduling), "\(phases)")
    }

    @Test func dslAddingExample() throws {
        let model = try InstanceCodec.loadInstance(path: Fixtures.root.appendingPathComponent("Models/demo-8hosts.json").path)
        let stricter = try model.adding {
            Spread(vms(tagged: "web")).named("web-apart")
            Ban(vms(tagged: "batch"), hosts(rack: "r1"))
        }
        #expect(stricter.constraints.count == model.constraints.count + 2)
    }
}
