import Foundation

/// A fast local search for ROADEF/EURO 2012 machine reassignment: starts from the initial
/// assignment (feasible by the challenge's rules), then repeats shift moves (one process to another
/// machine, best machine for a random process) and swap moves (two processes exchange machines),
/// keeping only feasible strict improvements, with incremental cost (`RoadefState`).
///
/// Deterministic for a seed and a step budget; a time limit stops it earlier (then the result
/// depends on the machine's speed). Single-threaded; LNS with GLPK sub-MIPs is still to come.
public struct RoadefSolver: Sendable {
    public struct Result: Sendable {
        /// Machine of each process.
        public var assignment: [Int]
        /// The objective, as the incremental state computes it (`RoadefEvaluator` is the judge).
        public var cost: Int64
        public var initialCost: Int64
        public var steps: Int
        /// Seconds from the start to the last improvement.
        public var lastImprovementSeconds: Double
    }

    public var seed: UInt64
    /// Wall-clock limit in seconds.
    public var timeLimit: Double
    /// Most moves tried (shift candidates and swaps); `nil` means until the time limit.
    public var maxSteps: Int?

    public init(seed: UInt64 = 1, timeLimit: Double = 300, maxSteps: Int? = nil) {
        self.seed = seed
        self.timeLimit = timeLimit
        self.maxSteps = maxSteps
    }

    public func solve(_ model: RoadefModel, initial: [Int]) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: .milliseconds(Int64(timeLimit * 1000)))
        var state = RoadefState(model: model, initial: initial)
        let initialCost = state.cost
        var random = SplitMix64(seed: seed)
        let P = state.processCount, M = state.machineCount
        var steps = 0
        var lastImprovement = start
        guard P > 0, M > 1 else {
            return Result(assignment: state.machineOf, cost: state.cost, initialCost: initialCost, steps: 0, lastImprovementSeconds: 0)
        }
        search: while true {
            // Shift: the best feasible machine for a random process.
            let p = Int(random.next() % UInt64(P))
            let from = state.machineOf[p]
            var best = (machine: from, cost: state.cost)
            for m in 0..<M where m != from {
                steps += 1
                state.move(p, to: m)
                if state.cost < best.cost && state.isFeasibleAround(machines: [from, m], processes: [p]) { best = (m, state.cost) }
                state.move(p, to: from)
            }
            if best.machine != from {
                state.move(p, to: best.machine)
                lastImprovement = clock.now
            }
            // Swap: a random pair on different machines.
            for _ in 0..<M {
                steps += 1
                let q = Int(random.next() % UInt64(P)), o = Int(random.next() % UInt64(P))
                let mq = state.machineOf[q], mo = state.machineOf[o]
                guard mq != mo else { continue }
                let before = state.cost
                state.move(q, to: mo)
                state.move(o, to: mq)
                if state.cost < before && state.isFeasibleAround(machines: [mq, mo], processes: [q, o]) {
                    lastImprovement = clock.now
                } else {
                    state.move(o, to: mo)
                    state.move(q, to: mq)
                }
            }
            if let maxSteps, steps >= maxSteps { break search }
            if clock.now >= deadline { break search }
        }
        let elapsed = start.duration(to: lastImprovement)
        return Result(
            assignment: state.machineOf, cost: state.cost, initialCost: initialCost, steps: steps,
            lastImprovementSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
