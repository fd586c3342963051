/// Constructive vector bin packing heuristics, constraint-aware: a VM goes only to a host its
/// domain allows, with room left, and that every relevant constraint's admission test accepts.
///
/// Complexities (n units to place, H hosts, d resources, t admission tests per pair):
/// - item-centric first/best/worst fit decreasing: sort O(n log n) + O(n · H · (d + t));
/// - bin-centric dot-product / L2-norm / cosine greedy: O(H_used · n · (d + t)), since every open
///   host scans the units left;
/// - bin-centric minimum slack: O(H_used · B · (d + t)) for a budget of B admission tests per host.
package enum VectorPacker: Sendable, Hashable, CustomStringConvertible {
    /// Where an item-centric packer puts the next (largest) unit.
    public enum Fit: String, Sendable, CaseIterable, Codable {
        /// The first host, in switching-on order, that admits it: hosts already on first.
        case first
        /// The host left with the least normalised slack (Σ residual), hosts already on first.
        case best
        /// The host left with the most normalised slack (spreads load; suits `balance`).
        case worst
    }

    /// Bin-centric greedy rules of Panigrahy et al.: fill one host at a time with the unit that
    /// best matches its remaining capacity.
    public enum BinRule: String, Sendable, CaseIterable, Codable {
        /// Largest dot product between the host's residual and the unit's demand (weighted by scarcity).
        case dotProduct
        /// Smallest L2 norm of (residual − demand) after placing the unit.
        case l2Norm
        /// The unit whose demand points most nearly along the host's residual, both relative to the
        /// host's capacity (largest cosine; the larger unit among near-equal angles). It keeps each host's
        /// use close to the diagonal of its resource cube (the "resource imbalance" idea of Mishra &
        /// Sahoo), so cpu-heavy and memory-heavy VMs share hosts: where dot product and L2 fill the first
        /// hosts with the largest VMs of one shape and strand the other resource, it reaches the
        /// memory bound on mixed flavours.
        case cosine
        /// Minimum bin slack (Gupta & Ho, 1999): fill the host with the subset of units that leaves
        /// the least normalised slack, by depth-first search over units largest first, cut at
        /// `minimumSlackNodeBudget` admission tests per host. Suits instances where optima fill hosts exactly.
        case minimumSlack
    }

    /// Search nodes per host for `minimumSlack`.
    static let minimumSlackNodeBudget = 50_000

    case itemCentric(Fit, ItemSize)
    case binCentric(BinRule)

    public var description: String {
        switch self {
        case .itemCentric(let fit, let size): "\(fit.rawValue)-fit-decreasing/\(size.rawValue)"
        case .binCentric(let rule): "bin-centric/\(rule.rawValue)"
        }
    }

    /// Every packer of the family.
    public static var all: [VectorPacker] {
        Fit.allCases.flatMap { fit in ItemSize.allCases.map { .itemCentric(fit, $0) } } + BinRule.allCases.map { .binCentric($0) }
    }

    /// Places every unit not yet placed in `state`. Returns `false` when some unit found no host
    /// (the state then holds what could be placed).
    /// `giveUp`, polled every 16 units (one unit scans every host: on 5,000 hosts, 256 units took
    /// ~50 ms), abandons the packing (returning `false`).
    /// - Parameter candidateLimit: best and worst fit choose among the first this many admitted hosts
    ///   (in opening order) instead of all of them; `nil` scans every host.
    func pack(
        _ context: PackingContext, _ state: inout PackingState, preferCurrentHost: Bool = false, giveUp: (() -> Bool)? = nil,
        candidateLimit: Int? = nil
    ) -> Bool {
        guard !state.hasHostStateConflict, !context.exceedsMaxOnline(state) else { return false }
        var pending = context.units.filter { unit in unit.allSatisfy { state.host(of: $0) == nil } }
        // Units with no choice (root VMs, one-host fences) go first: their host is on whatever the
        // packer does, and a host limit (maxOnline) must count it before switching others on.
        pending.removeAll { unit in
            guard let h = context.domains.onlyHost(of: unit[0]), unit.allSatisfy({ context.domains.onlyHost(of: $0) == h }) else { return false }
            return context.tryPlace(unit, on: h, &state)
        }
        switch self {
        case .itemCentric(let fit, let key):
            return packItems(pending, fit: fit, key: key, context, &state, preferCurrentHost: preferCurrentHost, giveUp: giveUp,
                             candidateLimit: candidateLimit)
        case .binCentric(let rule):
            return packBins(pending, rule: rule, context, &state, giveUp: giveUp)
        }
    }

    private func packItems(
        _ pending: [[Int]], fit: Fit, key: ItemSize, _ context: PackingContext, _ state: inout PackingState,
        preferCurrentHost: Bool, giveUp: (() -> Bool)?, candidateLimit: Int?
    ) -> Bool {
        let keys = pending.map { key.value(context.size(of: $0), scarcity: context.scarcity) }
        // Most constrained first: units whose rules list their hosts (a fence to a rack) before the
        // others fill those hosts up; then largest first.
        let tier = pending.map { unit in unit.contains(where: context.domains.isRestricted) ? 0 : 1 }
        let order = pending.indices.sorted { (tier[$0], -keys[$0], pending[$0][0]) < (tier[$1], -keys[$1], pending[$1][0]) }
        var complete = true
        for (k, i) in order.enumerated() {
            if k % 16 == 15, giveUp?() == true { return false }
            let unit = pending[i]
            if preferCurrentHost, let h = context.problem.current[unit[0]],
                unit.allSatisfy({ context.problem.current[$0] == h }), context.tryPlace(unit, on: h, &state)
            {
                continue
            }
            if let host = chooseHost(unit, fit: fit, context, state, candidateLimit: candidateLimit) {
                _ = context.tryPlace(unit, on: host, &state)
            } else {
                complete = false
            }
        }
        return complete
    }

    /// Hosts already on are preferred over switching one on; among those off, the switching-on order decides.
    private func chooseHost(
        _ unit: [Int], fit: Fit, _ context: PackingContext, _ state: PackingState, candidateLimit: Int?
    ) -> Int? {
        func admitted(_ h: Int) -> Bool { context.admits(unit: unit, h, state) }
        let demand = context.size(of: unit)
        func slack(_ h: Int) -> Double { context.normalisedSlack(h, state, after: demand) }
        var best: (host: Int, score: Double)?
        var candidates = 0
        for h in context.openingOrder where state.isOn(h) {
            guard best == nil || fit != .first else { break }
            if let candidateLimit, candidates >= candidateLimit { break }
            guard admitted(h) else { continue }
            candidates += 1
            let score: Double = switch fit {
            case .first: 0
            case .best: slack(h)
            case .worst: -slack(h)
            }
            if best == nil || score < best!.score - 1e-12 { best = (h, score) }
        }
        if let best { return best.host }
        for h in context.openingOrder where !state.isOn(h) && admitted(h) { return h }
        return nil
    }

    private func packBins(
        _ pending: [[Int]], rule: BinRule, _ context: PackingContext, _ state: inout PackingState, giveUp: (() -> Bool)?
    ) -> Bool {
        // Units whose rules list their hosts (a fence to a rack) first, largest first, each on the first
        // host that admits it: filled one at a time in opening order, the fenced rack's hosts would
        // be full of others by the time their turn came, or switched on last for a few VMs. The hosts
        // they switch on are then filled like any other.
        var complete = true
        let isRestricted = pending.map { unit in unit.contains(where: context.domains.isRestricted) }
        let restricted = pending.indices.filter { isRestricted[$0] }.map { pending[$0] }
        let keys = restricted.map { ItemSize.sum.value(context.size(of: $0), scarcity: context.scarcity) }
        for i in restricted.indices.sorted(by: { (-keys[$0], restricted[$0][0]) < (-keys[$1], restricted[$1][0]) }) {
            guard let host = chooseHost(restricted[i], fit: .first, context, state, candidateLimit: nil) else {
                complete = false
                continue
            }
            _ = context.tryPlace(restricted[i], on: host, &state)
        }
        var left = pending.indices.filter { !isRestricted[$0] }.map { pending[$0] }.sorted { $0[0] < $1[0] }
        // Hosts already on are filled first, then hosts are switched on in order.
        let hosts = context.openingOrder.filter { state.isOn($0) } + context.openingOrder.filter { !state.isOn($0) }
        for (k, h) in hosts.enumerated() where !left.isEmpty {
            if k % 16 == 15, giveUp?() == true { return false }
            if rule == .minimumSlack {
                let chosen = minimumSlackSubset(left, on: h, context, state)
                for i in chosen { _ = context.tryPlace(left[i], on: h, &state) }
                for i in chosen.sorted(by: >) { left.remove(at: i) }
                continue
            }
            // Cosine compares shapes relative to this host's own capacity (reference units ÷ capacity).
            let hostScale = context.problem.capacity[h].indices.map { r in
                let capacity = context.problem.capacity[h][r]
                return capacity > 0 ? context.reference[r] / capacity : 0
            }
            while true {
                let residual = context.normalisedResidual(h, state)
                var best: (index: Int, score: Double)?
                for (i, unit) in left.enumerated() {
                    let demand = context.size(of: unit)
                    guard zip(residual, demand).allSatisfy({ $0.1 <= $0.0 + 1e-9 }) else { continue }
                    let score: Double = switch rule {
                    case .dotProduct:
                        -zip(zip(residual, demand), context.scarcity).reduce(0.0) { $0 + $1.0.0 * $1.0.1 * max($1.1, 1e-6) }
                    case .l2Norm, .minimumSlack:
                        zip(residual, demand).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                    case .cosine:
                        -Self.alignment(residual: residual, demand: demand, scale: hostScale)
                    }
                    if best == nil || score < best!.score - 1e-12, context.admits(unit: unit, h, state) { best = (i, score) }
                }
                guard let chosen = best else { break }
                _ = context.tryPlace(left[chosen.index], on: h, &state)
                left.remove(at: chosen.index)
            }
        }
        // A unit no host took in its turn (a rule against the VMs already there) gets the first host that admits it.
        for unit in left {
            if let host = chooseHost(unit, fit: .first, context, state, candidateLimit: nil) {
                _ = context.tryPlace(unit, on: host, &state)
            } else {
                complete = false
            }
        }
        return complete
    }

    /// Cosine between residual and demand once both are scaled to the host's capacity, plus 1 % of
    /// the unit's size (Σ of its shares), so that among units of one shape the largest goes first.
    static func alignment(residual: [Double], demand: [Double], scale: [Double]) -> Double {
        var dot = 0.0, residualNorm = 0.0, demandNorm = 0.0, share = 0.0
        for r in residual.indices where scale[r] > 0 {
            let a = max(residual[r], 0) * scale[r], b = demand[r] * scale[r]
            dot += a * b
            residualNorm += a * a
            demandNorm += b * b
            share += b
        }
        guard residualNorm > 0, demandNorm > 0 else { return 0.01 * share }
        return dot / (residualNorm.squareRoot() * demandNorm.squareRoot()) + 0.01 * share
    }

    /// Indices into `left` of the units that fill host `h` best (largest Σ_r load_r ÷ capacity_r).
    private func minimumSlackSubset(_ left: [[Int]], on h: Int, _ context: PackingContext, _ state: PackingState) -> [Int] {
        let problem = context.problem
        let capacity = problem.capacity[h]
        func fill(_ unit: [Int]) -> Double {
            let demand = context.demand(of: unit)
            return demand.indices.reduce(0.0) { $0 + (capacity[$1] > 0 ? demand[$1] / capacity[$1] : 0) }
        }
        let fills = left.map(fill)
        let order = left.indices.sorted { (-fills[$0], $0) < (-fills[$1], $1) }
        let perfect = Double(capacity.filter { $0 > 0 }.count) - 1e-9
        var scratch = state
        let startFill = problem.resources.indices.reduce(0.0) { $0 + (capacity[$1] > 0 ? state.load[h][$1] / capacity[$1] : 0) }
        var best: [Int] = []
        var bestFill = startFill
        var current: [Int] = []
        var nodes = 0
        func search(_ from: Int, _ filled: Double) {
            nodes += 1
            if filled > bestFill + 1e-12 {
                bestFill = filled
                best = current
            }
            guard nodes < Self.minimumSlackNodeBudget, bestFill < perfect else { return }
            var k = from
            while k < order.count {
                let i = order[k]
                nodes += 1  // every admission test counts, so the budget bounds the work per host
                if nodes >= Self.minimumSlackNodeBudget { return }
                if context.admits(unit: left[i], h, scratch) {
                    _ = context.tryPlace(left[i], on: h, &scratch)
                    current.append(i)
                    search(k + 1, filled + fills[i])
                    current.removeLast()
                    for v in left[i].reversed() { scratch.remove(v) }
                    if nodes >= Self.minimumSlackNodeBudget || bestFill >= perfect { return }
                }
                k += 1
            }
        }
        search(0, startFill)
        return best
    }
}
