import Berth
import Foundation
import Testing

/// Every `--json` output is a `berth-result/1` document: it validates against
/// docs/schema/berth-result-1.schema.json (with Python's jsonschema, a real validator) and decodes
/// as the library's `BerthResult` to the same JSON.
@Suite(.serialized) struct ResultSchemaTests {
    static let schema = CLITests.root.appendingPathComponent("docs/schema/berth-result-1.schema.json").path

    /// Python's jsonschema, when this machine has it; CI sets BERTH_REQUIRE_SCHEMA_CHECK=1 and installs it.
    static let validatorAvailable = Python.has("jsonschema")

    /// Runs each command with `--json` and returns (name, exit status, stdout).
    static func outputs() throws -> [(name: String, status: Int32, json: String)] {
        let deadline = try CLITests.temporary("deadline.json", try deadlineModel())
        let broken = try CLITests.temporary("broken.json", #"{"format": "berth/1", "resources": ["cpu"], "hosts": [], "vms": [], "bogus": 1}"#)
        let badRules = try CLITests.temporary("bad.berth", "spread(web-1, nosuchvm)\n")
        let plan = PlanCLITests.temporaryPath("plan.json")
        defer { for f in [deadline, broken, badRules, plan] { try? FileManager.default.removeItem(atPath: f) } }
        let golden = GoldenOutputTests.directory
        let runs: [(String, [String])] = [
            ("solve optimal", ["solve", "Models/demo-8hosts.json"]),
            ("solve infeasible", ["solve", "Models/impossible-spread.json"]),
            ("solve invalid input", ["solve", broken]),
            ("solve bad rules", ["solve", "Models/demo-8hosts.json", "--rules", badRules]),
            ("plan compare", ["plan", "Models/workflow-cluster.json", "--compare", "--time-limit", "5", "--output", plan]),
            ("plan violated target", ["plan", "Models/impossible-spread.json", "--target", golden + "spread-broken-placement.json"]),
            ("check violated", ["check", "Models/impossible-spread.json", golden + "spread-broken-placement.json"]),
            ("simulate", ["simulate", "Models/seed001-hotvms-plan.json", golden + "hotvms-plan.json"]),
            ("consolidate", ["consolidate", "Models/workflow-cluster.json", "--power-off", "-q"]),
            ("drain unschedulable", ["drain", deadline, "--hosts", "w1", "-q", "--time-limit", "5"]),
            ("balance", ["balance", "Models/workflow-cluster.json", "--time-limit", "2", "-q"]),
            ("what-if", ["what-if", "Models/workflow-whatif.json", "--add-vms", "app-1:6", "--add-hosts", "big:2", "-q"]),
            ("what-if does not fit", ["what-if", "Models/workflow-whatif.json", "--grow", "3", "-q", "--time-limit", "5"]),
        ]
        var results: [(String, Int32, String)] = []
        for (name, arguments) in runs {
            let run = try CLITests.berth(arguments + ["--json"])
            results.append((name, run.status, run.stdout))
            if name == "plan compare" {
                let simulate = try CLITests.berth("simulate", "Models/workflow-cluster.json", plan, "--json")
                results.append(("simulate written plan", simulate.status, simulate.stdout))
            }
        }
        return results
    }

    /// The workflow cluster with a 1 ms deadline on w1's VMs: draining w1 has a placement but no plan.
    static func deadlineModel() throws -> String {
        var model = try InstanceCodec.loadInstance(path: CLITests.root.appendingPathComponent("Models/workflow-cluster.json").path)
        model.constraints.append(.deadline(Deadline(vms: ["web-1", "app-1", "batch-1"], seconds: 0.001, label: "asap")))
        return String(decoding: try InstanceCodec.encode(model), as: UTF8.self)
    }

    @Test func everyJSONOutputFollowsTheContract() throws {
        let outputs = try Self.outputs()
        let expected: [String: (Int32, BerthResult.Status)] = [
            "solve optimal": (0, .optimal), "solve infeasible": (2, .infeasible), "solve invalid input": (3, .invalidInput),
            "solve bad rules": (3, .invalidInput), "plan violated target": (2, .violated), "check violated": (2, .violated),
            "simulate": (0, .valid), "simulate written plan": (0, .valid), "drain unschedulable": (2, .unschedulable),
            "what-if does not fit": (2, .infeasible),
        ]
        for output in outputs {
            let result = try BerthResult.decode(Data(output.json.utf8))
            #expect(result.schema == "berth-result/1", "\(output.name)")
            #expect(result.exitCode == output.status, "\(output.name): exit \(output.status) but status \(result.status)")
            if let (status, kind) = expected[output.name] {
                #expect(output.status == status, "\(output.name): exit \(output.status)")
                #expect(result.status == kind, "\(output.name): \(result.status)")
            }
            // Decoding and encoding again gives the same document: no field is lost on the library's side.
            let again = try JSONSerialization.jsonObject(with: try result.jsonData()) as? NSDictionary
            let printed = try JSONSerialization.jsonObject(with: Data(output.json.utf8)) as? NSDictionary
            #expect(again == printed, "\(output.name)")
        }
        let unschedulable = try BerthResult.decode(Data(try #require(outputs.first { $0.name == "drain unschedulable" }).json.utf8))
        #expect(unschedulable.unschedulable?.blockers.allSatisfy { $0.cause == .deadline && $0.rule == "asap" } == true)
    }

    @Test(.enabled(if: validatorAvailable || Python.required, "needs Python's jsonschema (pip install jsonschema)"))
    func everyJSONOutputValidatesAgainstTheSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("berth-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputs = try Self.outputs()
        for (k, output) in outputs.enumerated() {
            try output.json.write(to: directory.appendingPathComponent(String(format: "%02d.json", k)), atomically: true, encoding: .utf8)
        }
        let script = """
            import json, sys, glob, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            bad = 0
            for path in sorted(glob.glob(sys.argv[2] + "/*.json")):
                for error in validator.iter_errors(json.load(open(path))):
                    bad += 1
                    print(path, "/".join(map(str, error.absolute_path)), error.message[:300])
            sys.exit(1 if bad else 0)
            """
        let (status, text) = try Python.run(script, Self.schema, directory.path)
        #expect(status == 0, "\(outputs.count) outputs against the schema:\n\(text)")
    }

    /// The schema is not vacuous: a result missing what its status promises, or with an unknown
    /// field, fails it.
    @Test(.enabled(if: validatorAvailable || Python.required, "needs Python's jsonschema"))
    func theSchemaRejectsBrokenResults() throws {
        let broken = [
            #"{"schema": "berth-result/1", "command": "solve", "status": "infeasible", "interrupted": false}"#,
            #"{"schema": "berth-result/1", "command": "solve", "status": "optimal", "interrupted": false}"#,
            #"{"schema": "berth-result/1", "command": "solve", "status": "error", "interrupted": false, "message": "x", "surprise": 1}"#,
            #"{"schema": "berth-result/2", "command": "solve", "status": "error", "interrupted": false, "message": "x"}"#,
        ]
        for document in broken {
            let (status, _) = try Python.run(
                "import json,sys,jsonschema; jsonschema.validate(json.loads(sys.argv[2]), json.load(open(sys.argv[1])))", Self.schema, document)
            #expect(status != 0, "accepted: \(document)")
        }
    }
}
