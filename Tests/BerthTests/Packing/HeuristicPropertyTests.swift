@testable import Berth
import Testing

/// Every heuristic on random constrained instances: what it returns passes the checker, and it
/// never places an instance that brute force (hence the MIP) proves infeasible.
@Suite struct HeuristicPropertyTests {
    static let seeds: [UInt64] = Array(1...500)

    @Test("every complete heuristic placement passes the checker; none exists when brute force finds none", arguments: seeds)
    func heuristicsAreCheckedAndHonest(seed: UInt64) throws {
        let objective = Objective.allCases[Int(seed % 3)]
        let instance = RandomInstances.make(seed: seed &+ 50_000, objective: objective)
        guard InstanceValidation.issues(in: instance).isEmpty else { return }
        let feasible = BruteForce.optimum(instance) != nil
        let context = PackingContext(problem: PlacementProblem(instance), objective: objective)
        var rejected: [String] = []
        for packer in VectorPacker.all {
            var state = context.emptyState()
            guard packer.pack(context, &state, preferCurrentHost: objective != .minHosts) else { continue }
            if !PlacementChecker.check(instance, state.placement).isEmpty { rejected.append(packer.description) }
            else { #expect(feasible, "seed \(seed): \(packer) placed an infeasible instance") }
        }
        if let repaired = RepairPacker(context: context).repairedIfComplete() {
            if PlacementChecker.check(instance, repaired.placement).isEmpty { #expect(feasible, "seed \(seed): repair") }
            else { rejected.append("repair") }
        }
        #expect(rejected.isEmpty, "seed \(seed) \(objective): complete but rejected by the checker: \(rejected)")

        // The solver in heuristic mode: success only when feasible, never labelled optimal.
        let outcome = try PlacementSolver(options: PlacementOptions(mode: .heuristic)).solve(instance)
        if case .placed(let result) = outcome {
            #expect(feasible, "seed \(seed)")
            #expect(PlacementChecker.check(instance, result.placement).isEmpty)
            if result.source == .heuristic {
                #expect(!result.isOptimal)
                #expect(result.bestBound != nil && result.gap != nil)
            }
        }
    }
}

