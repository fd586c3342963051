import Dispatch
import Foundation

/// The ROADEF/EURO 2012 machine-reassignment solver: a descent from the initial assignment, then
/// rounds in which parallel searches carry on from the best assignment so far — simulated
/// annealing over shift and swap moves on even-numbered searches; late acceptance, ejection chains
/// and large neighbourhoods (a few machines and their processes) solved exactly by GLPK under a
/// short limit on odd-numbered ones — and the best result of the round is kept. One global time
/// limit bounds it all.
///
/// Deterministic for a seed and a round budget (`maxRounds`): every search's work per round is a
/// fixed number of moves, chains or neighbourhoods, drawn from its own stream seeded by (seed,
/// search). A time limit that ends the run mid-round makes the result depend on the machine's speed.
public struct RoadefSolver: Sendable {
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
    }

    /// How one round's work is split.
    public struct Effort: Sendable, Hashable {
        /// Passes of the first descent (best shift, else best of 64 random swaps, per process).
        public var descentPasses = 3
        /// Moves tried per round by each annealing search (even-numbered searches), feasible or not.
        public var annealingSteps = 100_000_000
        /// Moves tried per round by each late-acceptance search (odd-numbered ones), feasible or not.
        public var lateAcceptanceSteps = 25_000_000
        /// The annealing's start temperature as a share of the median worsening move.
        public var annealShare = 1.0
        /// Late-acceptance history length.
        public var history = 5_000
        /// Ejection chains tried per round by each late-acceptance search, after its moves.
        public var ejectionChains = 100
        /// Neighbourhoods solved per round by each late-acceptance search, after the chains.
        public var neighbourhoods = 20
        /// Most machines per neighbourhood (each picks 2 to this many).
        public var neighbourhoodMachines = 8
        /// Most free processes per neighbourhood (scaled down with fewer machines).
        public var neighbourhoodProcesses = 80
        /// GLPK's limit per neighbourhood, seconds.
        public var neighbourhoodSeconds = 0.3
        public init() {}
    }

    public var seed: UInt64
    /// Wall-clock limit in seconds for the whole run.
    public var timeLimit: Double
    /// Most rounds; `nil` means until the time limit.
    public var maxRounds: Int?
    /// Parallel searches per round (one late-acceptance, the others LNS).
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
    /// `progress` gets (round, cost, seconds) after each round.
    public func solve(_ model: RoadefModel, initial: [Int], progress: (@Sendable (Int, Int64, Double) -> Void)? = nil) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(timeLimit * 1000)))
        let initialState = RoadefState(model: model, initial: initial)
        let initialCost = initialState.cost
        var first = RoadefSearch(state: initialState, seed: mix(seed, 0, 0), deadline: deadline)
        first.descend(passes: effort.descentPasses)
        var best = first.best, bestCost = first.bestCost
        var lastImprovement = first.lastImprovement ?? start
        let boxes = (0..<searches).map { index in
            SearchBox(RoadefSearch(state: first.state, seed: mix(seed, 1, UInt64(index)), deadline: deadline))
        }
        var round = 0
        while clock.now < deadline, maxRounds.map({ round < $0 }) ?? true {
            round += 1
            let effort = effort
            let snapshot = best, snapshotCost = bestCost
            DispatchQueue.concurrentPerform(iterations: searches) { index in
                let box = boxes[index]
                box.search.adopt(snapshot, cost: snapshotCost)
                if index % 2 == 0 {
                    box.search.anneal(steps: effort.annealingSteps, startShare: effort.annealShare)
                } else {
                    box.search.lateAcceptance(steps: effort.lateAcceptanceSteps, history: effort.history)
                    box.search.ejectionChains(count: effort.ejectionChains)
                    box.search.largeNeighbourhoods(
                        count: effort.neighbourhoods, machines: effort.neighbourhoodMachines,
                        maxFree: effort.neighbourhoodProcesses, secondsEach: effort.neighbourhoodSeconds)
                }
            }
            for box in boxes where box.search.bestCost < bestCost {
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
        return result
    }

}

/// One search, touched by one thread at a time (its own during a round, the caller's between).
private final class SearchBox: @unchecked Sendable {
    var search: RoadefSearch
    init(_ search: RoadefSearch) { self.search = search }
}

/// A well-mixed seed for (seed, stage, search): stage 0 is the first descent, 1 the rounds.
private func mix(_ seed: UInt64, _ stage: UInt64, _ search: UInt64) -> UInt64 {
    var g = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ stage &* 0xBF58_476D_1CE4_E5B9 &+ search &* 0x94D0_49BB_1331_11EB)
    return g.next()
}
