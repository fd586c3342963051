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

/// Keeping processes away from their initial machines (`RoadefSolver.Effort.keptAway`).
extension RoadefReachTests {
    /// Machine 0 has no safety capacity: everything on it costs load. Machines 1 and 2 have room
    /// below their safety capacities.
    static func overloadedModel() -> (RoadefModel, [Int]) {
        let machine = { (capacity: [Int], safety: [Int]) in
            RoadefModel.Machine(neighborhood: 0, location: 0, capacity: capacity, safetyCapacity: safety, moveCosts: [0, 0, 0])
        }
        let model = RoadefSolverTests.twoResourceModel(
            machines: [machine([20, 20], [0, 0]), machine([20, 20], [6, 4]), machine([20, 20], [20, 20])],
            services: Array(repeating: RoadefModel.Service(spreadMin: 0, dependencies: []), count: 4),
            processes: [[3, 1], [2, 4], [1, 1], [2, 2]].enumerated().map { RoadefModel.Process(service: $0, requirements: $1, moveCost: 1) })
        return (model, [0, 0, 1, 2])
    }

    @Test("hand-checked: the heaviest processes at home on machines without safety capacity, and a reach without one machine")
    func withoutSafetyAndExcluding() throws {
        let (model, initial) = Self.overloadedModel()
        let state = RoadefState(model: model, initial: initial)
        // Process 0 weighs 10·3 + 3·1 = 33, process 1 10·2 + 3·4 = 32; machine 1 has a safety capacity.
        #expect(state.heaviestOnMachinesWithoutSafety(count: 3) { _ in true } == [0, 1])
        #expect(state.heaviestOnMachinesWithoutSafety(count: 1) { _ in true } == [0])
        #expect(state.heaviestOnMachinesWithoutSafety(count: 3) { $0 != 0 } == [1])
        // Away from home: not counted. Machine 1, now over its safety capacity, is still not one to empty.
        let moved = RoadefState(model: model, initial: initial, assignment: [0, 1, 1, 2])
        #expect(moved.excess(1, 1) > 0)
        #expect(moved.heaviestOnMachinesWithoutSafety(count: 3) { _ in true } == [0])

        let reach = try #require(RoadefReach(state))
        let without = reach.excluding(0, for: 1)
        #expect(!without.allows(1, on: 0) && reach.allows(1, on: 0))
        #expect((0..<without.count(1)).map { without.machine(1, $0) } == [1, 2])
        for p in [0, 2, 3] {
            #expect((0..<without.count(p)).map { without.machine(p, $0) } == (0..<reach.count(p)).map { reach.machine(p, $0) })
            #expect((0..<3).allSatisfy { without.allows(p, on: $0) == reach.allows(p, on: $0) })
        }
        let twice = without.excluding(0, for: 1)
        #expect((0..<twice.count(1)).map { twice.machine(1, $0) } == [1, 2])
    }

    @Test("a walk keeping a process away never sends it back to its initial machine once it has left; a free walk does")
    func keptAwayNeverReturns() throws {
        let (model, initial) = Self.overloadedModel()
        let state = RoadefState(model: model, initial: initial)
        func walk(keepingAway: [Int]) throws -> (left: Bool, returned: Bool) {
            var search = RoadefSearch(
                state: state, seed: 5, deadline: ContinuousClock.now.advanced(by: .seconds(600)), reach: RoadefReach(state), keepingAway: keepingAway)
            search.homeShare = 512
            let worsening = search.medianWorsening()
            let median = try #require(worsening)
            var left = false, returned = false
            for _ in 0..<400 {
                search.anneal(steps: 50, cooling: .init(start: median * 100, end: median * 100)) { _ in 0 }
                if search.state.machineOf[0] != 0 { left = true } else if left { returned = true }
            }
            #expect(search.state.isFeasible())
            RoadefSolverTests.expectExact(search.state, "after the walk")
            return (left, returned)
        }
        let free = try walk(keepingAway: [])
        #expect(free.left && free.returned)
        let away = try walk(keepingAway: [0])
        #expect(away.left && !away.returned)
    }

    @Test("the solver keeps the heaviest processes on machines without safety capacity away, with one search or several")
    func solverKeepsAway() {
        let (model, initial) = Self.overloadedModel()
        var effort = RoadefSolverTests.smallEffort
        effort.polishingFrom = 0.5
        let two = RoadefSolver(seed: 3, timeLimit: 30, maxRounds: 2, searches: 2, effort: effort).solve(model, initial: initial)
        #expect(two.keptAway == [0, 1])
        #expect(two.cost < two.initialCost)
        effort.keptAway = 1
        #expect(RoadefSolver(seed: 3, timeLimit: 30, maxRounds: 2, searches: 2, effort: effort).solve(model, initial: initial).keptAway == [0])
        #expect(RoadefSolver(seed: 3, timeLimit: 30, maxRounds: 2, searches: 1, effort: effort).solve(model, initial: initial).keptAway == [0])
        effort.keptAway = 0
        #expect(RoadefSolver(seed: 3, timeLimit: 30, maxRounds: 2, searches: 2, effort: effort).solve(model, initial: initial).keptAway == [])
        effort.keptAway = 3
        effort.drawsWithinReach = false
        #expect(RoadefSolver(seed: 3, timeLimit: 30, maxRounds: 2, searches: 2, effort: effort).solve(model, initial: initial).keptAway == [])
    }
}
