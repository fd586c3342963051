@testable import Berth
import Foundation
import Testing

/// ROADEF/EURO 2012 import, evaluation and export on shipped dataset-A fixtures (Fixtures/SOURCES.md).
/// Expected values: `known_values.csv` (initial costs) and the reference solutions' checked costs,
/// which `mrp_eval.py` reproduces.
@Suite struct RoadefTests {
    static func fixture(_ name: String) -> String { Fixtures.root.appendingPathComponent("Tests/BerthTests/Fixtures/roadef/\(name)").path }

    static func evaluate(_ name: String, solution: String? = nil) throws -> RoadefCost {
        let loaded = try RoadefImport.load(modelPath: fixture("model_\(name).txt"), assignmentPath: fixture("assignment_\(name).txt"))
        let machines = try solution.map { try loaded.model.assignment(text: try RoadefImport.text(fixture($0)), file: $0) } ?? loaded.initial
        return RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(machines, in: loaded.instance))
    }

    @Test("a1_1: initial assignment and the optimal reference solution, to the unit")
    func a1_1() throws {
        let initial = try Self.evaluate("a1_1")
        #expect(initial.isFeasible)
        #expect(initial.total == 49_528_750)
        #expect(initial.load == 36_234_090 && initial.balance == 13_294_660)
        let best = try Self.evaluate("a1_1", solution: "solution_a1_1_cost44306501.txt")
        #expect(best.isFeasible, "\(best.violations)")
        #expect(best.total == 44_306_501)
        // mrp_eval.py: load 31011730, balance 13294660, processMove 1, serviceMove 1, machineMove 1 (weights 1, 10, 100).
        #expect(best.load == 31_011_730 && best.balance == 13_294_660)
        #expect(best.processMove == 1 && best.serviceMove == 10 && best.machineMove == 100)
    }

    @Test("a1_4 (1,000 processes): initial assignment and a reference solution, to the unit")
    func a1_4() throws {
        let initial = try Self.evaluate("a1_4")
        #expect(initial.isFeasible)
        #expect(initial.total == 632_499_600)
        let reference = try Self.evaluate("a1_4", solution: "solution_a1_4_cost249988764.txt")
        #expect(reference.isFeasible, "\(reference.violations.prefix(3))")
        #expect(reference.total == 249_988_764)
        #expect(reference.load == 7_488_630 && reference.balance == 242_390_540)
        #expect(reference.processMove == 544 && reference.serviceMove == 250 && reference.machineMove == 108_800)
    }

    @Test("the placement MIP (GLPK) on the imported rules proves a1_1's optimum, 44,306,501")
    func mipSolvesA1_1() throws {
        var instance = try RoadefImport.load(modelPath: Self.fixture("model_a1_1.txt"), assignmentPath: Self.fixture("assignment_a1_1.txt")).instance
        instance.timeLimit = 30
        let result = try #require(try Fixtures.solved(instance))
        #expect(result.isOptimal)
        let cost = RoadefEvaluator.evaluate(instance, result.placement)
        #expect(cost.isFeasible, "\(cost.violations.prefix(3))")
        #expect(cost.total == 44_306_501)
        // minCost: the MIP's objective is the challenge's, its tie-breakers under 10⁻³ in all.
        #expect(result.objective == .minCost)
        #expect(abs(result.objectiveValue - 44_306_501) < 1e-3)
    }

    @Test("the imported instance is valid, round-trips through JSON, and exports back to the solution file")
    func roundTrip() throws {
        let loaded = try RoadefImport.load(modelPath: Self.fixture("model_a1_1.txt"), assignmentPath: Self.fixture("assignment_a1_1.txt"))
        let instance = loaded.instance
        #expect(instance.cluster.hosts.count == 4 && instance.cluster.vms.count == 100 && instance.cluster.resources == ["r0", "r1"])
        #expect(instance.cluster.hosts[1].attributes == ["location": "3", "neighborhood": "0"])
        #expect(instance.cluster.vms[0].tags == ["service:s10"])
        #expect(InstanceValidation.issues(in: instance).isEmpty)
        #expect(instance.objective == .minCost)
        let decoded = try InstanceCodec.decodeInstance(try InstanceCodec.encode(instance))
        #expect(decoded == instance)
        let text = try RoadefImport.text(Self.fixture("solution_a1_1_cost44306501.txt"))
        let machines = try loaded.model.assignment(text: text)
        let exported = try RoadefImport.solution(RoadefImport.placement(machines, in: decoded), in: decoded)
        #expect(exported.split(whereSeparator: \.isWhitespace) == text.split(whereSeparator: \.isWhitespace))
        #expect(RoadefEvaluator.evaluate(decoded, RoadefImport.placement(machines, in: decoded)).total == 44_306_501)
    }

    @Test("a conflict, a spread and a capacity break are reported as violations (a1_1 has no transient resource)")
    func infeasibleAssignments() throws {
        let loaded = try RoadefImport.load(modelPath: Self.fixture("model_a1_1.txt"), assignmentPath: Self.fixture("assignment_a1_1.txt"))
        // Every process on machine 0: over capacity, services with two processes collide, spreadMin 3 fails.
        let crowded = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(Array(repeating: 0, count: 100), in: loaded.instance))
        let kinds = Set(crowded.violations.map(\.kind))
        #expect(kinds == ["capacity", "spread", "spreadOver"], "\(kinds)")
    }

    @Test("bad files are refused with the file and the line", arguments: [
        ("2\n0 10\n0 x\n", "line 3", "load-cost weight of resource 1"),
        ("2\n0 10\n0 10\n", "line 3", "the number of machines"),
        ("1\n2 10\n", "line 2", "transient flag"),
        ("1\n0 10\n1\n0 0 5 5 3\n", "line 4", "the cost of staying on machine 0 must be 0"),
    ])
    func badModel(_ text: String, _ line: String, _ fragment: String) {
        do {
            _ = try RoadefModel(text: text, file: "model.txt")
            Issue.record("accepted a bad model")
        } catch {
            #expect(error.file == "model.txt")
            #expect(error.issues.first?.path == line, "\(error)")
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func badAssignment() throws {
        let model = try RoadefModel(text: try RoadefImport.text(Self.fixture("model_a1_1.txt")))
        #expect(throws: InputError.self) { try model.assignment(text: "0 1 2") }
        do {
            _ = try model.assignment(text: String(repeating: "0 ", count: 99) + "\n4\n", file: "a.txt")
            Issue.record("accepted machine 4 of 4")
        } catch {
            #expect(error.description == "a.txt: at line 2: the machine of process 99 (the model has 100 processes) must be below 4, found 4")
        }
        do {
            _ = try model.assignment(text: String(repeating: "0 ", count: 100) + "\n\n7", file: "a.txt")
            Issue.record("accepted trailing values")
        } catch {
            #expect(error.issues.first?.path == "line 3")
        }
    }
}
