import BerthMIP

/// The heuristic pipeline without the full MIP: portfolio of packers, host-emptying local search,
/// then large-neighbourhood search (exact re-packing of a few hosts with GLPK) until the time
/// budget. Public so that benchmarks and tools can run each stage on its own.
package struct PortfolioSearch: Sendable {
    /// What one run produced.
    public struct Outcome: Sendable {
        public var placement: Placement
        /// The heuristic that built it, with `+ls` / `+lns` when the improvement stages helped.
        public var heuristic: String
        /// Hosts that end on.
        public var hostsOn: Int
        /// Σ host cost over hosts on (equals `hostsOn` without costs).
        public var cost: Double
        /// Time the portfolio alone took (before local search and LNS).
        public var portfolioTime: Duration
    }

    /// Packers to run (`nil`: the default portfolio for the instance's size).
    public var packers: [VectorPacker]?
    /// Include the repair heuristic (keep VMs in place, move only what must).
    public var includeRepair = true
    /// Cost of switching each host on, by host id (`minHosts` then minimises the total cost).
    public var hostCosts: [String: Double]?
    public var localSearch = true
    /// Time for the large-neighbourhood search (zero: skip it).
    public var neighbourhoodTime: Duration = .zero
    public var seed: UInt64 = 1

    public init(packers: [VectorPacker]? = nil) { self.packers = packers }

    /// The best checked placement, or `nil` when no heuristic placed every VM.
    public func run(_ instance: Instance, objective: Objective? = nil) -> Outcome? {
        let start = ContinuousClock.now
        let problem = PlacementProblem(instance)
        let costs = hostCosts.map { costs in problem.hostIDs.map { costs[$0] ?? 1 } }
        let context = PackingContext(problem: problem, objective: objective ?? instance.objective, hostCost: costs)
        var portfolio = PackingPortfolio(context: context, packers: packers)
        portfolio.includeRepair = includeRepair
        guard var best = portfolio.best() else { return nil }
        let portfolioTime = ContinuousClock.now - start
        if context.objective == .minHosts && (localSearch || neighbourhoodTime > .zero) {
            var state = best.state
            var name = best.name
            if localSearch {
                // Local search shares the budget (at least 10 s) with LNS.
                HostEmptying(context: context).improve(&state, deadline: start + max(neighbourhoodTime, .seconds(10)))
                name += "+ls"
            }
            // Nothing to gain below the per-resource ceiling (without costs).
            let atBound = costs == nil && Double(problem.hostIDs.filter(state.placement.onlineHosts.contains).count)
                <= CombinatorialBound.hosts(problem)
            if neighbourhoodTime > .zero && !atBound {
                var lns = LargeNeighbourhoodSearch(context: context)
                lns.seed = seed
                lns.patience = Int.max
                if lns.improve(&state, deadline: start + neighbourhoodTime) > 0 { name += "+lns" }
            }
            let placement = state.placement
            let score = context.score(placement)
            if score < best.score, PlacementChecker.check(instance, placement).isEmpty {
                best = HeuristicPlacement(name: name, state: state, placement: placement, score: score)
            }
        }
        let hostsOn = problem.hostIDs.filter(best.placement.onlineHosts.contains).count
        let cost = problem.hostIDs.enumerated().reduce(0.0) { total, item in
            best.placement.onlineHosts.contains(item.element) ? total + (costs?[item.offset] ?? 1) : total
        }
        return Outcome(placement: best.placement, heuristic: best.name, hostsOn: hostsOn, cost: cost, portfolioTime: portfolioTime)
    }
}
