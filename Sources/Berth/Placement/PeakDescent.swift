import BerthMIP
import Logging

/// Balance on models small enough for GLPK's cuts: lowers the peak level by level. Each step asks
/// for a placement whose primary objective (peak utilisation, plus 2 per host state change) is
/// strictly below the incumbent's, with the least moved memory. Held by a row instead of
/// minimised, the peak turns every load row into a knapsack row that GLPK's presolver and cover
/// cuts work on: measured on the generated 10–20-host clusters, a step is solved or refuted in a
/// fraction of a second where the min-peak MIP ends its time limit with a gap of 2–7 %.
///
/// An infeasible step proves the incumbent's peak optimal. When the step that found the incumbent
/// was solved to optimality as well, its moved memory is optimal for that peak: it was the least
/// over a set of placements that contains every placement at that peak.
struct PeakDescent {
    let formulation: PlacementFormulation
    var logger: Logger?
    var cancellation: CancellationToken?

    struct Outcome {
        /// No placement has a primary value below the incumbent's (within `step`).
        var primaryProven = false
        /// The incumbent's moved memory is the least at its primary value.
        var tieBreakProven = false
        var steps = 0
    }

    /// Descends from the incumbent until a step is refuted, the deadline or an interrupt.
    func run(incumbent: inout Incumbent, deadline: ContinuousClock.Instant) -> Outcome {
        var outcome = Outcome()
        var lastStepOptimal = false
        let problem = formulation.problem
        let statesKept = { (placement: Placement) in
            problem.hostIDs.indices.allSatisfy { h in
                problem.hostStates[h] == .maintenance || (problem.hostStates[h] == .online) == placement.onlineHosts.contains(problem.hostIDs[h])
            }
        }
        while ContinuousClock.now + .milliseconds(20) < deadline, cancellation?.isCancelled != true {
            // A placement that switches a host on or off scores 2 more in the MIP: not a level of the peak.
            guard let best = incumbent.best, statesKept(best.placement),
                let model = formulation.peakLevelModel(below: best.score.primary)
            else { break }
            var parameters = SolveParameters(timeLimit: max(.milliseconds(1), deadline - .now))
            parameters.cuts = PlacementOptions.phase2Cuts
            parameters.branching = .hybridPseudocost
            parameters.cancellation = cancellation
            parameters.logger = logger
            guard let result = try? GLPKSolver().solve(model, parameters: parameters) else { break }
            outcome.steps += 1
            switch result.status {
            case .infeasible:
                outcome.primaryProven = true
                outcome.tieBreakProven = lastStepOptimal
                return outcome
            case .optimal, .feasible:
                let before = best.score
                incumbent.offer(placement: formulation.placement(from: result.values), name: "mip-peak")
                // No progress by the checker's measure (tolerances): stop rather than loop.
                guard let after = incumbent.best?.score, after.primary < before.primary - 1e-12 else { return outcome }
                lastStepOptimal = result.status == .optimal
                logger?.debug("peak descent: \(after) (\(result.status))")
            case .unbounded, .noSolution:
                return outcome
            }
        }
        return outcome
    }
}
