/// The best checked placement seen so far, whatever stage found it (portfolio, local search,
/// emptying, LNS, partitions, either MIP phase): a solve never returns worse than its own heuristic.
struct Incumbent {
    let context: PackingContext
    var best: HeuristicPlacement?
    /// Notes for the result (what the stages said).
    var notes: [String] = []

    init(context: PackingContext) { self.context = context }

    /// Keeps `candidate` when it scores strictly better (it must have passed the checker).
    mutating func offer(_ candidate: HeuristicPlacement) {
        if best == nil || candidate.score < best!.score { best = candidate }
    }

    /// Checks a complete heuristic state and keeps it when better.
    mutating func offer(state: PackingState, name: String) {
        guard state.unplaced.isEmpty else { return }
        let placement = state.placement
        // Scored first: the checker (a full pass over the cluster) only runs for a better placement.
        let score = context.score(placement)
        guard best == nil || score < best!.score else { return }
        guard PlacementChecker.check(context.problem.instance, placement).isEmpty else { return }
        offer(HeuristicPlacement(name: name, state: state, placement: placement, score: score))
    }

    /// Checks a placement (a MIP's) and keeps it when better.
    mutating func offer(placement: Placement, name: String) {
        let problem = context.problem
        // Always checked, even when not better: a MIP placement failing the checker is a solver bug to surface.
        guard PlacementChecker.check(problem.instance, placement).isEmpty else {
            notes.append("the \(name) placement failed the independent check and was discarded")
            return
        }
        var state = context.emptyState()
        for v in problem.running {
            guard let id = placement.vmHosts[problem.vmIDs[v]], let h = problem.hostIndex[id] else { return }
            state.place(v, on: h)
        }
        offer(HeuristicPlacement(name: name, state: state, placement: placement, score: context.score(placement)))
    }
}
