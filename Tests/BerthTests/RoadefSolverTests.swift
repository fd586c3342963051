@testable import Berth
import Testing

/// `RoadefSolver` on the shipped fixtures: feasible, improving, deterministic for a seed and a step
/// budget, and its incremental cost equals `RoadefEvaluator`'s judgement on the general rules.
@Suite struct RoadefSolverTests {
    static func load(_ name: String) throws -> (model: RoadefModel, initial: [Int], instance: Instance) {
        try RoadefImport.load(modelPath: RoadefTests.fixture("model_\(name).txt"), assignmentPath: RoadefTests.fixture("assignment_\(name).txt"))
    }

    @Test("local search: improves, stays feasible, and its cost is the evaluator's", arguments: ["a1_1", "a1_4"])
    func improvesAndAgrees(_ name: String) throws {
        let loaded = try Self.load(name)
        let solver = RoadefSolver(seed: 7, timeLimit: 60, maxSteps: 20_000)
        let result = solver.solve(loaded.model, initial: loaded.initial)
        let judged = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(result.assignment, in: loaded.instance))
        #expect(judged.isFeasible, "\(judged.violations.prefix(3))")
        #expect(Int64(judged.total) == result.cost)
        #expect(result.initialCost == Int64(RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(loaded.initial, in: loaded.instance)).total))
        #expect(result.cost < result.initialCost)
        let again = solver.solve(loaded.model, initial: loaded.initial)
        #expect(again.assignment == result.assignment)
    }

    @Test("the incremental state's cost after random moves equals a fresh evaluation")
    func incrementalCostIsExact() throws {
        let loaded = try Self.load("a1_1")
        var state = RoadefState(model: loaded.model, initial: loaded.initial)
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 {
            state.move(Int(random.next() % 100), to: Int(random.next() % 4))
        }
        let fresh = RoadefState(model: loaded.model, initial: loaded.initial, assignment: state.machineOf)
        let judged = RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(state.machineOf, in: loaded.instance))
        #expect(state.cost == fresh.cost)
        #expect(state.cost == Int64(judged.total))
    }
}
