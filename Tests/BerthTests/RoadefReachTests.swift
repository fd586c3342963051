@testable import Berth
import Testing

/// `RoadefReach`: the machines a process can ever occupy. Never too strict (every feasible
/// assignment keeps each process within reach), strict where transient resources make it so, and
/// the searches draw within it.
@Suite struct RoadefReachTests {
    @Test("on tiny random instances every feasible assignment keeps each process within its reach, and reach excludes some pairs")
    func neverTooStrict() throws {
        var excluded = 0
        for seed in 0..<40 {
            let (model, initial) = RoadefSolverTests.tinyInstance(seed: UInt64(seed) &+ 5000)
            let reach = try #require(RoadefReach(RoadefState(model: model, initial: initial)))
            let P = initial.count, M = model.machines.count
            for p in 0..<P {
                #expect(reach.allows(p, on: initial[p]))
                let listed = (0..<reach.count(p)).map { reach.machine(p, $0) }
                #expect(listed == (0..<M).filter { reach.allows(p, on: $0) }, "seed \(seed), process \(p)")
                excluded += M - listed.count
            }
            for assignment in RoadefSolverTests.everyAssignment(processes: P, machines: M) {
                guard RoadefState(model: model, initial: initial, assignment: assignment).isFeasible() else { continue }
                for p in 0..<P { #expect(reach.allows(p, on: assignment[p]), "seed \(seed), \(assignment): process \(p)") }
            }
        }
        #expect(excluded > 0)
    }

    /// Machine 1 starts with a process holding 8 of its 10 transient units: a newcomer needing 3
    /// can never go there, even once that process has left (its copy stays held), one needing 2 can.
    /// Machine 2 has 4 units of the other resource: a process needing 5 of it can never go there.
    @Test("hand-checked: transient amounts held by a machine's own processes and raw capacity bound the reach")
    func handChecked() throws {
        let machine = { (capacity: [Int]) in
            RoadefModel.Machine(neighborhood: 0, location: 0, capacity: capacity, safetyCapacity: capacity, moveCosts: [0, 0, 0])
        }
        let model = RoadefSolverTests.twoResourceModel(
            machines: [machine([20, 20]), machine([10, 20]), machine([20, 4])],
            services: Array(repeating: RoadefModel.Service(spreadMin: 0, dependencies: []), count: 4),
            processes: [[3, 1], [2, 1], [8, 1], [1, 5]].enumerated().map { RoadefModel.Process(service: $0, requirements: $1, moveCost: 1) })
        let reach = try #require(RoadefReach(RoadefState(model: model, initial: [0, 0, 1, 0])))
        #expect((0..<reach.count(0)).map { reach.machine(0, $0) } == [0, 2])
        #expect((0..<reach.count(1)).map { reach.machine(1, $0) } == [0, 1, 2])
        #expect((0..<reach.count(2)).map { reach.machine(2, $0) } == [0, 1, 2])
        #expect((0..<reach.count(3)).map { reach.machine(3, $0) } == [0, 1])
        #expect(RoadefReach(RoadefState(model: model, initial: [0, 0, 1, 0]), maxPairs: 11) == nil)
    }

    @Test("an annealing drawing within reach never moves a process that can reach only its initial machine, and stays exact")
    func fixedProcessesStay() throws {
        let loaded = try RoadefSolverTests.load("a1_4")
        let state = RoadefState(model: loaded.model, initial: loaded.initial)
        let reach = try #require(RoadefReach(state))
        let fixed = (0..<state.processCount).filter { reach.count($0) == 1 }
        #expect(!fixed.isEmpty)  // a1_4 has one such process
        var search = RoadefSearch(state: state, seed: 3, deadline: ContinuousClock.now.advanced(by: .seconds(600)), reach: reach)
        search.homeShare = 512
        let worsening = search.medianWorsening()
        let median = try #require(worsening)
        search.anneal(steps: 200_000, cooling: .init(start: median * 100, end: median / 1000)) { Double($0) / 200_000 }
        #expect(search.bestCost < state.cost)
        for p in fixed { #expect(search.state.machineOf[p] == loaded.initial[p]) }
        for p in 0..<state.processCount { #expect(reach.allows(p, on: search.state.machineOf[p])) }
        #expect(search.state.isFeasible())
        RoadefSolverTests.expectJudged(loaded.instance, search.best, cost: search.bestCost)
    }
}

extension RoadefReachTests {
    /// Every machine is full with its own processes' transient amounts: nothing can ever move.
    @Test("the solver returns the initial assignment, without drawing from an empty list, when no process can ever move")
    func nothingCanMove() throws {
        let machine = { (capacity: [Int]) in
            RoadefModel.Machine(neighborhood: 0, location: 0, capacity: capacity, safetyCapacity: [0, 0], moveCosts: [0, 0])
        }
        let model = RoadefSolverTests.twoResourceModel(
            machines: [machine([5, 9]), machine([4, 9])],
            services: Array(repeating: RoadefModel.Service(spreadMin: 0, dependencies: []), count: 3),
            processes: [[3, 1], [2, 1], [4, 1]].enumerated().map { RoadefModel.Process(service: $0, requirements: $1, moveCost: 1) })
        let initial = [0, 0, 1]
        let reach = try #require(RoadefReach(RoadefState(model: model, initial: initial)))
        #expect((0..<3).allSatisfy { reach.count($0) == 1 })
        var effort = RoadefSolverTests.smallEffort
        effort.splitAnnealing = 0.5
        let result = RoadefSolver(seed: 1, timeLimit: 30, maxRounds: 2, effort: effort).solve(model, initial: initial)
        #expect(result.assignment == initial)
        #expect(result.cost == result.initialCost)
    }
}
