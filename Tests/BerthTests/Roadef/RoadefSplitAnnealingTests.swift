@testable import Berth
import Testing

/// The split annealing of `RoadefSolver`: searches anneal within disjoint random parts of the
/// machines at the same time and their moves are merged; what breaks spread or dependencies across
/// the parts goes back.
@Suite struct RoadefSplitAnnealingTests {
    /// Six machines in two locations (m0, m1, m4 and m2, m3, m5), one neighbourhood, one resource
    /// with room for everything. Service 0 (spread over at least 2 locations) has processes 0, 1
    /// and 2 on m0, m1 and m3; service 1 has process 3 on m3.
    static func twoLocations() -> (RoadefModel, [Int]) {
        let locations = [0, 0, 1, 1, 0, 1]
        let machines = locations.enumerated().map { m, location in
            RoadefModel.Machine(
                neighborhood: 0, location: location, capacity: [100], safetyCapacity: [100],
                moveCosts: locations.indices.map { $0 == m ? 0 : 1 })
        }
        let model = RoadefModel(
            resources: [RoadefModel.Resource(isTransient: false, loadCostWeight: 1)], machines: machines,
            services: [RoadefModel.Service(spreadMin: 2, dependencies: []), RoadefModel.Service(spreadMin: 1, dependencies: [])],
            processes: [0, 0, 0, 1].map { RoadefModel.Process(service: $0, requirements: [1], moveCost: 1) },
            balances: [], processMoveWeight: 1, serviceMoveWeight: 1, machineMoveWeight: 1)
        return (model, [0, 1, 3, 3])
    }

    @Test("a merge takes over the other part's moves, and sends back only those of a service whose spread it breaks")
    func absorbSendsBackWhatBreaksSpread() {
        let (model, initial) = Self.twoLocations()
        let start = RoadefState(model: model, initial: initial)
        #expect(start.isFeasible())
        // Part {m0, m2, m4}: process 0 goes to location 1; service 0 still spans both locations.
        var lead = RoadefSearch(state: start, seed: 1, deadline: ContinuousClock.now.advanced(by: .seconds(60)))
        var mine = start
        mine.move(0, to: 2)
        lead.resume(from: mine)
        // Part {m1, m3, m5}: process 1 goes to location 1 too (fine as that part sees it, with
        // process 0 still on m0), and process 3 moves on.
        var other = start
        other.move(1, to: 5)
        other.move(3, to: 1)
        #expect(mine.isFeasible() && other.isFeasible())
        #expect(lead.absorb(other, processes: [1, 3]) == 1)
        #expect(lead.state.machineOf == [2, 1, 3, 1])
        #expect(lead.state.isFeasible())
        RoadefSolverTests.expectJudged(RoadefImport.instance(model, initial: initial), lead.state.machineOf, cost: lead.state.cost)
        // Without the spread minimum the whole part is taken over.
        var loose = model
        loose.services[0].spreadMin = 1
        var free = RoadefSearch(state: RoadefState(model: loose, initial: initial, assignment: [2, 1, 3, 3]), seed: 1, deadline: ContinuousClock.now.advanced(by: .seconds(60)))
        #expect(free.absorb(RoadefState(model: loose, initial: initial, assignment: [0, 5, 3, 1]), processes: [1, 3]) == 2)
        #expect(free.state.machineOf == [2, 5, 3, 1])
    }

    @Test("the parts' draws: below(n) stays in 0..<n and covers it, shuffle permutes, the same way for a seed")
    func drawsAreUniformAndRepeatable() {
        var random = SplitMix64(seed: 11)
        var seen = Array(repeating: 0, count: 7)
        for _ in 0..<7_000 { seen[random.below(7)] += 1 }
        #expect(seen.allSatisfy { (800..<1_200).contains($0) }, "\(seen)")
        var first = Array(0..<50), second = Array(0..<50)
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        a.shuffle(&first)
        b.shuffle(&second)
        #expect(first == second && first != Array(0..<50) && first.sorted() == Array(0..<50))
    }

    static var splitEffort: RoadefSolver.Effort {
        var effort = RoadefSolverTests.smallEffort
        effort.splitAnnealing = 1
        effort.annealingSteps = 40_000
        effort.epochSteps = 2_000
        effort.annealStart = 1_000  // hot: many moves, many merges that break something
        return effort
    }

    /// 16 machines in 8 locations (two machines each) and 4 neighbourhoods (two locations each),
    /// 36 processes of 6 services, two resources (the first transient): spread minimums at the
    /// services' initial spread or one below, and every dependency the initial assignment allows.
    static func spreadInstance(seed: UInt64) -> (RoadefModel, [Int]) {
        var random = SplitMix64(seed: seed)
        func uniform(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let M = 16, S = 6, P = 36
        let service = (0..<P).map { $0 % S }
        var initial = Array(repeating: 0, count: P)
        for s in 0..<S {
            let first = uniform(M)
            for (i, p) in (0..<P).filter({ service[$0] == s }).enumerated() { initial[p] = (first + 3 * i) % M }
        }
        let requirements = (0..<P).map { _ in [1 + uniform(5), 1 + uniform(5)] }
        var usage = Array(repeating: [0, 0], count: M)
        for p in 0..<P { for r in 0..<2 { usage[initial[p]][r] += requirements[p][r] } }
        let machines = (0..<M).map { m in
            RoadefModel.Machine(
                neighborhood: m / 4, location: m / 2, capacity: (0..<2).map { usage[m][$0] + 3 + uniform(6) },
                safetyCapacity: (0..<2).map { max(0, usage[m][$0] - 2 + uniform(4)) },
                moveCosts: (0..<M).map { $0 == m ? 0 : 1 + uniform(3) })
        }
        func located(_ s: Int) -> Set<Int> { Set((0..<P).filter { service[$0] == s }.map { machines[initial[$0]].location }) }
        func neighbourhoods(_ s: Int) -> Set<Int> { Set((0..<P).filter { service[$0] == s }.map { machines[initial[$0]].neighborhood }) }
        let services = (0..<S).map { s in
            RoadefModel.Service(
                spreadMin: located(s).count - uniform(2),
                dependencies: (0..<S).filter { $0 != s && neighbourhoods(s).isSubset(of: neighbourhoods($0)) })
        }
        let processes = (0..<P).map { RoadefModel.Process(service: service[$0], requirements: requirements[$0], moveCost: 1 + uniform(4)) }
        return (RoadefSolverTests.twoResourceModel(machines: machines, services: services, processes: processes), initial)
    }

    @Test("split annealing on tight spread, dependencies and transient copies: merges cut parts, the result stays feasible, exact, repeatable")
    func splitStaysFeasibleAndExact() {
        var cut = 0
        for seed in UInt64(0)..<8 {
            let (model, initial) = Self.spreadInstance(seed: seed)
            #expect(RoadefState(model: model, initial: initial).isFeasible())
            let solver = RoadefSolver(seed: seed, timeLimit: 120, maxRounds: 2, searches: 2, effort: Self.splitEffort)
            let result = solver.solve(model, initial: initial)
            let judged = RoadefState(model: model, initial: initial, assignment: result.assignment)
            #expect(judged.isFeasible())
            #expect(judged.cost == result.cost)
            #expect(result.cost <= result.initialCost)
            #expect(solver.solve(model, initial: initial).assignment == result.assignment)
            cut += result.partsCut
        }
        #expect(cut > 0)  // the instances are tight enough for merges to break spread or dependencies
    }

    @Test("split annealing on a1_4 (transient resource, spread, dependencies), alone or handing over to polishing: improves, agrees with the evaluator, repeatable")
    func splitOnA14() throws {
        let loaded = try RoadefSolverTests.load("a1_4")
        var effort = RoadefSolverTests.smallEffort
        effort.splitAnnealing = 1
        effort.epochSteps = 5_000
        let solver = RoadefSolver(seed: 5, timeLimit: 120, maxRounds: 2, searches: 2, effort: effort)
        let result = solver.solve(loaded.model, initial: loaded.initial)
        #expect(result.cost < result.initialCost)
        RoadefSolverTests.expectJudged(loaded.instance, result.assignment, cost: result.cost)
        #expect(solver.solve(loaded.model, initial: loaded.initial).assignment == result.assignment)
        // Split for the first of three rounds, then annealing ‖ polishing from where it left off.
        effort.splitAnnealing = 0.3
        let mixed = RoadefSolver(seed: 5, timeLimit: 120, maxRounds: 3, searches: 2, effort: effort)
        let handedOver = mixed.solve(loaded.model, initial: loaded.initial)
        #expect(handedOver.rounds == 3 && handedOver.cost < handedOver.initialCost)
        #expect(handedOver.neighbourhoodsSolved > 0)
        RoadefSolverTests.expectJudged(loaded.instance, handedOver.assignment, cost: handedOver.cost)
        #expect(mixed.solve(loaded.model, initial: loaded.initial).assignment == handedOver.assignment)
    }
}
