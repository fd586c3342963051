import BerthMIP

/// Large-neighbourhood search on the whole placement MIP: free a few hosts, fix every other
/// column to the incumbent, and let GLPK re-solve what is left (its presolver drops the fixed
/// columns, so each sub-MIP is small). Every rule is in the model, so no rule is projected or
/// dropped: a neighbourhood respects exactly what the full MIP respects. The sub-objective is
/// lexicographic in one row (primary + ε × tie-breakers, ε below one unit of an integral primary),
/// so it serves every objective: fewer hosts, a lower peak, less moved memory.
struct MIPNeighbourhoodSearch {
    let formulation: PlacementFormulation
    var seed: UInt64 = 1
    /// Hosts freed per neighbourhood.
    var hostsPerNeighbourhood = 8
    var subproblemLimit: Duration = .milliseconds(800)
    /// Neighbourhoods in a row without improvement before giving up (`nil`: 6 × hosts).
    var patience: Int? = nil
    /// The tie-break phase: neighbourhoods of this model (the primary held by a row) minimising
    /// its secondary objective alone. In one weighted row, moved memory weighs so little beside the
    /// primary that GLPK's tolerances ignore it; held apart, it is what the sub-MIPs minimise.
    var tieBreak: (model: MIPModel, objective: LinearExpr)?

    /// Improves `values` (a full MIP vector of the incumbent) until the deadline; each improving
    /// placement is offered to `incumbent`. Returns the number of improvements kept.
    func improve(
        _ values: inout [Double], incumbent: inout Incumbent, deadline: ContinuousClock.Instant,
        cancellation: CancellationToken?
    ) -> Int {
        let problem = formulation.problem
        let encoding = formulation.encoding
        let objective = tieBreak?.objective ?? combinedObjective()
        var currentCombined = objective.value(in: values)
        var rng = SplitMix64(seed: seed)
        var improvements = 0
        var rotation = 0
        var idle = 0
        let hostCount = problem.hostIDs.count
        var size = min(hostsPerNeighbourhood, hostCount)
        guard size >= 2 else { return 0 }
        // Adaptive size: a neighbourhood solved to optimality well within its limit grows by one host,
        // one cut short by the limit shrinks by one (never below the initial size).
        let smallest = size
        let balance = formulation.objective == .balance && tieBreak == nil
        var plateau = balance ? Self.plateau(loads(values)) : (peak: 0, atPeak: 0)
        while ContinuousClock.now + .milliseconds(100) < deadline, cancellation?.isCancelled != true, idle < (patience ?? 6 * hostCount) {
            let on = problem.hostIDs.indices.filter { h in encoding.y[h].map { values[$0.index] > 0.5 } ?? false }
            guard !on.isEmpty else { break }
            let load = loads(values)
            let chosen = neighbourhood(on: on, load: load, values: values, rotation: rotation, size: size, rng: &rng)
            rotation += 1
            guard var subModel = fixing(outside: Set(chosen), values) else { idle += 1; continue }
            var parameters = SolveParameters(timeLimit: max(.milliseconds(1), min(subproblemLimit, deadline - .now)))
            parameters.cancellation = cancellation
            if balance {
                // The global peak is flat while any host outside the neighbourhood sits at it: lower the
                // neighbourhood's own peak instead, so that the hosts at the peak leave it one by one.
                subModel.minimize(localPeakObjective(&subModel, hosts: chosen, tieBreak: objective))
            } else {
                subModel.minimize(objective)
            }
            let began = ContinuousClock.now
            let solved = try? GLPKSolver().solve(subModel, parameters: parameters)
            if let solved, solved.status == .optimal, began.duration(to: .now) < subproblemLimit / 4 {
                size = min(size + 1, hostCount)
            } else if solved?.status != .optimal {
                size = max(smallest, size - 1)
            }
            guard let result = solved, result.status.hasSolution else {
                idle += 1
                continue
            }
            let combined = objective.value(in: result.values)
            let lower = combined < currentCombined - 1e-9 * max(1, abs(currentCombined))
            let after = balance ? Self.plateau(loads(result.values)) : plateau
            let better = !balance ? lower
                : after.peak < plateau.peak - 1e-9
                    || (after.peak <= plateau.peak + 1e-9 && (after.atPeak < plateau.atPeak || (after.atPeak == plateau.atPeak && lower)))
            guard better else { idle += 1; continue }
            let before = incumbent.best?.score
            incumbent.offer(placement: formulation.placement(from: result.values), name: "mip-lns")
            let improved = incumbent.best.map { best in before.map { best.score < $0 } ?? true } ?? false
            if improved { improvements += 1 }
            // Balance keeps a plateau move (fewer hosts at the peak) even when the incumbent's score is unchanged.
            guard improved || balance else { idle += 1; continue }
            values = result.values
            currentCombined = combined
            plateau = after
            idle = 0
        }
        return improvements
    }

    /// The peak load and how many hosts sit at it.
    private static func plateau(_ load: [Double]) -> (peak: Double, atPeak: Int) {
        let peak = load.max() ?? 0
        return (peak, load.filter { $0 >= peak - 1e-9 }.count)
    }

    /// A new column bounding the load of every resource on `hosts`, as the objective, with the
    /// global objective as a tie-break worth less than any change of that local peak.
    private func localPeakObjective(_ model: inout MIPModel, hosts: [Int], tieBreak: LinearExpr) -> LinearExpr {
        let local = model.addVariable("local_peak", kind: .continuous, lowerBound: 0)
        for (row, h, r) in formulation.encoding.peakRows(on: hosts, bounding: local) { model.addConstraint(row, name: "local_peak_\(h)_\(r)") }
        var expr = LinearExpr()
        expr.add(1, local)
        expr.add(tieBreak, scaledBy: 1e-3)
        return expr
    }

    /// primary + ε × secondary, with ε small enough that the secondary never outweighs one primary step.
    private func combinedObjective() -> LinearExpr {
        var expr = formulation.primary
        if let secondary = formulation.secondary {
            // Bound the secondary by the sum of its positive coefficients (each term ≤ its variable's bound ~ count).
            var total = 1.0
            for term in secondary.terms {
                let upper = formulation.model.variables[term.variable.index].upperBound ?? Double(formulation.problem.running.count)
                total += abs(term.coefficient) * max(1, upper.isFinite ? upper : Double(formulation.problem.running.count))
            }
            let step = formulation.primaryIsIntegral ? 0.5 : 1e-4
            expr.add(secondary, scaledBy: step / total)
        }
        return expr
    }

    /// Normalised load (highest share over resources) per host in `values`.
    private func loads(_ values: [Double]) -> [Double] {
        let problem = formulation.problem
        let encoding = formulation.encoding
        return problem.hostIDs.indices.map { h in
            var most = 0.0
            for r in problem.resources.indices where encoding.capacity(h, r) > 0 {
                let used = encoding.load(on: h, r).terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable.index] }
                most = max(most, used / encoding.capacity(h, r))
            }
            return most
        }
    }

    /// The hosts to free: in the tie-break phase, hosts that VMs left or reached; otherwise an anchor
    /// chosen by the objective (the emptiest host for minHosts, the most loaded for balance, a random
    /// host for the others) and the least loaded hosts for balance; then random hosts that are on.
    private func neighbourhood(
        on: [Int], load: [Double], values: [Double], rotation: Int, size: Int, rng: inout SplitMix64
    ) -> [Int] {
        let problem = formulation.problem
        var chosen: [Int] = []
        switch formulation.objective {
        case _ where tieBreak != nil:
            // Fewer moves: hosts that VMs left or reached, with the hosts they could go back to.
            var touched = displacedHosts(values)
            rng.shuffle(&touched)
            chosen.append(contentsOf: touched.prefix(size - size / 4))
        case .minHosts?:
            let lightest = on.sorted { (load[$0], $0) < (load[$1], $1) }
            chosen.append(lightest[rotation % min(lightest.count, 8)])
        case .balance?:
            // Hosts at the peak (up to half the neighbourhood, in turn), then the least loaded ones.
            let byLoad = on.sorted { (-load[$0], $0) < (-load[$1], $1) }
            let peak = load[byLoad[0]]
            let atPeak = byLoad.filter { load[$0] >= peak - 1e-9 }
            let taken = min(atPeak.count, max(1, size / 2))
            for k in 0..<taken { chosen.append(atPeak[(rotation * taken + k) % atPeak.count]) }
            for h in byLoad.reversed() where chosen.count < size - size / 4 && !chosen.contains(h) { chosen.append(h) }
        default:
            let all = Array(problem.hostIDs.indices)
            chosen.append(all[rng.below(all.count)])
        }
        var pool = (formulation.objective == .minHosts || formulation.objective == .balance ? on : Array(problem.hostIDs.indices))
            .filter { !chosen.contains($0) }
        rng.shuffle(&pool)
        for h in pool where chosen.count < size { chosen.append(h) }
        return chosen.sorted()
    }

    /// Hosts whose VMs differ from the current placement in `values`: a VM left them or reached them.
    private func displacedHosts(_ values: [Double]) -> [Int] {
        let problem = formulation.problem
        let encoding = formulation.encoding
        var touched = Set<Int>()
        for v in problem.running {
            guard let now = problem.current[v], let (target, _) = encoding.x[v].first(where: { values[$0.value.index] > 0.5 }),
                target != now
            else { continue }
            touched.insert(now)
            touched.insert(target)
        }
        for (c, vmClass) in encoding.classes.enumerated() {
            var count: [Int: Int] = [:]
            for v in vmClass.members { if let h = problem.current[v] { count[h, default: 0] += 1 } }
            for (h, variable) in encoding.n[c] { count[h, default: 0] -= Int(values[variable.index].rounded()) }
            for (h, difference) in count where difference != 0 { touched.insert(h) }
        }
        return touched.sorted()
    }

    /// The model with every column outside `free` fixed to `values`: VMs on other hosts stay, VMs on
    /// freed hosts may move only among them, class counts and host states outside stay.
    private func fixing(outside free: Set<Int>, _ values: [Double]) -> MIPModel? {
        let problem = formulation.problem
        let encoding = formulation.encoding
        var model = tieBreak?.model ?? formulation.model
        for (h, variable) in encoding.y.enumerated() where !free.contains(h) {
            if let variable { model.fix(variable, to: values[variable.index] > 0.5 ? 1 : 0) }
        }
        for v in problem.running {
            guard let (now, _) = encoding.x[v].first(where: { values[$0.value.index] > 0.5 }) else { continue }
            for (h, variable) in encoding.x[v] {
                if !free.contains(now) {
                    model.fix(variable, to: h == now ? 1 : 0)
                } else if !free.contains(h) {
                    model.fix(variable, to: 0)
                }
            }
        }
        for c in encoding.classes.indices {
            for (h, variable) in encoding.n[c] where !free.contains(h) {
                model.fix(variable, to: values[variable.index].rounded())
            }
        }
        return model
    }
}
