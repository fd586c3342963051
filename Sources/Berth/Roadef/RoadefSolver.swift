import Dispatch
import Foundation

/// The ROADEF/EURO 2012 machine-reassignment solver: a descent from the initial assignment, then
/// rounds run by parallel searches under one global time limit.
/// - Optionally, for the first `effort.splitAnnealing` of the run, all searches walk one annealing
///   together, each within its own random part of the machines for an epoch, their moves merged
///   after it: this runs the annealing on every core, for instances where its length is what is
///   missing.
/// - Annealing searches (all of them until `effort.polishingFrom` of the run, then all but the
///   `effort.polishingSearches` whose walks are furthest behind) each follow one
///   simulated-annealing walk of their own, with its own random stream, over shift and swap moves
///   drawn within each process's reach (`RoadefReach`, unless `effort.drawsWithinReach` is off)
///   and, with transient resources, moves back to the initial machine. The temperature falls
///   geometrically from 100× (10× without transient resources) to 1/1000 of the median worsening
///   move, following the clock, or the round budget when there is one. Their random moves never
///   send back to their initial machines, once they have left, the heaviest processes at home on
///   machines without safety capacity (`effort.keptAway`).
/// - At `effort.reheatFrom` (once polishing has begun), the annealing searches that go on restart
///   from the best assignment so far, the polishing's gains included, reheated to `effort.reheat`
///   times its median worsening move, and cool again by the end.
/// - Polishing searches (from `effort.polishingFrom` of the run on) start each round from the best
///   assignment so far and run late acceptance, ejection chains and large neighbourhoods (a few
///   machines and their processes) solved exactly by GLPK under a short limit, a third of them
///   built to move a big process off a machine with a high load cost (`effort.reliefMachines`).
/// The best result of each round is kept.
///
/// Deterministic for a seed and a round budget (`maxRounds`): every search's work per round is a
/// fixed number of moves, chains or neighbourhoods, drawn from its own stream seeded by (seed,
/// search). Under a time limit alone the result depends on the machine's speed: the annealing
/// follows the clock, and polishing searches keep working until the annealing searches end their round.
package struct RoadefSolver: Sendable {
    public struct Result: Sendable {
        /// Machine of each process.
        public var assignment: [Int]
        /// The objective, as the incremental state computes it (`RoadefEvaluator` is the judge).
        public var cost: Int64
        public var initialCost: Int64
        /// Rounds completed (or cut by the time limit).
        public var rounds: Int
        /// Seconds from the start to the last improvement.
        public var lastImprovementSeconds: Double
        /// GLPK neighbourhoods solved, and how many of them improved their search's assignment.
        public var neighbourhoodsSolved = 0, neighbourhoodImprovements = 0
        /// Parts of the split annealing not taken over whole (some of their moves broke spread or
        /// dependencies once merged).
        public var partsCut = 0
        /// Whether the search started from the warm start it was given.
        public var warmStarted = false
        /// Annealing walks restarted from the best and reheated (`Effort.reheat`, at `Effort.reheatFrom`).
        public var reheatedWalks = 0
        /// The processes the searches kept off their initial machines (`Effort.keptAway`).
        public var keptAway: [Int] = []
        /// How much of the improvement, `initialCost − cost`, each kind of search found.
        public var gainedBy = Gains()
    }

    /// The improvement of the best cost, split by the kind of search that found it. After each
    /// round the searches are taken in order; each one below the best so far is credited with how
    /// far below it went, so when two improve in the same round, the second gets only its lead
    /// over the first.
    public struct Gains: Sendable, Hashable {
        /// The first descent (from the warm start, when there is one, the gain counts from the
        /// initial assignment's cost).
        public var descent: Int64 = 0
        /// Annealing walks before any reheat (and the split annealing).
        public var annealing: Int64 = 0
        /// Walks after they were reheated.
        public var reheated: Int64 = 0
        /// Polishing searches.
        public var polishing: Int64 = 0
        public init() {}
    }

    /// How one round's work is split.
    public struct Effort: Sendable, Hashable {
        /// Passes of the first descent (best shift, else best of 64 random swaps, per process).
        public var descentPasses = 3
        /// Moves tried per round by each annealing search, feasible or not.
        public var annealingSteps = 100_000_000
        /// The annealing's start temperature as a multiple of the median worsening move; `nil`:
        /// 100 with transient resources (where moves home keep a hot walk from drifting away),
        /// 10 without.
        public var annealStart: Double? = nil
        /// The annealing's final temperature as a multiple of the median worsening move.
        public var annealEnd = 1e-3
        /// Out of 1,024 annealing moves, how many send a process back to its initial machine;
        /// `nil`: 512 with transient resources, 0 without.
        public var homeShare: Int? = nil
        /// Until this share of the run (of the time, or of the rounds when they are capped) all
        /// searches walk one annealing together: each epoch splits the machines at random into
        /// one part per search, each search anneals within its part, and their moves are merged.
        /// After it, the searches split into annealing and polishing. 0 (the default): never.
        /// It pays where the annealing's length is what is missing (ROADEF a2_3) and costs where
        /// the polishing's GLPK neighbourhoods do the work (a1_2, a1_4, a2_2): see
        /// Benchmarks/history/roadef-2026-11.md.
        public var splitAnnealing = 0.0
        /// Moves tried by each search per epoch of the split annealing.
        public var epochSteps = 2_000_000
        /// Whether random moves draw their targets among the machines each process can ever reach
        /// (`RoadefReach`) rather than among all machines.
        public var drawsWithinReach = true
        /// Searches that polish the best assignment (late acceptance, ejection chains and GLPK
        /// neighbourhoods) instead of annealing, from `polishingFrom` on: those whose walks are
        /// furthest behind then; the others anneal on, each on its own walk. All of them (with
        /// `polishingFrom` 0): no annealing at all, e.g. to polish a warm start without walking
        /// away from it.
        public var polishingSearches = 1
        /// The share of the run (of the time, or of the rounds when they are capped) from which the
        /// polishing searches polish; before it they anneal too, each on its own walk, so that the
        /// run starts as a portfolio of independent annealings. Once a walk has cooled it gains
        /// little (ROADEF a2_3: nothing after 85 % of the run), while the spread between walks is
        /// wide, so on a2_3 the best of two walks, polished at the end, beats one walk polished
        /// throughout (1,220.1M against 1,225.4M on average); a1_4, which needs the polishing,
        /// comes out about even (see Benchmarks/history/roadef-2026-11.md). From 70 %: a1_4's best gains under
        /// 1 M between 55 % and 80 % of the run (four runs), and the reheat (`reheatFrom`) needs
        /// a polished best to start from. 0: polish from the start.
        public var polishingFrom = 0.7
        /// At `reheatFrom` (when `polishingFrom` is above 0), the searches that go on annealing
        /// restart from the best assignment so far at this multiple of its median worsening move
        /// and cool again to `annealEnd` by the end of the run; `nil`: they walk on, already
        /// cold. A cooled walk gains little in the last part of a run, while a short second
        /// annealing from the best finds its way out of basins that the polishing's moves and
        /// GLPK neighbourhoods do not leave (ROADEF a1_4: from five finished runs in that basin,
        /// 60 s at 10× reached a score of 0.5 or less in 11 tries of 11, at 3× in 2 of 8, at 30×
        /// in 2 of 4; see Benchmarks/history/roadef-2026-11.md).
        public var reheat: Double? = 10
        /// The share of the run at which the reheat (`reheat`) happens, once polishing has begun
        /// (at `polishingFrom`, if this is earlier). After some polishing, because where the reheat
        /// starts decides whether it leaves a basin: from the best of an a1_4 run at its handover
        /// (254.32 M, machine 15 over on the transient resource), 60 s of annealing alone at 3×,
        /// 10× or 30× never went below it (6 tries), while from the same run's end, polished for
        /// 56 s (254.00 M), 4 tries of 4 reached a score of 0.5 or less (see Benchmarks/history/roadef-2026-11.md).
        public var reheatFrom = 0.85
        /// How many processes the searches keep off their initial machines once they have left
        /// them (with moves drawn within reach): of those whose initial machine has no safety
        /// capacity, so that all they use there costs load, the heaviest
        /// (`RoadefState.heaviestOnMachinesWithoutSafety`). Whether such a process leaves is
        /// decided at random while a walk is hot, and a cool walk no longer undoes it: its host
        /// must first be emptied. ROADEF a2_3: whether process 852 leaves machine 15 decides
        /// between two basins. On the other a2 instances the kept-away processes are away in every
        /// solution written so far, except a2_4's 289 (home in three of four, whose costs are
        /// within 0.4 M of the fourth's). The a1 instances have no such machine (see
        /// Benchmarks/history/roadef-2026-11.md). 0: none.
        public var keptAway = 3
        /// Moves tried per round by each polishing search's late acceptance, feasible or not.
        public var lateAcceptanceSteps = 25_000_000
        /// Late-acceptance history length.
        public var history = 5_000
        /// Ejection chains tried per round by each polishing search, after its moves.
        public var ejectionChains = 100
        /// Neighbourhoods solved per round by each polishing search, after the chains.
        public var neighbourhoods = 20
        /// Most machines per neighbourhood (each picks 2 to this many).
        public var neighbourhoodMachines = 8
        /// Most free processes per neighbourhood (scaled down with fewer machines).
        public var neighbourhoodProcesses = 80
        /// GLPK's limit per neighbourhood, seconds.
        public var neighbourhoodSeconds = 0.3
        /// Machines in the neighbourhoods that move a big process off a machine with a high load
        /// cost (a third of the neighbourhoods, where such a move is possible; 0:
        /// none), their most free processes, and GLPK's limit for each in seconds. Larger than the
        /// others and given longer: the big process's new host must shed its guests to the rest.
        /// From the ends of three ROADEF a1_4 runs (machine 15 over on its transient resource),
        /// 30 s of polishing with them reached a score of 0.5 or less in 8 tries out of 12 (the
        /// most overloaded machine as the donor; 4 of 6 with donors drawn by load), without them
        /// in none of 10; from a fourth run's end, in none (see Benchmarks/history/roadef-2026-11.md).
        public var reliefMachines = 6
        public var reliefProcesses = 120
        public var reliefSeconds = 1.0
        public init() {}
    }

    public var seed: UInt64
    /// Wall-clock limit in seconds for the whole run.
    public var timeLimit: Double
    /// Ends the search early; the result is the best assignment found so far.
    public var cancellation: CancellationToken?
    /// Most rounds; `nil` means until the time limit.
    public var maxRounds: Int?
    /// Parallel searches per round (`effort.polishingSearches` polish, the others anneal).
    public var searches: Int
    public var effort: Effort

    public init(seed: UInt64 = 1, timeLimit: Double = 300, maxRounds: Int? = nil, searches: Int = 2, effort: Effort = Effort()) {
        self.seed = seed
        self.timeLimit = timeLimit
        self.maxRounds = maxRounds
        self.searches = max(1, searches)
        self.effort = effort
    }

    /// Improves `initial` (which must be feasible) and returns the best assignment found.
    /// `warmStart`, when given, is where the search starts instead (a feasible assignment found
    /// earlier; move costs still count from `initial`); one that is not a feasible assignment of
    /// `model` is ignored (`Result.warmStarted` says which happened).
    /// `progress` gets (round, cost, seconds) after each round.
    public func solve(
        _ model: RoadefModel, initial: [Int], warmStart: [Int]? = nil,
        progress: (@Sendable (Int, Int64, Double) -> Void)? = nil
    ) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: TimeBudget.duration(timeLimit))
        let initialState = RoadefState(model: model, initial: initial)
        let initialCost = initialState.cost
        let reach = effort.drawsWithinReach ? RoadefReach(initialState) : nil
        let (startState, warmStarted) = Self.startState(initialState, warmStart: warmStart)
        let cancellation = self.cancellation
        var first = RoadefSearch(state: startState, seed: mix(seed, 0, 0), deadline: deadline, reach: reach, cancellation: cancellation)
        first.descend(passes: effort.descentPasses)
        var best = first.best, bestCost = first.bestCost
        var gains = Gains()
        gains.descent = initialCost - bestCost
        var lastImprovement = first.lastImprovement ?? start
        let hasTransient = model.resources.contains(where: \.isTransient)
        var polishing = false, reheated = false
        /// Which searches polish once polishing has begun: those whose walks are behind then.
        var polishes = Array(repeating: false, count: searches)
        var keptAway: [Int] = []
        if effort.keptAway > 0, let reach {
            keptAway = initialState.heaviestOnMachinesWithoutSafety(count: effort.keptAway) { reach.count($0) > 1 }
        }
        let boxes = searchBoxes(from: first.state, deadline: deadline, reach: reach, keptAway: keptAway, hasTransient: hasTransient)
        let startShare = effort.annealStart ?? (hasTransient ? 100 : 10)
        let relief = effort.reliefMachines >= 2
            ? RoadefSearch.Relief(machines: effort.reliefMachines, processes: effort.reliefProcesses, seconds: effort.reliefSeconds) : nil
        var round = 0
        var partition = SplitMix64(seed: mix(seed, 2, 0))
        var partsCut = 0
        /// The run's progress, from 0 to 1: rounds when they are capped, else the clock.
        @Sendable func share(round: Int, step: Int, of steps: Int) -> Double {
            if let maxRounds { return (Double(round - 1) + Double(step) / Double(steps)) / Double(maxRounds) }
            return start.duration(to: ContinuousClock.now).inSeconds / timeLimit
        }
        while clock.now < deadline, cancellation?.isCancelled != true, maxRounds.map({ round < $0 }) ?? true {
            round += 1
            let effort = effort
            let snapshot = best, snapshotCost = bestCost, roundIndex = round
            let runShare = share(round: round, step: 0, of: 1)
            if searches > 1 && model.machines.count >= 2 * searches && runShare < effort.splitAnnealing {
                partsCut += splitAnnealingRound(boxes, round: round, startShare: startShare, partition: &partition, share: share)
            } else {
                changePhase(boxes, at: runShare, best: best, cost: bestCost, polishing: &polishing, reheated: &reheated, polishes: &polishes)
                let polishes = polishes
                let annealing = RoundCountdown(polishes.filter { !$0 }.count)
                DispatchQueue.concurrentPerform(iterations: searches) { index in
                    if polishes[index] {
                        polish(boxes[index], from: snapshot, cost: snapshotCost, relief: relief, annealing: annealing, deadline: deadline)
                    } else {
                        defer { annealing.countDown() }
                        anneal(boxes[index], round: roundIndex, startShare: startShare, share: share)
                    }
                }
            }
            for (index, box) in boxes.enumerated() where box.search.bestCost < bestCost {
                let gain = bestCost - box.search.bestCost
                if polishes[index] { gains.polishing += gain } else if box.reheatedAt != nil { gains.reheated += gain } else { gains.annealing += gain }
                best = box.search.best
                bestCost = box.search.bestCost
                lastImprovement = box.search.lastImprovement ?? lastImprovement
            }
            progress?(round, bestCost, start.duration(to: clock.now).inSeconds)
        }
        var result = Result(
            assignment: best, cost: bestCost, initialCost: initialCost, rounds: round,
            lastImprovementSeconds: start.duration(to: lastImprovement).inSeconds)
        result.neighbourhoodsSolved = boxes.reduce(0) { $0 + $1.search.neighbourhoodsSolved }
        result.neighbourhoodImprovements = boxes.reduce(0) { $0 + $1.search.neighbourhoodImprovements }
        result.partsCut = partsCut
        result.warmStarted = warmStarted
        result.keptAway = keptAway
        result.reheatedWalks = boxes.filter { $0.reheatedAt != nil }.count
        result.gainedBy = gains
        return result
    }

    /// At `polishingFrom`, the walks furthest behind start polishing (the last among equals); those
    /// ahead, the likeliest to improve the best further, keep cooling. The polishers start from
    /// their own best (`adopt` takes only strictly better assignments, and theirs may be the
    /// overall best). At `reheatFrom`, once polishing has begun, the annealing walks restart from
    /// the best so far, polishing's gains included, reheated (see `Effort.reheatFrom`).
    private func changePhase(
        _ boxes: [SearchBox], at runShare: Double, best: [Int], cost bestCost: Int64,
        polishing: inout Bool, reheated: inout Bool, polishes: inout [Bool]
    ) {
        if !polishing && runShare >= effort.polishingFrom {
            polishing = true
            for index in Self.furthestBehind(boxes.map(\.search.bestCost), count: min(searches, max(0, effort.polishingSearches))) {
                polishes[index] = true
                boxes[index].search.returnToBest()
            }
        }
        if let reheat = effort.reheat, effort.polishingFrom > 0, polishing, !reheated, runShare >= effort.reheatFrom {
            reheated = true
            for (box, polishes) in zip(boxes, polishes) where !polishes {
                box.search.restart(from: best, cost: bestCost)
                box.reheat(at: runShare, start: reheat, end: effort.annealEnd)
            }
        }
    }

    /// Where the search starts: the warm start when it is a feasible assignment of the model
    /// (and whether it was), else the initial assignment.
    private static func startState(_ initialState: RoadefState, warmStart: [Int]?) -> (RoadefState, Bool) {
        let model = initialState.model, initial = initialState.initial
        guard let warmStart, warmStart.count == initial.count, warmStart.allSatisfy({ model.machines.indices.contains($0) }) else {
            return (initialState, false)
        }
        let state = RoadefState(model: model, initial: initial, assignment: warmStart)
        return state.isFeasible() ? (state, true) : (initialState, false)
    }

    /// The parallel searches, each with its own seed, from the descent's state.
    private func searchBoxes(
        from state: RoadefState, deadline: ContinuousClock.Instant, reach: RoadefReach?, keptAway: [Int], hasTransient: Bool
    ) -> [SearchBox] {
        (0..<searches).map { index in
            var search = RoadefSearch(
                state: state, seed: mix(seed, 1, UInt64(index)), deadline: deadline, reach: reach, keepingAway: keptAway,
                cancellation: cancellation)
            search.homeShare = UInt64(max(0, min(1024, effort.homeShare ?? (hasTransient ? 512 : 0))))
            return SearchBox(search)
        }
    }

    /// A polishing search's round: from the round's best, late acceptance, ejection chains and GLPK
    /// neighbourhoods. Under a time limit alone (already speed-dependent) it keeps polishing while
    /// the annealing searches finish their round, rather than leave the core idle.
    private func polish(
        _ box: SearchBox, from snapshot: [Int], cost: Int64, relief: RoadefSearch.Relief?, annealing: RoundCountdown,
        deadline: ContinuousClock.Instant
    ) {
        box.search.adopt(snapshot, cost: cost)
        box.search.lateAcceptance(steps: effort.lateAcceptanceSteps, history: effort.history)
        box.search.ejectionChains(count: effort.ejectionChains)
        box.search.largeNeighbourhoods(
            count: effort.neighbourhoods, machines: effort.neighbourhoodMachines,
            maxFree: effort.neighbourhoodProcesses, secondsEach: effort.neighbourhoodSeconds, relief: relief)
        while maxRounds == nil && !annealing.isDone && ContinuousClock.now < deadline && cancellation?.isCancelled != true {
            box.search.ejectionChains(count: max(1, effort.ejectionChains / 10))
            box.search.largeNeighbourhoods(
                count: max(1, effort.neighbourhoods / 10), machines: effort.neighbourhoodMachines,
                maxFree: effort.neighbourhoodProcesses, secondsEach: effort.neighbourhoodSeconds, relief: relief)
        }
    }

    /// An annealing search's round: its own walk, its temperature following the round budget when
    /// there is one (deterministic), else the clock; a reheated walk cools over what is left of the run.
    private func anneal(_ box: SearchBox, round: Int, startShare: Double, share: @Sendable (Int, Int, Int) -> Double) {
        guard let cooling = box.cooling(start: startShare, end: effort.annealEnd) else { return }
        let steps = effort.annealingSteps, from = box.reheatedAt
        box.search.anneal(steps: steps, cooling: cooling) { step in
            let runShare = share(round, step, steps)
            guard let from, from < 1 else { return runShare }
            return (runShare - from) / (1 - from)
        }
    }

    /// The `count` searches whose best costs are highest (the last index first among equals).
    static func furthestBehind(_ bestCosts: [Int64], count: Int) -> [Int] {
        Array(bestCosts.indices.sorted { (bestCosts[$0], $0) > (bestCosts[$1], $1) }.prefix(count))
    }

    /// One round of the split annealing: epochs in which each search anneals within its own
    /// random part of the machines (drawn anew every epoch), all at the same temperature, then
    /// search 0 takes over the others' moves and every search continues from there. Moves in
    /// disjoint parts commute, so this is one walk run on all cores. Capacity, conflicts and moves
    /// home stay inside a part; spread and dependencies, which tie services across parts, are
    /// checked at the merge (`RoadefSearch.absorb`). Returns how many parts were not taken over whole.
    private func splitAnnealingRound(
        _ boxes: [SearchBox], round: Int, startShare: Double, partition: inout SplitMix64,
        share: @escaping @Sendable (Int, Int, Int) -> Double
    ) -> Int {
        let lead = boxes[0]
        guard let cooling = lead.cooling(start: startShare, end: effort.annealEnd) else { return 0 }
        let M = lead.search.state.machineCount, parts = boxes.count
        let epochs = max(1, effort.annealingSteps / max(1, effort.epochSteps))
        let steps = effort.epochSteps
        var cut = 0
        for epoch in 0..<epochs where ContinuousClock.now < lead.search.deadline {
            var machines = Array(0..<M)
            partition.shuffle(&machines)
            var owner = Array(repeating: 0, count: M)
            for (i, m) in machines.enumerated() { owner[m] = i % parts }
            let part = (0..<parts).map { k in (0..<M).filter { owner[$0] == k } }
            let start = lead.search.state
            for k in 1..<parts { boxes[k].search.resume(from: start) }
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                let box = boxes[k]
                box.search.restrict(to: part[k])
                box.search.anneal(steps: steps, cooling: cooling) { step in
                    share(round, epoch * steps + step, epochs * steps)
                }
            }
            lead.search.restrict(to: nil)
            for k in 1..<parts {
                let other = boxes[k].search.state
                let moved = (0..<start.processCount).filter { owner[start.machineOf[$0]] == k && other.machineOf[$0] != start.machineOf[$0] }
                if lead.search.absorb(other, processes: moved) < moved.count { cut += 1 }
            }
        }
        for box in boxes { box.search.restrict(to: nil) }
        for box in boxes.dropFirst() { box.search.returnToBest() }
        return cut
    }
}

/// How many annealing searches are still in the current round.
private final class RoundCountdown: @unchecked Sendable {
    private let lock = NSLock()
    private var left: Int
    init(_ count: Int) { left = count }
    var isDone: Bool { lock.withLock { left <= 0 } }
    func countDown() { lock.withLock { left -= 1 } }
}

/// One search, touched by one thread at a time (its own during a round, the caller's between).
private final class SearchBox: @unchecked Sendable {
    var search: RoadefSearch
    /// An annealing search's temperatures, set on its first round.
    private var temperatures: RoadefSearch.Cooling?
    init(_ search: RoadefSearch) { self.search = search }

    /// The share of the run at which the walk was reheated, if it was.
    private(set) var reheatedAt: Double?

    /// The annealing's temperatures: on the first call, from `start` to `end` times the median
    /// worsening move from the search's assignment (`nil` if no move worsens it).
    func cooling(start: Double, end: Double) -> RoadefSearch.Cooling? {
        if temperatures == nil { temperatures = measured(start: start, end: end) }
        return temperatures
    }

    /// Starts the temperatures over, from `start` to `end` times the median worsening move from
    /// the search's assignment now, over the rest of the run from `share` on (unless no move
    /// worsens it: then the walk goes on as it was).
    func reheat(at share: Double, start: Double, end: Double) {
        guard let measured = measured(start: start, end: end) else { return }
        temperatures = measured
        reheatedAt = share
    }

    /// `start` and `end` times the median worsening move from the search's assignment now.
    private func measured(start: Double, end: Double) -> RoadefSearch.Cooling? {
        search.medianWorsening().map { .init(start: $0 * start, end: $0 * end) }
    }
}

/// A well-mixed seed for (seed, stage, search): stage 0 is the first descent, 1 the rounds.
private func mix(_ seed: UInt64, _ stage: UInt64, _ search: UInt64) -> UInt64 {
    var g = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ stage &* 0xBF58_476D_1CE4_E5B9 &+ search &* 0x94D0_49BB_1331_11EB)
    return g.next()
}
