import Berth
import Foundation
import Testing

/// Bad input is refused with the JSON path and the problem; good input round-trips.
@Suite struct InstanceCodecTests {
    static let base = """
        {"format": "berth/1", "resources": ["cpu", "memory"],
         "hosts": [{"id": "h1", "capacity": {"cpu": 8, "memory": 16}},
                   {"id": "h2", "capacity": {"cpu": 8, "memory": 16}, "state": "offline"}],
         "vms": [{"id": "v1", "demand": {"cpu": 2, "memory": 4}, "host": "h1"}],
         "constraints": [], "objective": "minHosts"}
        """

    /// Edits the base instance as a JSON object, then decodes it.
    static func decode(_ edit: (inout [String: Any]) -> Void) -> InputError? {
        var object = try! JSONSerialization.jsonObject(with: Data(base.utf8)) as! [String: Any]
        edit(&object)
        let data = try! JSONSerialization.data(withJSONObject: object)
        do {
            _ = try InstanceCodec.decodeInstance(data, file: "model.json")
            return nil
        } catch {
            return error
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var fragment: String
        var edit: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown host id", path: "vms[0].host", fragment: "unknown host 'h9'") { $0["vms"] = [["id": "v1", "demand": ["cpu": 1], "host": "h9"]] },
        Case(name: "suggests a near host id", path: "constraints[0].hosts[0]", fragment: "did you mean 'h1'") {
            $0["constraints"] = [["kind": "offline", "hosts": ["h11"]]]
        },
        Case(name: "negative capacity", path: "hosts[0].capacity.cpu", fragment: "in [0, 1e+15], found -8") {
            $0["hosts"] = [["id": "h1", "capacity": ["cpu": -8, "memory": 16]]]
        },
        Case(name: "duplicate host id", path: "hosts[1].id", fragment: "duplicate host id 'h1' (first at hosts[0])") {
            $0["hosts"] = [["id": "h1", "capacity": ["cpu": 8]], ["id": "h1", "capacity": ["cpu": 8]]]
        },
        Case(name: "duplicate VM id", path: "vms[1].id", fragment: "duplicate VM id 'v1'") {
            $0["vms"] = [["id": "v1", "demand": ["cpu": 1], "host": "h1"], ["id": "v1", "demand": ["cpu": 1], "host": "h1"]]
        },
        Case(name: "VM larger than every host", path: "vms[0].demand", fragment: "larger than every host: it needs 32 cpu, the largest host offers 8") {
            $0["vms"] = [["id": "v1", "demand": ["cpu": 32], "host": "h1"]]
        },
        Case(name: "unknown resource", path: "vms[0].demand.cpus", fragment: "unknown resource 'cpus' (did you mean 'cpu'?)") {
            $0["vms"] = [["id": "v1", "demand": ["cpus": 1], "host": "h1"]]
        },
        Case(name: "unknown field", path: "hosts[0].capacty", fragment: "unknown field 'capacty' in a host (did you mean 'capacity'?)") {
            $0["hosts"] = [["id": "h1", "capacty": ["cpu": 8]]]
        },
        Case(name: "missing field", path: "hosts[0].capacity", fragment: "required field 'capacity' is missing") { $0["hosts"] = [["id": "h1"]] },
        Case(name: "wrong type", path: "hosts[0].capacity.cpu", fragment: "expected a number") {
            $0["hosts"] = [["id": "h1", "capacity": ["cpu": "eight"]]]
        },
        Case(name: "unknown constraint kind", path: "constraints[0].kind", fragment: "unknown constraint kind 'sprad' (did you mean 'spread'?)") {
            $0["constraints"] = [["kind": "sprad", "vms": ["v1"]]]
        },
        Case(name: "unknown VM in a constraint", path: "constraints[0].vms[1]", fragment: "unknown VM 'v2'") {
            $0["constraints"] = [["kind": "spread", "vms": ["v1", "v2"]]]
        },
        Case(name: "running VM on an offline host", path: "vms[0].host", fragment: "sits on 'h2', which is offline") {
            $0["vms"] = [["id": "v1", "demand": ["cpu": 1], "host": "h2"]]
        },
        Case(name: "unsupported format", path: "format", fragment: "unsupported format 'berth/9'") { $0["format"] = "berth/9" },
        Case(name: "negative maxOnline", path: "constraints[0].amount", fragment: "amount must be a finite number ≥ 0, found -1") {
            $0["constraints"] = [["kind": "maxOnline", "hosts": ["h1"], "amount": -1]]
        },
        Case(name: "bad objective", path: "objective", fragment: "minHost") { $0["objective"] = "minHost" },
        Case(name: "zero time limit", path: "timeLimit", fragment: "must be > 0") { $0["timeLimit"] = 0 },
    ]

    @Test("bad input names the path and the problem", arguments: cases)
    func refusesBadInput(_ c: Case) throws {
        let error = try #require(Self.decode(c.edit), "\(c.name) was accepted")
        #expect(error.file == "model.json")
        let issue = try #require(error.issues.first { $0.path == c.path }, "no issue at \(c.path): \(error)")
        #expect(issue.message.contains(c.fragment), "\(issue.message)")
        #expect(error.description.hasPrefix("model.json: at "))
    }

    @Test func reportsEveryIssueAtOnce() throws {
        let error = try #require(Self.decode {
            $0["hosts"] = [["id": "h1", "capacity": ["cpu": -1]], ["id": "h1", "capacity": ["cpu": 4]]]
            $0["vms"] = [["id": "v1", "demand": ["cpu": 1], "host": "nowhere"]]
        })
        #expect(error.issues.count >= 3, "\(error)")
    }

    @Test func malformedJSONIsAnInputError() throws {
        do {
            _ = try InstanceCodec.decodeInstance(Data("{\"format\": \"berth/1\", \"hosts\": [".utf8), file: "broken.json")
            Issue.record("accepted malformed JSON")
        } catch {
            #expect(error.description.hasPrefix("broken.json: "))
        }
    }

    @Test func missingFileIsAnInputError() {
        #expect(throws: InputError.self) { try InstanceCodec.loadInstance(path: "/nonexistent/berth.json") }
    }

    @Test func bundledModelsRoundTrip() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("Models").path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix("-sweep.json") }.sorted()
        #expect(names.count >= 5)
        for name in names {
            let instance = try Fixtures.model(name)
            #expect(try InstanceCodec.decodeInstance(InstanceCodec.encode(instance)) == instance, "\(name)")
        }
    }

    @Test func placementFileNamesUnknownIDs() throws {
        let instance = try InstanceCodec.decodeInstance(Data(Self.base.utf8))
        let data = Data(#"{"format": "berth-placement/1", "vms": {"v1": "h7"}, "onlineHosts": ["h1"]}"#.utf8)
        #expect(throws: InputError.self) { try InstanceCodec.decodePlacement(data, for: instance.cluster, file: "p.json") }
    }
}
