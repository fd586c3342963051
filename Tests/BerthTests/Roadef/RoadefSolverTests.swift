@testable import Berth
import Testing

/// `RoadefSolver` and its parts on the shipped fixtures and on tiny random instances: feasible,
/// improving, deterministic for a seed and a round budget; the incremental move prices equal a
/// re-evaluation; the GLPK neighbourhood reaches the brute-force optimum.
@Suite struct RoadefSolverTests {
    static func load(_ name: String) throws -> (model: RoadefModel, initial: [Int], instance: Instance) {
        try RoadefImport.load(modelPath: RoadefTests.fixture("model_\(name).txt"), assignmentPath: RoadefTests.fixture("assignment_\(name).txt"))
    }

    static var smallEffort: RoadefSolver.Effort {
        var effort = RoadefSolver.Effort()
        effort.descentPasses = 1
        effort.annealingSteps = 20_000
        effort.lateAcceptanceSteps = 20_000
        effort.ejectionChains = 3
        effort.history = 500
        effort.neighbourhoods = 6
        effort.neighbourhoodMachines = 4
        effort.neighbourhoodProcesses = 30
        effort.neighbourhoodSeconds = 5
        // Small enough for GLPK to finish well within its limit: the results stay repeatable.
        effort.reliefMachines = 3
        effort.reliefProcesses = 20
        effort.reliefSeconds = 5
        effort.polishingFrom = 0
        return effort
    }

    @Test("solver: improves, stays feasible, its cost is the evaluator's, same seed and rounds give the same result")
    func improvesAndAgrees() throws {
        let loaded = try Self.load("a1_1")
        let solver = RoadefSolver(seed: 7, timeLimit: 120, maxRounds: 2, effort: Self.smallEffort)
        let result = solver.solve(loaded.model, initial: loaded.initial)
        Self.expectJudged(loaded.instance, result.assignment, cost: result.cost)
        #expect(result.initialCost == Int64(RoadefEvaluator.evaluate(loaded.instance, RoadefImport.placement(loaded.initial, in: loaded.instance)).total))
        #expect(result.cost < result.initialCost)
        #expect(result.rounds == 2)
        let again = solver.solve(loaded.model, initial: loaded.initial)
        #expect(again.assignment == result.assignment)
    }

    @Test("with transient resources (moves home) the solver is exact and deterministic for a round budget; under a time limit alone it stays feasible")
    func transientSolve() throws {
        let loaded = try Self.load("a1_4")
        let rounds = RoadefSolver(seed: 3, timeLimit: 120, maxRounds: 2, effort: Self.smallEffort)
        let first = rounds.solve(loaded.model, initial: loaded.initial)
        #expect(first.cost < first.initialCost)
        Self.expectJudged(loaded.instance, first.assignment, cost: first.cost)
        #expect(rounds.solve(loaded.model, initial: loaded.initial).assignment == first.assignment)
        // No round budget: the annealing follows the clock and the polishing search fills its rounds.
        let timed = RoadefSolver(seed: 3, timeLimit: 1.5, effort: Self.smallEffort).solve(loaded.model, initial: loaded.initial)
        #expect(timed.rounds >= 1)
        #expect(timed.cost < timed.initialCost)
        Self.expectJudged(loaded.instance, timed.assignment, cost: timed.cost)
    }

    @Test("both searches anneal until polishingFrom, then one polishes the best: exact, repeatable, no GLPK neighbourhood before")
    func polishingStartsLate() throws {
        let loaded = try Self.load("a1_4")
        var effort = Self.smallEffort
        effort.polishingFrom = 1
        let annealingOnly = RoadefSolver(seed: 4, timeLimit: 120, maxRounds: 3, searches: 2, effort: effort).solve(loaded.model, initial: loaded.initial)
        #expect(annealingOnly.neighbourhoodsSolved == 0)
        #expect(annealingOnly.gainedBy.polishing == 0)
        Self.expectGainsAddUp(annealingOnly)
        #expect(annealingOnly.cost < annealingOnly.initialCost)
        Self.expectJudged(loaded.instance, annealingOnly.assignment, cost: annealingOnly.cost)
        // Rounds 1 and 2 of 3 (progress 0 and 1/3) anneal on both cores, round 3 (2/3) polishes.
        effort.polishingFrom = 0.5
        let solver = RoadefSolver(seed: 4, timeLimit: 120, maxRounds: 3, searches: 2, effort: effort)
        let handedOver = solver.solve(loaded.model, initial: loaded.initial)
        #expect(handedOver.neighbourhoodsSolved == effort.neighbourhoods)
        Self.expectJudged(loaded.instance, handedOver.assignment, cost: handedOver.cost)
        #expect(solver.solve(loaded.model, initial: loaded.initial).assignment == handedOver.assignment)
    }

    /// The gains of each kind of search add up to the whole improvement and none is negative.
    static func expectGainsAddUp(_ result: RoadefSolver.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        let g = result.gainedBy
        #expect(g.descent + g.annealing + g.reheated + g.polishing == result.initialCost - result.cost, sourceLocation: sourceLocation)
        #expect([g.descent, g.annealing, g.reheated, g.polishing].allSatisfy { $0 >= 0 }, sourceLocation: sourceLocation)
    }

    @Test("at reheatFrom, once polishing has begun, the walk that goes on annealing restarts from the best, reheated: exact, repeatable; not without reheat, a handover, or before reheatFrom")
    func reheatAfterHandover() throws {
        let loaded = try Self.load("a1_4")
        var effort = Self.smallEffort
        // Rounds 1–4 of 4 start at progress 0, 1/4, 1/2, 3/4: polishing from round 2, the reheat in round 3.
        effort.polishingFrom = 0.25
        effort.reheatFrom = 0.5
        let solver = RoadefSolver(seed: 8, timeLimit: 120, maxRounds: 4, searches: 2, effort: effort)
        let reheated = solver.solve(loaded.model, initial: loaded.initial)
        #expect(reheated.reheatedWalks == 1)
        Self.expectGainsAddUp(reheated)
        #expect(reheated.gainedBy.descent > 0)
        #expect(reheated.cost < reheated.initialCost)
        Self.expectJudged(loaded.instance, reheated.assignment, cost: reheated.cost)
        #expect(solver.solve(loaded.model, initial: loaded.initial).assignment == reheated.assignment)

        // After the last round's start: polishing, but no reheat.
        effort.reheatFrom = 0.9
        let late = RoadefSolver(seed: 8, timeLimit: 120, maxRounds: 4, searches: 2, effort: effort).solve(loaded.model, initial: loaded.initial)
        #expect(late.reheatedWalks == 0)
        #expect(late.gainedBy.reheated == 0)
        #expect(late.neighbourhoodsSolved > 0)
        Self.expectGainsAddUp(late)

        // Before the handover: at the handover itself.
        effort.polishingFrom = 0.5
        effort.reheatFrom = 0
        let atHandover = RoadefSolver(seed: 8, timeLimit: 120, maxRounds: 3, searches: 2, effort: effort).solve(loaded.model, initial: loaded.initial)
        #expect(atHandover.reheatedWalks == 1)
        Self.expectGainsAddUp(atHandover)
        Self.expectJudged(loaded.instance, atHandover.assignment, cost: atHandover.cost)

        effort.reheat = nil
        let walkedOn = RoadefSolver(seed: 8, timeLimit: 120, maxRounds: 3, searches: 2, effort: effort).solve(loaded.model, initial: loaded.initial)
        #expect(walkedOn.reheatedWalks == 0)
        #expect(walkedOn.gainedBy.reheated == 0)
        Self.expectGainsAddUp(walkedOn)
        Self.expectJudged(loaded.instance, walkedOn.assignment, cost: walkedOn.cost)
        // Polishing from the start: no walk has cooled, none is reheated.
        effort.reheat = 3
        effort.polishingFrom = 0
        #expect(RoadefSolver(seed: 8, timeLimit: 120, maxRounds: 2, searches: 2, effort: effort).solve(loaded.model, initial: loaded.initial).reheatedWalks == 0)
    }

    @Test("a restarted search walks to the given assignment and takes it as its best only when it beats its own")
    func restartFromBest() throws {
        let loaded = try Self.load("a1_4")
        let initialCost = RoadefState(model: loaded.model, initial: loaded.initial).cost
        var search = RoadefSearch(state: RoadefState(model: loaded.model, initial: loaded.initial), seed: 1, deadline: .now.advanced(by: .seconds(60)))
        var other = RoadefSearch(state: RoadefState(model: loaded.model, initial: loaded.initial), seed: 2, deadline: .now.advanced(by: .seconds(60)))
        other.descend(passes: 1)
        try #require(other.bestCost < initialCost)
        // Better than its best (the initial assignment): the walk moves there and takes it as best.
        search.restart(from: other.best, cost: other.bestCost)
        #expect(search.state.machineOf == other.best)
        #expect(search.state.cost == other.bestCost)
        #expect(search.best == other.best)
        #expect(search.bestCost == other.bestCost)
        // Back to the initial assignment (costlier): the walk moves there, its best stays.
        search.restart(from: loaded.initial, cost: initialCost)
        #expect(search.state.machineOf == loaded.initial)
        #expect(search.state.cost == initialCost)
        #expect(search.best == other.best)
        #expect(search.bestCost == other.bestCost)
    }

    @Test("at the handover the walks furthest behind polish; among equal walks, the last ones")
    func walksBehindPolish() {
        #expect(RoadefSolver.furthestBehind([5, 9, 7], count: 1) == [1])
        #expect(RoadefSolver.furthestBehind([5, 9, 7], count: 2) == [1, 2])
        #expect(RoadefSolver.furthestBehind([9, 5], count: 1) == [0])
        #expect(RoadefSolver.furthestBehind([5, 5, 5], count: 1) == [2])
        #expect(RoadefSolver.furthestBehind([5, 9], count: 0) == [])
    }

    @Test("a warm start continues from an earlier result (move costs still from the initial assignment); one that is not a feasible assignment is ignored")
    func warmStart() throws {
        let loaded = try Self.load("a1_4")
        let earlier = RoadefSolver(seed: 5, timeLimit: 120, maxRounds: 2, effort: Self.smallEffort).solve(loaded.model, initial: loaded.initial)
        #expect(!earlier.warmStarted)
        // With no work to do, the result is the warm start itself.
        var idle = Self.smallEffort
        idle.descentPasses = 0
        idle.polishingSearches = 2
        idle.lateAcceptanceSteps = 0
        idle.ejectionChains = 0
        idle.neighbourhoods = 0
        let kept = RoadefSolver(seed: 6, timeLimit: 120, maxRounds: 1, searches: 2, effort: idle)
            .solve(loaded.model, initial: loaded.initial, warmStart: earlier.assignment)
        #expect(kept.warmStarted)
        #expect(kept.assignment == earlier.assignment)
        #expect(kept.cost == earlier.cost)
        // Both searches polish from the start: no annealing walk can drift off the warm start.
        var effort = Self.smallEffort
        effort.polishingSearches = 2
        let polisher = RoadefSolver(seed: 6, timeLimit: 120, maxRounds: 1, searches: 2, effort: effort)
        let continued = polisher.solve(loaded.model, initial: loaded.initial, warmStart: earlier.assignment)
        #expect(continued.warmStarted)
        #expect(continued.initialCost == earlier.initialCost)
        #expect(continued.cost <= earlier.cost)
        #expect(continued.neighbourhoodsSolved == 2 * effort.neighbourhoods)
        Self.expectJudged(loaded.instance, continued.assignment, cost: continued.cost)
        #expect(polisher.solve(loaded.model, initial: loaded.initial, warmStart: earlier.assignment).assignment == continued.assignment)

        let cold = polisher.solve(loaded.model, initial: loaded.initial)
        for bad in [Array(repeating: 0, count: loaded.initial.count), Array(loaded.initial.dropLast()), loaded.initial.map { _ in loaded.model.machines.count }] {
            let ignored = polisher.solve(loaded.model, initial: loaded.initial, warmStart: bad)
            #expect(!ignored.warmStarted)
            #expect(ignored.assignment == cold.assignment)
        }
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

    /// `RoadefEvaluator`, on the imported general rules, finds `assignment` feasible at `cost`.
    static func expectJudged(_ instance: Instance, _ assignment: [Int], cost: Int64, sourceLocation: SourceLocation = #_sourceLocation) {
        let judged = RoadefEvaluator.evaluate(instance, RoadefImport.placement(assignment, in: instance))
        #expect(judged.isFeasible, "\(judged.violations.prefix(3))", sourceLocation: sourceLocation)
        #expect(Int64(judged.total.rounded()) == cost, sourceLocation: sourceLocation)
    }

    /// `state`'s machine costs and total are those of a fresh state on its assignment.
    static func expectExact(_ state: RoadefState, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        let fresh = RoadefState(model: state.model, initial: state.initial, assignment: state.machineOf)
        #expect(state.machineCost == fresh.machineCost && state.cost == fresh.cost, comment, sourceLocation: sourceLocation)
    }

    /// Applies the moves to a copy and judges it from scratch: (feasible, cost change).
    static func judge(_ state: RoadefState, _ moves: [(Int, Int)]) -> (Bool, Int64) {
        var after = state.machineOf
        for (p, m) in moves { after[p] = m }
        let fresh = RoadefState(model: state.model, initial: state.initial, assignment: after)
        return (fresh.isFeasible(), fresh.cost - state.cost)
    }

    @Test("shift and swap prices and feasibility equal a fresh judgement, and moves made with their priced terms stay exact (a1_4: transient, spread, dependencies, balance)")
    func movePricesAreExact() throws {
        let loaded = try Self.load("a1_4")
        var state = RoadefState(model: loaded.model, initial: loaded.initial)
        var random = SplitMix64(seed: 11)
        let P = state.processCount, M = state.machineCount
        var feasibleShifts = 0, feasibleSwaps = 0
        for step in 0..<3_000 {
            let p = Int(random.next() % UInt64(P))
            if step % 2 == 0 {
                let m = Int(random.next() % UInt64(M))
                guard m != state.machineOf[p] else { continue }
                let (feasible, change) = Self.judge(state, [(p, m)])
                let price = state.shiftPrice(p, to: m)
                #expect(state.shiftDelta(p, to: m) == price?.delta)
                #expect((price != nil) == feasible, "shift \(p) → \(m)")
                if let price {
                    #expect(price.delta == change, "shift \(p) → \(m)")
                    #expect(price.terms != nil)
                    feasibleShifts += 1
                    let before = state.cost
                    // Made with the terms its pricing found, as the annealing makes it.
                    state.move(p, to: m, terms: price.terms)
                    #expect(state.cost == before + change, "shift \(p) → \(m)")
                }
            } else {
                let q = Int(random.next() % UInt64(P))
                let a = state.machineOf[p], b = state.machineOf[q]
                guard a != b else { continue }
                let (feasible, change) = Self.judge(state, [(p, b), (q, a)])
                let price = state.swapPrice(p, q)
                #expect(state.swapDelta(p, q) == price?.delta)
                #expect((price != nil) == feasible, "swap \(p) ↔ \(q)")
                if let price {
                    #expect(price.delta == change, "swap \(p) ↔ \(q)")
                    feasibleSwaps += 1
                    let before = state.cost
                    state.swap(p, q, terms: price.terms)
                    #expect(state.machineOf[p] == b && state.machineOf[q] == a)
                    #expect(state.cost == before + change, "swap \(p) ↔ \(q)")
                }
            }
        }
        #expect(state.isFeasible())
        // The machines' costs kept along the way, not only their sum, are those of a fresh state.
        Self.expectExact(state, "after \(feasibleShifts) shifts and \(feasibleSwaps) swaps")
        #expect(feasibleShifts > 50 && feasibleSwaps > 50, "\(feasibleShifts) shifts, \(feasibleSwaps) swaps")
    }

    /// A tiny random instance with a feasible initial assignment: 3 machines in 2 neighbourhoods and
    /// 3 locations, 6 processes of 3 services, 2 resources (the first transient), one balance
    /// objective, spread and a dependency only where the initial assignment satisfies them.
    static func tinyInstance(seed: UInt64) -> (RoadefModel, [Int]) {
        var random = SplitMix64(seed: seed)
        func uniform(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        let M = 3, P = 6, S = 3
        let service = (0..<P).map { $0 % S }
        var initial = (0..<P).map { _ in uniform(M) }
        // Conflicts: no two processes of a service on one machine.
        for s in 0..<S {
            let members = (0..<P).filter { service[$0] == s }
            for (i, p) in members.enumerated() { initial[p] = (initial[members[0]] + i) % M }
        }
        let requirements = (0..<P).map { _ in [1 + uniform(6), 1 + uniform(6)] }
        var usage = Array(repeating: [0, 0], count: M)
        for p in 0..<P { for r in 0..<2 { usage[initial[p]][r] += requirements[p][r] } }
        let machines = (0..<M).map { m in
            let capacity = (0..<2).map { usage[m][$0] + 2 + uniform(8) }
            return RoadefModel.Machine(
                neighborhood: m == 2 ? 1 : 0, location: m, capacity: capacity,
                safetyCapacity: capacity.map { max(0, $0 - 3 - uniform(6)) },
                moveCosts: (0..<M).map { $0 == m ? 0 : 1 + uniform(3) })
        }
        var services: [RoadefModel.Service] = []
        for s in 0..<S {
            let locations = Set((0..<P).filter { service[$0] == s }.map { initial[$0] }).count
            services.append(RoadefModel.Service(spreadMin: uniform(locations + 1), dependencies: []))
        }
        // Service 1 depends on service 0 if every neighbourhood with 1 has 0.
        let neighbourhoods = { (s: Int) in Set((0..<P).filter { service[$0] == s }.map { machines[initial[$0]].neighborhood }) }
        if neighbourhoods(1).isSubset(of: neighbourhoods(0)) { services[1].dependencies = [0] }
        let processes = (0..<P).map { RoadefModel.Process(service: service[$0], requirements: requirements[$0], moveCost: 1 + uniform(4)) }
        return (twoResourceModel(machines: machines, services: services, processes: processes), initial)
    }

    /// The tiny random instances' model around their machines, services and processes: resource 0
    /// transient (load weight 10), resource 1 not (3), one balance of 0 against 1, move weights 2, 5, 3.
    static func twoResourceModel(machines: [RoadefModel.Machine], services: [RoadefModel.Service], processes: [RoadefModel.Process]) -> RoadefModel {
        RoadefModel(
            resources: [RoadefModel.Resource(isTransient: true, loadCostWeight: 10), RoadefModel.Resource(isTransient: false, loadCostWeight: 3)],
            machines: machines, services: services, processes: processes,
            balances: [RoadefModel.Balance(resource: 0, against: 1, target: 1, weight: 2)],
            processMoveWeight: 2, serviceMoveWeight: 5, machineMoveWeight: 3)
    }

    /// Every assignment of `processes` processes to `machines` machines (machines^processes of them).
    static func everyAssignment(processes P: Int, machines M: Int) -> [[Int]] {
        (0..<(0..<P).reduce(1, { total, _ in total * M })).map { code in
            var rest = code
            return (0..<P).map { _ in defer { rest /= M }; return rest % M }
        }
    }

    @Test("from every feasible assignment of tiny instances, every shift and swap is priced and judged as a fresh state judges it", arguments: 0..<24)
    func tinyMovePricesAreExact(_ seed: Int) {
        let (model, initial) = Self.tinyInstance(seed: UInt64(seed) &+ 2000)
        let P = initial.count, M = model.machines.count
        var swapsChecked = 0
        for assignment in Self.everyAssignment(processes: P, machines: M) {
            var state = RoadefState(model: model, initial: initial, assignment: assignment)
            guard state.isFeasible() else { continue }
            for p in 0..<P {
                for m in 0..<M where m != assignment[p] {
                    let (feasible, change) = Self.judge(state, [(p, m)])
                    let delta = state.shiftDelta(p, to: m)
                    #expect(delta == (feasible ? change : nil), "seed \(seed), \(assignment): shift \(p) → \(m)")
                    if let price = state.shiftPrice(p, to: m) {
                        var moved = state
                        moved.move(p, to: m, terms: price.terms)
                        Self.expectExact(moved, "seed \(seed), \(assignment): shift \(p) → \(m)")
                    }
                }
                for q in (p + 1)..<P where assignment[q] != assignment[p] {
                    let (feasible, change) = Self.judge(state, [(p, assignment[q]), (q, assignment[p])])
                    let delta = state.swapDelta(p, q)
                    #expect(delta == (feasible ? change : nil), "seed \(seed), \(assignment): swap \(p) ↔ \(q)")
                    #expect(state.machineOf == assignment)
                    if let price = state.swapPrice(p, q) {
                        var moved = state
                        moved.swap(p, q, terms: price.terms)
                        Self.expectExact(moved, "seed \(seed), \(assignment): swap \(p) ↔ \(q)")
                    }
                    swapsChecked += 1
                }
            }
        }
        #expect(swapsChecked > 0)
    }

    @Test("a neighbourhood of every machine and process reaches the brute-force optimum", arguments: 0..<24)
    func neighbourhoodMatchesBruteForce(_ seed: Int) throws {
        let (model, initial) = Self.tinyInstance(seed: UInt64(seed) &+ 1000)
        var state = RoadefState(model: model, initial: initial)
        try #require(state.isFeasible())
        let P = initial.count, M = model.machines.count
        var bestCost = Int64.max
        for assignment in Self.everyAssignment(processes: P, machines: M) {
            let candidate = RoadefState(model: model, initial: initial, assignment: assignment)
            if candidate.isFeasible() { bestCost = min(bestCost, candidate.cost) }
        }
        let neighbourhood = RoadefNeighbourhood(machines: Array(0..<M), free: Array(0..<P))
        if let moves = neighbourhood.improve(state, timeLimit: 10) {
            for (p, m) in moves { state.move(p, to: m) }
        }
        #expect(state.isFeasible())
        #expect(state.cost == bestCost)
        let instance = RoadefImport.instance(model, initial: initial)
        Self.expectJudged(instance, state.machineOf, cost: state.cost)
    }

    @Test("partial neighbourhoods (fixed processes around, moved processes holding transient copies) give feasible improvements")
    func partialNeighbourhoodsStayFeasible() throws {
        let loaded = try Self.load("a1_4")
        var state = RoadefState(model: loaded.model, initial: loaded.initial)
        var random = SplitMix64(seed: 5)
        let P = state.processCount, M = state.machineCount
        // Wander first, so that some processes are away from their initial machines.
        var moved = 0
        while moved < 300 {
            let p = Int(random.next() % UInt64(P)), m = Int(random.next() % UInt64(M))
            if state.shiftDelta(p, to: m) != nil { state.move(p, to: m); moved += 1 }
        }
        var improved = 0
        for _ in 0..<12 {
            var machines: [Int] = []
            while machines.count < 4 {
                let m = Int(random.next() % UInt64(M))
                if !machines.contains(m) { machines.append(m) }
            }
            machines.sort()
            let free = Array(machines.flatMap { state.processesOn[$0] }.sorted().prefix(40))
            let before = state.cost
            guard let moves = RoadefNeighbourhood(machines: machines, free: free).improve(state, timeLimit: 20) else { continue }
            for (p, m) in moves { state.move(p, to: m) }
            #expect(state.isFeasible(), "neighbourhood \(machines)")
            #expect(state.cost < before)
            improved += 1
        }
        #expect(improved > 0)
        Self.expectJudged(loaded.instance, state.machineOf, cost: state.cost)
    }

    @Test("ejection chains and late acceptance keep the best assignment feasible and priced exactly")
    func searchMovesStayExact() throws {
        let loaded = try Self.load("a1_4")
        var search = RoadefSearch(
            state: RoadefState(model: loaded.model, initial: loaded.initial), seed: 9,
            deadline: ContinuousClock.now.advanced(by: .seconds(600)))
        let start = search.bestCost
        search.ejectionChains(count: 5)
        search.lateAcceptance(steps: 30_000, history: 100)
        search.homeShare = 512  // a1_4 has a transient resource
        let worsening = search.medianWorsening()
        let median = try #require(worsening)
        search.anneal(steps: 30_000, cooling: .init(start: median * 10, end: median / 1000)) { Double($0) / 30_000 }
        #expect(search.bestCost < start)
        Self.expectJudged(loaded.instance, search.best, cost: search.bestCost)
        // The walk itself (not only its best) stays feasible and exactly priced.
        #expect(search.state.isFeasible())
        Self.expectJudged(loaded.instance, search.state.machineOf, cost: search.state.cost)
    }

    @Test("the annealing's temperatures fall geometrically from start to end with the progress")
    func coolingIsGeometric() {
        let cooling = RoadefSearch.Cooling(start: 1_000, end: 1)
        #expect(cooling.temperature(at: 0) == 1_000)
        #expect(abs(cooling.temperature(at: 0.5) - 1_000.0.squareRoot()) < 1e-9)
        #expect(abs(cooling.temperature(at: 1) - 1) < 1e-9)
        #expect(cooling.temperature(at: 2) == cooling.temperature(at: 1))  // clamped past the end
    }
}
