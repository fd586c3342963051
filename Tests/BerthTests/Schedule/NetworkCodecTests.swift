import Berth
import Foundation
import Testing

/// The `network` field: strict decoding, semantic validation with JSON paths, and plan JSON round trips.
@Suite struct NetworkCodecTests {
    static func instance(network: String, constraints: String = "[]") -> String {
        """
        {"format": "berth/1", "resources": ["cpu"],
         "hosts": [{"id": "a", "capacity": {"cpu": 4}}, {"id": "b", "capacity": {"cpu": 4}}],
         "vms": [{"id": "v", "demand": {"cpu": 1}, "host": "a", "memoryMiB": 512}],
         "constraints": \(constraints), "network": \(network)}
        """
    }

    func issues(_ json: String) -> [InputIssue] {
        do {
            _ = try InstanceCodec.decodeInstance(Data(json.utf8))
            return []
        } catch {
            return error.issues
        }
    }

    @Test func validNetworkDecodesAndRoundTrips() throws {
        let json = Self.instance(network: """
            {"switches": [{"id": "s1"}, {"id": "s2", "backplaneGbps": 40}],
             "links": [{"id": "lag", "between": ["s1", "s2"], "gbps": 3, "members": 3, "maxMigrations": 2}],
             "hosts": [{"host": "a", "switch": "s1", "nicGbps": 10}, {"host": "b", "switch": "s2", "maxMigrations": 1}],
             "maxMigrations": 4, "downtimeTargetMs": 30}
            """)
        let instance = try InstanceCodec.decodeInstance(Data(json.utf8))
        let network = try #require(instance.network)
        #expect(network.links[0].members == 3)
        #expect(network.hosts[0].nicGbps == 10)
        let again = try InstanceCodec.decodeInstance(try InstanceCodec.encode(instance))
        #expect(again == instance)
        let route = NetworkTopology(cluster: instance.cluster, network: network).route(from: "a", to: "b")
        #expect(route.links == ["lag"])
    }

    @Test func unknownFieldIsNamedWithItsPath() {
        let found = issues(Self.instance(network: #"{"switches": [{"id": "s1", "backplaneGps": 10}]}"#))
        #expect(found.first?.path == "network.switches[0].backplaneGps")
        #expect(found.first?.message.contains("did you mean 'backplaneGbps'") == true)
    }

    @Test func semanticErrorsCarryPaths() {
        let found = issues(Self.instance(network: """
            {"switches": [{"id": "s1"}, {"id": "s2"}],
             "links": [{"id": "l", "between": ["s1", "s3"], "gbps": 0}],
             "hosts": [{"host": "a", "switch": "s1"}, {"host": "c", "switch": "s2", "maxMigrations": 0}]}
            """))
        let paths = Set(found.map(\.path))
        #expect(paths.contains("network.links[0].between[1]"))
        #expect(paths.contains("network.links[0].gbps"))
        #expect(paths.contains("network.hosts[1].host"))
        #expect(paths.contains("network.hosts[1].maxMigrations"))
    }

    @Test func unattachedHostAndUnreachableSwitchAreRefused() {
        let unattached = issues(Self.instance(network: #"{"switches": [{"id": "s1"}], "hosts": [{"host": "a", "switch": "s1"}]}"#))
        #expect(unattached.contains { $0.message.contains("'b' is attached to no switch") })
        let islands = issues(Self.instance(network: """
            {"switches": [{"id": "s1"}, {"id": "s2"}], "hosts": [{"host": "a", "switch": "s1"}, {"host": "b", "switch": "s2"}]}
            """))
        #expect(islands.contains { $0.path == "network.links" && $0.message.contains("cannot be reached") })
    }

    @Test func schedulingConstraintsAreValidated() {
        let found = issues(Self.instance(network: "{}", constraints: """
            [{"kind": "powerBudget", "watts": 0}, {"kind": "maxOnline", "hosts": ["a"], "amount": -1, "continuous": true}]
            """))
        #expect(Set(found.map(\.path)) == ["constraints[0].watts", "constraints[1].amount"])
    }

    @Test func planJSONRoundTripsAndIsStrict() throws {
        let (instance, target) = CycleAndOrderTests.swap(spare: true)
        let plan = try Scheduler().schedule(instance, target: target).plan
        let data = try InstanceCodec.encode(plan)
        #expect(String(decoding: data, as: UTF8.self).contains("\"format\" : \"berth-plan/1\""))
        #expect(try InstanceCodec.decodePlan(data, for: instance.cluster) == plan)
        let bad = Data(#"{"format": "berth-plan/1", "actions": [{"id": 0, "kind": "migrate", "vm": "a", "from": "h0", "to": "hx", "start": 0, "end": 1}]}"#.utf8)
        #expect(throws: InputError.self) { try InstanceCodec.decodePlan(bad, for: instance.cluster) }
    }

    @Test func ganttIsSelfContainedHTML() throws {
        let instance = try Fixtures.model("seed001-maintenance-plan.json")
        let placement = try #require(try Fixtures.solved(instance))
        let plan = try Scheduler().schedule(instance, target: placement.placement).plan
        let html = PlanGantt.html(plan, instance: instance, title: "t")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("link interlink") && html.contains("bc2-01"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func formatExamplePlansAndSimulatesCleanly() throws {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/format.md"), encoding: .utf8)
        let start = try #require(text.range(of: "## A complete example\n\n```json\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let instance = try InstanceCodec.decodeInstance(Data(text[start.upperBound..<end.lowerBound].utf8))
        #expect(instance.network?.links.first?.members == 2)
        let placement = try #require(try Fixtures.solved(instance))
        let plan = try Scheduler().schedule(instance, target: placement.placement).plan
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        #expect(simulated.stuck == nil)
        #expect(PlanChecker.check(instance, plan: simulated.timeline, target: placement.placement).isEmpty)
    }
}
