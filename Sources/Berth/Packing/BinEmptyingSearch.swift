import BerthMIP

/// Ejection search for `minHosts` (in the manner of consistent neighbourhood search for bin
/// packing): to switch off one more host, take the VMs of a lightly loaded host out as *pending*
/// units and fit them into the other hosts that are on. A pending unit goes straight onto a host
/// that admits it, or else onto a host after ejecting one or two of that host's units, which join
/// the pending set; the move chosen is the one that leaves the least pending size (normalised
/// demand), ties broken by the seeded generator. Units just moved in may not be ejected again for
/// `tabuTenure` steps, so the search walks on instead of cycling.
///
/// Every placement goes through the admission tests (`PackingContext.admits`), and a host emptied
/// this way is kept only when the whole placement scores better and passes the checker. Hosts
/// forced on (sleeping VMs, `online`) are never emptied; no host that is off is switched on.
///
/// One step costs O(p · H · k² · (d + t)) for p pending units, H hosts on and k units per host.
/// The search stops at the deadline, on cancellation, after `maxSteps` steps in all, after
/// `patience` attempts in a row that switch no host off, or when `floor` hosts are on. Same seed
/// and step budget ⇒ same result.
struct BinEmptyingSearch: Sendable {
    let context: PackingContext
    var seed: UInt64 = 1
    /// Steps spent trying to empty one host before starting again from the best placement with another host.
    var stepsPerAttempt = 5_000
    /// Steps over all attempts (`Int.max`: until the deadline).
    var maxSteps = Int.max
    /// Steps during which a unit that just moved onto a host may not be ejected from it.
    var tabuTenure = 5
    /// Stop once this many hosts are on (a lower bound: nothing to gain below it).
    var floor = 0
    /// Stop after this many attempts in a row that switch no host off.
    var patience = 20

    /// Switches hosts off while it can; returns how many it switched off.
    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) -> Int {
        let problem = context.problem
        var rng = SplitMix64(seed: seed)
        let weight = context.units.map { context.size(of: $0).reduce(0, +) }
        var switchedOff = 0
        var steps = 0
        var attempt = 0
        var bestScore = context.score(state.placement)
        var failures = 0
        while steps < maxSteps, failures < patience {
            if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { break }
            let on = problem.hostIDs.indices.filter(state.isOn)
            guard on.count > max(1, floor) else { break }
            // Lightest hosts first (least normalised load), by index on ties.
            let emptiable = on.filter { !state.residents[$0].isEmpty && !state.forcedOn[$0] }
            guard !emptiable.isEmpty else { break }
            let load = emptiable.map { h in unitsOn(h, state).reduce(0.0) { $0 + weight[$1] } }
            let lightest = emptiable.indices.sorted { (load[$0], emptiable[$0]) < (load[$1], emptiable[$1]) }.map { emptiable[$0] }
            let victim = attempt == 0 ? lightest[0] : lightest[Int(rng.next() % UInt64(min(3, lightest.count)))]
            attempt += 1
            let budget = min(stepsPerAttempt, maxSteps - steps)
            var attemptSteps = 0
            let emptied = tryEmpty(
                victim, in: state, targets: on.filter { $0 != victim }, weight: weight, rng: &rng, budget: budget,
                steps: &attemptSteps, deadline: deadline, cancellation: cancellation)
            steps += attemptSteps
            failures += 1
            guard let emptied else { continue }
            let placement = emptied.placement
            let score = context.score(placement)
            guard score < bestScore, PlacementChecker.check(problem.instance, placement).isEmpty else { continue }
            failures = 0
            state = emptied
            bestScore = score
            switchedOff += 1
            attempt = 0
        }
        return switchedOff
    }

    /// Units with a VM on `h`, each once, in resident order.
    private func unitsOn(_ h: Int, _ state: PackingState) -> [Int] {
        var units: [Int] = []
        for v in state.residents[h] where !units.contains(context.unitOf[v]) { units.append(context.unitOf[v]) }
        return units
    }

    /// A move: put pending unit `unit` on `host` after ejecting `ejected` from it.
    private struct Move {
        var unit: Int
        var host: Int
        var ejected: [Int]
        var delta: Double
    }

    /// `state` with `victim` empty and its VMs spread over `targets`, or `nil` within `budget` steps.
    private func tryEmpty(
        _ victim: Int, in state: PackingState, targets: [Int], weight: [Double], rng: inout SplitMix64, budget: Int,
        steps: inout Int, deadline: ContinuousClock.Instant, cancellation: CancellationToken?
    ) -> PackingState? {
        var work = state
        var pending = unitsOn(victim, work)
        for u in pending { for v in context.units[u] { work.remove(v) } }
        var tabuUntil = [Int](repeating: 0, count: context.units.count)
        while steps < budget {
            if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { return nil }
            steps += 1
            insertDirectly(&pending, into: targets, &work, weight: weight)
            if pending.isEmpty { return work }
            let (found, tabuBlocked) = bestEjection(pending, targets: targets, work, weight: weight, step: steps, tabuUntil: tabuUntil, rng: &rng)
            guard let move = found else {
                if tabuBlocked { continue }  // wait for the tabu to lapse
                return nil  // no ejection admits any pending unit: this host stays on
            }
            for e in move.ejected { for v in context.units[e] { work.remove(v) } }
            guard context.tryPlace(context.units[move.unit], on: move.host, &work) else { return nil }  // admitted a moment ago
            pending.removeAll { $0 == move.unit }
            pending += move.ejected
            tabuUntil[move.unit] = steps + tabuTenure
        }
        return nil
    }

    /// Places pending units (largest first) on the admitting host with the least normalised room left.
    private func insertDirectly(_ pending: inout [Int], into targets: [Int], _ work: inout PackingState, weight: [Double]) {
        for u in pending.sorted(by: { (-weight[$0], $0) < (-weight[$1], $1) }) {
            let unit = context.units[u]
            var best: (host: Int, room: Double)?
            for h in targets where context.admits(unit: unit, h, work) {
                let room = context.normalisedResidual(h, work).reduce(0, +)
                if best == nil || room < best!.room - 1e-12 { best = (h, room) }
            }
            if let best, context.tryPlace(unit, on: best.host, &work) { pending.removeAll { $0 == u } }
        }
    }

    /// The admissible ejection of one or two non-tabu units that leaves the least pending size, and
    /// whether some ejection was passed over only because it is tabu.
    private func bestEjection(
        _ pending: [Int], targets: [Int], _ work: PackingState, weight: [Double], step: Int, tabuUntil: [Int], rng: inout SplitMix64
    ) -> (move: Move?, tabuBlocked: Bool) {
        var tabuBlocked = false
        var scratch = work
        var best: Move?
        var ties = 0
        let resources = context.problem.resources.indices
        for u in pending {
            let demand = context.demand(of: context.units[u])
            for h in targets {
                let residents = unitsOn(h, work)
                let capacity = context.problem.capacity[h]
                var subsets: [[Int]] = residents.map { [$0] }
                for i in residents.indices { for j in residents.indices where j > i { subsets.append([residents[i], residents[j]]) } }
                for ejected in subsets {
                    let delta = ejected.reduce(0.0) { $0 + weight[$1] } - weight[u]
                    if let best, delta > best.delta + 1e-12 { continue }
                    if ejected.contains(where: { tabuUntil[$0] > step }) { tabuBlocked = true; continue }
                    // Capacity first, on the arithmetic alone.
                    let freed = ejected.map { context.demand(of: context.units[$0]) }
                    let fits = resources.allSatisfy { r in
                        work.load[h][r] - freed.reduce(0.0) { $0 + $1[r] } + demand[r] <= capacity[r] + 1e-9 * abs(capacity[r])
                    }
                    guard fits else { continue }
                    for e in ejected { for v in context.units[e] { scratch.remove(v) } }
                    let admitted = context.admits(unit: context.units[u], h, scratch)
                    for e in ejected { for v in context.units[e] { scratch.place(v, on: h) } }
                    guard admitted else { continue }
                    if let current = best, delta >= current.delta - 1e-12 {
                        ties += 1
                        if rng.next() % UInt64(ties + 1) != 0 { continue }
                    } else {
                        ties = 0
                    }
                    best = Move(unit: u, host: h, ejected: ejected, delta: delta)
                }
            }
        }
        return (best, tabuBlocked)
    }
}
