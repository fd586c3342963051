import BerthMIP

/// Tie-break search for `minHosts`: at the same number of hosts, switch on a host that the
/// packing left off although much of its memory could stay home, and switch off one whose VMs
/// cost less to move. Emptying and packing decide *how many* hosts stay on; which ones decides
/// most of the memory moved (on the generated 150–200-host clusters the packers kept 60 hosts
/// with 25 % more memory moved than emptying the lightest ones would cost).
///
/// One exchange `(a on, b off)`: every VM on `b` leaves, the VMs whose home is `a` return there
/// (heaviest first), and `b`'s VMs go home when their home is on, else to the on host they fit
/// tightest; kept only when every rule admits it, no more hosts are on and less memory moves.
/// A pair is tried only when `a`'s memory away from home exceeds the memory `b` keeps at home,
/// the most the exchange can gain.
struct HostExchange: Sendable {
    let context: PackingContext

    /// Exchanges made.
    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) -> Int {
        let problem = context.problem
        // The primary must stay the host count: costs or soft rules would need the full score.
        guard context.objective == .minHosts, context.hostCost == nil, !problem.hasSoftRules else { return 0 }
        var exchanges = 0
        var tried = Set<[Int]>()
        search: while ContinuousClock.now < deadline, cancellation?.isCancelled != true {
            var away = [Double](repeating: 0, count: problem.hostIDs.count)
            var kept = [Double](repeating: 0, count: problem.hostIDs.count)
            for v in problem.running {
                guard let home = problem.current[v] else { continue }
                if state.host(of: v) == home { kept[home] += problem.moveWeight(v) } else { away[home] += problem.moveWeight(v) }
            }
            let off = problem.hostIDs.indices.filter {
                !state.isOn($0) && !state.forcedOff[$0] && problem.hostStates[$0] != .maintenance && away[$0] > 0
            }.sorted { (-away[$0], $0) < (-away[$1], $1) }
            let on = problem.hostIDs.indices.filter { state.isOn($0) && !state.forcedOn[$0] }
                .sorted { (kept[$0], $0) < (kept[$1], $1) }
            let hostsOn = problem.hostIDs.indices.reduce(0) { $0 + (state.isOn($1) ? 1 : 0) }
            let moved = movedWeight(state)
            for a in off {
                for b in on {
                    guard kept[b] < away[a] - 1e-9 else { break }  // `on` is sorted by kept memory
                    if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { break search }
                    // A pair that failed once fails again unless the placement changed; remember per placement.
                    let key = [a, b, Int(moved.rounded())]
                    guard !tried.contains(key) else { continue }
                    tried.insert(key)
                    for homeFirst in [true, false] {
                        guard var scratch = exchange(on: a, off: b, homeFirst: homeFirst, state) else { continue }
                        let count = problem.hostIDs.indices.reduce(0) { $0 + (scratch.isOn($1) ? 1 : 0) }
                        guard count <= hostsOn, !context.exceedsMaxOnline(scratch) else { continue }
                        returnHome(&scratch)
                        if movedWeight(scratch) < moved - 1e-9 {
                            state = scratch
                            exchanges += 1
                            continue search
                        }
                    }
                }
            }
            break
        }
        return exchanges
    }

    /// Exchanges on the incumbent's best placement, then move trimming; the result is offered to
    /// the incumbent. Returns whether the incumbent improved.
    func improve(_ incumbent: inout Incumbent, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) -> Bool {
        guard var best = incumbent.best else { return false }
        let exchanges = improve(&best.state, deadline: deadline, cancellation: cancellation)
        guard exchanges > 0 else { return false }
        _ = MoveTrim(context: context).improve(&best.state, deadline: deadline, cancellation: cancellation)
        incumbent.offer(state: best.state, name: best.name + "+x\(exchanges)")
        return incumbent.best.map { $0.score < best.score } ?? false
    }

    /// Memory moved by the placement built so far.
    func movedWeight(_ state: PackingState) -> Double {
        let problem = context.problem
        var total = 0.0
        for v in problem.running {
            if let home = problem.current[v], let now = state.host(of: v), now != home { total += problem.moveWeight(v) }
        }
        return total
    }

    private func units(on h: Int, _ state: PackingState) -> [[Int]] {
        var seen = Set<Int>()
        var result: [[Int]] = []
        for v in state.residents[h] where seen.insert(context.unitOf[v]).inserted { result.append(context.units[context.unitOf[v]]) }
        return result
    }

    private func weight(_ unit: [Int]) -> Double { unit.reduce(0.0) { $0 + context.problem.moveWeight($1) } }

    /// The state after the exchange, or nil when some VM of `b` finds no host.
    private func exchange(on a: Int, off b: Int, homeFirst: Bool, _ state: PackingState) -> PackingState? {
        var scratch = state
        var evicted = units(on: b, state)
        for unit in evicted { for v in unit { scratch.remove(v) } }
        // Units entirely at home on `a`, heaviest first.
        let homeUnits = context.units.filter { context.home(of: $0) == a }
            .sorted { (-weight($0), $0[0]) < (-weight($1), $1[0]) }
        func bringHome() {
            for unit in homeUnits {
                let from = scratch.host(of: unit[0])
                guard from != a else { continue }
                for v in unit { scratch.remove(v) }
                if context.tryPlace(unit, on: a, &scratch) {
                    evicted.removeAll { $0[0] == unit[0] }
                } else if let from {
                    _ = context.tryPlace(unit, on: from, &scratch)
                }
            }
        }
        if homeFirst { bringHome() }
        evicted.sort { (-weight($0), $0[0]) < (-weight($1), $1[0]) }
        for unit in evicted where scratch.host(of: unit[0]) == nil {
            if let home = context.home(of: unit), home != b, scratch.isOn(home) || home == a,
                context.tryPlace(unit, on: home, &scratch)
            {
                continue
            }
            guard let target = context.tightestHost(for: unit, scratch, where: { $0 != b && (scratch.isOn($0) || $0 == a) }),
                context.tryPlace(unit, on: target, &scratch)
            else { return nil }
        }
        if !homeFirst { bringHome() }
        return scratch.residents[b].isEmpty && !scratch.residents[a].isEmpty ? scratch : nil
    }

    /// VMs away from a home that is on go back when admitted (heaviest first): the exchange may
    /// have freed room at home.
    private func returnHome(_ state: inout PackingState) {
        for unit in context.units {
            guard let home = context.home(of: unit), let now = state.host(of: unit[0]), now != home, state.isOn(home)
            else { continue }
            var scratch = state
            for v in unit { scratch.remove(v) }
            if context.tryPlace(unit, on: home, &scratch) { state = scratch }
        }
    }
}
