import BerthMIP
import Dispatch
import Synchronization

/// One heuristic placement that passed the independent checker.
struct HeuristicPlacement: Sendable {
    /// Which heuristic built it (`repair`, `best-fit-decreasing/l2`, … `+ls`, `+lns`).
    var name: String
    var state: PackingState
    var placement: Placement
    var score: PlacementScore
}

/// Runs several packers deterministically (two at a time, on the machine's cores), keeps each
/// placement the checker accepts and returns the best by the objective; ties go to the earlier
/// packer in the list, so the result does not depend on thread timing.
struct PackingPortfolio: Sendable {
    let context: PackingContext
    var packers: [VectorPacker]
    /// Also run the repair heuristic (keeps VMs in place; the right start for `minMigrations`).
    var includeRepair = true
    /// Past it, a packer still running gives up once another candidate exists, so a short time
    /// limit on a large cluster returns the first checked placement rather than all of them.
    var deadline: ContinuousClock.Instant?

    init(context: PackingContext, packers: [VectorPacker]? = nil) {
        self.context = context
        self.packers = packers ?? PackingPortfolio.defaultPackers(for: context)
    }

    /// Every packer for small instances; no minimum-slack search above 2,000 VMs; only two
    /// item-centric packers above ~10⁷ pairs, where the bin-centric greedy (quadratic in n) would not pay.
    static func defaultPackers(for context: PackingContext) -> [VectorPacker] {
        let pairs = context.problem.running.count * context.problem.hostIDs.count
        if pairs > 10_000_000 {
            return [.itemCentric(.best, .scarcityWeightedSum), .itemCentric(.first, .l2)]
        }
        if context.problem.running.count > 2_000 { return VectorPacker.all.filter { $0 != .binCentric(.minimumSlack) } }
        return VectorPacker.all
    }

    /// Above this many running VM × host pairs, a `minMigrations` portfolio runs the repair
    /// heuristic alone, and the packers only when it fails: they re-place every free VM (on a
    /// generated 10,000-host BtrPlace li instance, 2,330 moves where repair needs 1,172) and their
    /// host scans took two thirds of the solve.
    static let repairAlonePairs = 10_000_000

    /// Each candidate, checked; invalid ones are dropped. Order: repair first, then `packers`.
    func candidates() -> [HeuristicPlacement] {
        let problem = context.problem
        if includeRepair, context.objective == .minMigrations, problem.running.count * problem.hostIDs.count > Self.repairAlonePairs {
            let repaired = run(["repair"], repair: true)
            if !repaired.isEmpty { return repaired }
            return run(packers.map(\.description), repair: false)
        }
        return run((includeRepair ? ["repair"] : []) + packers.map(\.description), repair: includeRepair)
    }

    /// Runs the jobs (the repair heuristic first when `repair`, then `packers` in order) concurrently.
    private func run(_ jobs: [String], repair: Bool) -> [HeuristicPlacement] {
        let problem = context.problem
        let results = Results(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            var state: PackingState
            if repair && i == 0 {
                guard let repaired = RepairPacker(context: context).repairedIfComplete() else { return }
                state = repaired
            } else {
                state = context.emptyState()
                let packer = packers[i - (repair ? 1 : 0)]
                let deadline = self.deadline
                let giveUp = { deadline.map { ContinuousClock.now >= $0 } == true && results.hasAny }
                // Queued behind the others: past the deadline, one that has not started never does.
                guard !giveUp() else { return }
                guard packer.pack(context, &state, preferCurrentHost: context.objective != .minHosts, giveUp: giveUp) else { return }
            }
            guard state.unplaced.isEmpty else { return }
            let placement = state.placement
            guard PlacementChecker.check(problem.instance, placement).isEmpty else { return }
            let score = context.score(placement)
            results.set(i, HeuristicPlacement(name: jobs[i], state: state, placement: placement, score: score))
        }
        return results.values.compactMap { $0 }
    }

    /// The best checked candidate, or `nil` when every packer failed.
    func best() -> HeuristicPlacement? {
        var best: HeuristicPlacement?
        for candidate in candidates() where best == nil || candidate.score < best!.score { best = candidate }
        return best
    }
}

/// Slots filled from concurrent jobs, each slot written once.
final class Results: Sendable {
    private let slots: Mutex<[HeuristicPlacement?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func set(_ i: Int, _ value: HeuristicPlacement) { slots.withLock { $0[i] = value } }
    var hasAny: Bool { slots.withLock { $0.contains { $0 != nil } } }
    var values: [HeuristicPlacement?] { slots.withLock { $0 } }
}
