/// Repair heuristic: keep every VM where it is unless it must move, then re-place the few that do.
///
/// 1. Every running VM with a usable current host stays there (O(n)).
/// 2. VMs named by a non-capacity violation of the current placement (spread, among, lonely,
///    ban, fence, …), on maintenance or `offline` hosts, or outside their domain, are lifted.
/// 3. Each overloaded host sheds VMs by decreasing Sandpiper VSR until it fits, then takes back
///    any shed VM that still fits (fewest moves), O(k log k) per hot host with k residents.
/// 4. The lifted VMs are re-placed by an item-centric packer that tries the current host first.
///
/// Overall O(n + checker + m · H · (d + t)) for m lifted VMs: linear in the cluster when few move.
struct RepairPacker: Sendable {
    let context: PackingContext
    /// Packer for the lifted VMs.
    var packer: VectorPacker = .itemCentric(.best, .scarcityWeightedSum)

    func repair() -> PackingState {
        let problem = context.problem
        var state = context.emptyState()
        var lifted = Set<Int>()
        for violation in problem.currentViolations where violation.kind != BuiltinRule.capacity.rawValue {
            lifted.formUnion(violation.vms.compactMap { problem.vmIndex[$0] })
        }
        for unit in context.units {
            guard let h = problem.current[unit[0]], unit.allSatisfy({ problem.current[$0] == h && !lifted.contains($0) }),
                !state.forcedOff[h], problem.hostStates[h] != .maintenance,
                unit.allSatisfy({ context.domains.isAllowed($0, h) })
            else { continue }
            for v in unit { state.place(v, on: h) }
        }
        // Shed load from hot hosts, Sandpiper order; units move whole.
        for h in problem.hostIDs.indices where state.isOverloaded(h) {
            let order = state.residents[h].sorted {
                (-SandpiperVolume.vsr($0, on: h, problem), $0) < (-SandpiperVolume.vsr($1, on: h, problem), $1)
            }
            var shed: [Int] = []
            for v in order where state.isOverloaded(h) && state.host(of: v) == h {
                for member in context.units[context.unitOf[v]] where state.host(of: member) == h {
                    state.remove(member)
                    shed.append(member)
                }
            }
            // Take back, largest first, whatever fits again.
            for v in shed.sorted(by: { (-SandpiperVolume.volume($0, on: h, problem), $0) < (-SandpiperVolume.volume($1, on: h, problem), $1) }) {
                let unit = context.units[context.unitOf[v]]
                guard state.host(of: v) == nil, state.fits(context.demand(of: unit), on: h) else { continue }
                for member in unit { state.place(member, on: h) }
            }
        }
        // On clusters of thousands of hosts, the best fit among the first 128 admitted ones: scanning
        // every host for each lifted VM took ~0.4 s on BtrPlace nr6 (1,496 new VMs, 5,000 hosts),
        // most of a 1 s limit, and moves no fewer VMs.
        let limit = problem.hostIDs.count > 1_000 ? 128 : nil
        _ = packer.pack(context, &state, preferCurrentHost: true, candidateLimit: limit)
        return state
    }

    /// The repaired state when every VM found a host without breaking a host-state or maxOnline
    /// rule, or a rule over the whole cluster (a power budget): those name no VM to lift, so the
    /// VMs kept in place may break them.
    func repairedIfComplete() -> PackingState? {
        let state = repair()
        guard state.unplaced.isEmpty, !state.hasHostStateConflict, !context.exceedsMaxOnline(state) else { return nil }
        let instance = context.problem.instance
        let global = instance.constraints.filter { $0.vms.isEmpty && $0.hosts.isEmpty && !$0.isSoft }
        if !global.isEmpty {
            var rules = instance
            rules.constraints = global
            guard PlacementChecker.check(rules, state.placement).isEmpty else { return nil }
        }
        return state
    }
}
