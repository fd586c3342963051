import BerthMIP

/// Local search for `minHosts`: try to empty the least-loaded hosts one at a time by moving their
/// VMs (largest first, best fit) onto other hosts that are on; keep a move only when the whole
/// host empties. One pass costs O(H · k · H · (d + t)) for k VMs per host; passes repeat until
/// nothing empties, the deadline passes or the token is cancelled.
struct HostEmptying: Sendable {
    let context: PackingContext

    func improve(_ state: inout PackingState, deadline: ContinuousClock.Instant, cancellation: CancellationToken? = nil) {
        let problem = context.problem
        var improved = true
        while improved {
            improved = false
            let candidates = problem.hostIDs.indices.filter { !state.residents[$0].isEmpty && !state.forcedOn[$0] }
            // Emptiest first: most normalised room left.
            let room = candidates.map { context.normalisedResidual($0, state).reduce(0, +) }
            let order = candidates.indices.sorted { (-room[$0], candidates[$0]) < (-room[$1], candidates[$1]) }.map { candidates[$0] }
            for h in order {
                if ContinuousClock.now >= deadline || cancellation?.isCancelled == true { return }
                if tryEmpty(h, &state) { improved = true }
            }
        }
    }

    /// Moves every VM off `h` or changes nothing.
    func tryEmpty(_ h: Int, _ state: inout PackingState) -> Bool {
        var unitIndices: [Int] = []
        for v in state.residents[h] where !unitIndices.contains(context.unitOf[v]) { unitIndices.append(context.unitOf[v]) }
        let units = unitIndices.map { context.units[$0] }
        for unit in units { for v in unit { state.remove(v) } }
        let keys = units.map { context.size(of: $0).reduce(0, +) }
        var moved: [[Int]] = []
        var success = true
        for i in units.indices.sorted(by: { (-keys[$0], $0) < (-keys[$1], $1) }) {
            let unit = units[i]
            guard let target = context.tightestHost(for: unit, state, where: { $0 != h && state.isOn($0) }) else { success = false; break }
            _ = context.tryPlace(unit, on: target, &state)
            moved.append(unit)
        }
        if success { return true }
        for unit in moved { for v in unit { state.remove(v) } }
        for unit in units { for v in unit where state.host(of: v) == nil { state.place(v, on: h) } }
        return false
    }
}
