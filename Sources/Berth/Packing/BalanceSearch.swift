import BerthMIP

/// Local search for `balance`: repeatedly take the most loaded host (its highest utilisation over
/// resources) and move one of its VMs (a gather unit moves whole), or swap one with a smaller VM,
/// to a host that is on and ends less loaded than the peak was; keep the move that leaves the pair's
/// higher utilisation lowest, lightest VM on ties. Hosts keep their power state. Stops at a local
/// optimum (no move lowers the peak host), the deadline or on cancellation.
struct BalanceSearch: Sendable {
    let context: PackingContext
    /// Targets tried per VM, least loaded first.
    var targetsPerVM = 24
    var maxMoves = 100_000

    /// Moves made.
    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) -> Int {
        let problem = context.problem
        let hosts = problem.hostIDs.indices.filter { state.isOn($0) && problem.hostStates[$0] != .maintenance }
        guard hosts.count > 1 else { return 0 }
        var utilisation = [Double](repeating: 0, count: problem.hostIDs.count)
        for h in hosts { utilisation[h] = peak(h, state) }
        var moves = 0
        // Hosts whose VMs cannot move any more at their current load; cleared when a host changes.
        var stuck = Set<Int>()
        while moves < maxMoves {
            if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { break }
            guard let h = hosts.filter({ !stuck.contains($0) }).max(by: { (utilisation[$0], -$0) < (utilisation[$1], -$1) }),
                utilisation[h] > 0
            else { break }
            // The peak itself: stop when the most loaded host of all is stuck.
            if let top = hosts.max(by: { (utilisation[$0], -$0) < (utilisation[$1], -$1) }), utilisation[top] > utilisation[h] + 1e-12 { break }
            let targets = hosts.filter { $0 != h }.sorted { (utilisation[$0], $0) < (utilisation[$1], $1) }
            guard let move = bestMove(off: h, targets: targets, utilisation: utilisation, state) else {
                stuck.insert(h)
                continue
            }
            apply(move, &state)
            utilisation[h] = peak(h, state)
            utilisation[move.target] = peak(move.target, state)
            stuck.remove(move.target)
            moves += 1
        }
        return moves
    }

    private struct Move {
        let unit: [Int]
        let target: Int
        /// A VM (unit) coming back the other way, for swaps.
        let back: [Int]?
        let source: Int
        let worst: Double
        let weight: Double
    }

    private func bestMove(off h: Int, targets: [Int], utilisation: [Double], _ state: PackingState) -> Move? {
        let problem = context.problem
        let limit = utilisation[h] - 1e-9
        var best: Move?
        var units: [[Int]] = []
        for v in state.residents[h] {
            let unit = context.units[context.unitOf[v]]
            if unit[0] == v || !unit.contains(where: { state.residents[h].contains($0) && $0 < v }) {
                if !units.contains(unit) && unit.allSatisfy({ state.host(of: $0) == h }) { units.append(unit) }
            }
        }
        for unit in units {
            var scratch = state
            for v in unit { scratch.remove(v) }
            let sourceAfter = peak(h, scratch)
            guard sourceAfter < limit else { continue }
            let weight = unit.reduce(0.0) { $0 + problem.moveWeight($1) }
            var tried = 0
            for t in targets {
                if tried >= targetsPerVM { break }
                guard utilisation[t] < limit else { break }
                tried += 1
                guard context.admits(unit: unit, t, scratch) else { continue }
                var after = scratch
                _ = context.tryPlace(unit, on: t, &after)
                let worst = max(sourceAfter, peak(t, after))
                guard worst < limit else { continue }
                if best == nil || (worst, weight) < (best!.worst - 1e-12, best!.weight) {
                    best = Move(unit: unit, target: t, back: nil, source: h, worst: worst, weight: weight)
                }
                break  // targets come least loaded first: the first that takes the unit is the best for it
            }
        }
        if best != nil { return best }
        // No single move helps: swap a unit with a lighter one from a less loaded host.
        for unit in units {
            for t in targets.prefix(targetsPerVM) where utilisation[t] < limit {
                for w in state.residents[t] {
                    let other = context.units[context.unitOf[w]]
                    guard other[0] == w || other.count == 1, other.allSatisfy({ state.host(of: $0) == t }) else { continue }
                    var scratch = state
                    for v in unit { scratch.remove(v) }
                    for v in other { scratch.remove(v) }
                    guard context.tryPlace(unit, on: t, &scratch), context.tryPlace(other, on: h, &scratch) else { continue }
                    let worst = max(peak(h, scratch), peak(t, scratch))
                    guard worst < limit else { continue }
                    let weight = (unit + other).reduce(0.0) { $0 + problem.moveWeight($1) }
                    if best == nil || (worst, weight) < (best!.worst - 1e-12, best!.weight) {
                        best = Move(unit: unit, target: t, back: other, source: h, worst: worst, weight: weight)
                    }
                }
            }
            if best != nil { return best }
        }
        return best
    }

    private func apply(_ move: Move, _ state: inout PackingState) {
        for v in move.unit { state.remove(v) }
        if let back = move.back { for v in back { state.remove(v) } }
        _ = context.tryPlace(move.unit, on: move.target, &state)
        if let back = move.back { _ = context.tryPlace(back, on: move.source, &state) }
    }

    /// The host's highest utilisation over resources.
    func peak(_ h: Int, _ state: PackingState) -> Double {
        let capacity = context.problem.capacity[h]
        var most = 0.0
        for r in capacity.indices where capacity[r] > 0 { most = max(most, state.load[h][r] / capacity[r]) }
        return most
    }
}

/// Undoes moves that buy nothing: a VM (or gather unit) that left its host goes back when it is
/// admitted there and the objective's primary measure does not get worse (hosts on, the peak).
struct MoveTrim: Sendable {
    let context: PackingContext

    /// VMs sent home.
    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) -> Int {
        let problem = context.problem
        guard context.objective != .minCost else { return 0 }
        let balance = BalanceSearch(context: context)
        var peak = 0.0
        if context.objective == .balance {
            for h in problem.hostIDs.indices where state.isOn(h) { peak = max(peak, balance.peak(h, state)) }
        }
        var trimmed = 0
        // Heaviest first: they cost the most to move.
        let order = context.units.indices.sorted { a, b in
            let wa = context.units[a].reduce(0.0) { $0 + problem.moveWeight($1) }
            let wb = context.units[b].reduce(0.0) { $0 + problem.moveWeight($1) }
            return (-wa, a) < (-wb, b)
        }
        for u in order {
            if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { break }
            let unit = context.units[u]
            guard let home = context.home(of: unit),
                let now = state.host(of: unit[0]), now != home, unit.allSatisfy({ state.host(of: $0) == now })
            else { continue }
            // minHosts: only onto a host that is on anyway (the host left behind may switch off).
            if context.objective == .minHosts && !state.isOn(home) { continue }
            let trial = state.beginTrial()
            for v in unit { state.remove(v) }
            guard context.tryPlace(unit, on: home, &state),
                !(context.objective == .balance && balance.peak(home, state) > peak + 1e-12)
            else {
                state.rollback(to: trial)
                continue
            }
            state.commit(trial)
            trimmed += unit.count
        }
        trimmed += returnByEviction(&state, order: order, peak: peak, deadline: deadline, cancellation: cancellation)
        return trimmed
    }

    /// A unit away from home goes back when VMs that are themselves away from home make room
    /// there: moving those elsewhere (their own home first) costs no moved memory, so every such
    /// return is a pure gain. Evictees go smallest first to the host they fit tightest.
    private func returnByEviction(
        _ state: inout PackingState, order: [Int], peak: Double, deadline: ContinuousClock.Instant, cancellation: CancellationToken?
    ) -> Int {
        let problem = context.problem
        let balance = BalanceSearch(context: context)
        func away(_ unit: [Int], _ state: PackingState) -> Bool {
            guard let now = state.host(of: unit[0]) else { return false }
            return unit.contains { problem.current[$0] != now }
        }
        var returned = 0
        for u in order {
            if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { break }
            let unit = context.units[u]
            guard let home = context.home(of: unit), let now = state.host(of: unit[0]), now != home, state.isOn(home)
            else { continue }
            let trial = state.beginTrial()
            for v in unit { state.remove(v) }
            if context.tryPlace(unit, on: home, &state) {  // the first pass's job, blocked by the peak
                state.rollback(to: trial)
                continue
            }
            var seen = Set<Int>()
            let evictees = state.residents[home].compactMap { v -> [Int]? in
                guard seen.insert(context.unitOf[v]).inserted else { return nil }
                let other = context.units[context.unitOf[v]]
                return away(other, state) ? other : nil
            }.sorted { (context.size(of: $0).reduce(0, +), $0[0]) < (context.size(of: $1).reduce(0, +), $1[0]) }
            var placed = false
            for evictee in evictees {
                for v in evictee { state.remove(v) }
                var target: Int?
                if let own = context.home(of: evictee), own != home, state.isOn(own), context.admits(unit: evictee, own, state) {
                    target = own
                } else {
                    let current = state
                    target = context.tightestHost(for: evictee, current) { $0 != home && current.isOn($0) }
                }
                guard let target, context.tryPlace(evictee, on: target, &state) else { break }
                if context.objective == .balance && balance.peak(target, state) > peak + 1e-12 { break }
                if context.tryPlace(unit, on: home, &state) { placed = true; break }
            }
            guard placed, !(context.objective == .balance && balance.peak(home, state) > peak + 1e-12) else {
                state.rollback(to: trial)
                continue
            }
            // minHosts: the host left behind may empty; it never adds a host, since targets are on.
            state.commit(trial)
            returned += unit.count
        }
        return returned
    }
}
