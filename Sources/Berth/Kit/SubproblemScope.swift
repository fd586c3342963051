/// The part of a cluster a sub-problem solves (a neighbourhood of a few hosts, an independent
/// part, a host partition): its VMs and its hosts. The VMs outside it are, and stay, on hosts
/// outside it; that is what lets a rule be restricted to the scope (`PlacementRule.projected`).
struct SubproblemScope: Sendable {
    let vms: Set<String>
    let hosts: Set<String>

    /// The ids of `vms` inside the scope, in their order.
    func members(_ ids: [String]) -> [String] { ids.filter(vms.contains) }

    /// The ids of `hosts` inside the scope, in their order.
    func inside(hosts ids: [String]) -> [String] { ids.filter(hosts.contains) }
}

/// A rule restricted to a sub-problem.
enum Projection: Hashable, Sendable {
    /// What the rule says inside the scope (nothing, when it names nothing there).
    case rules([Constraint])
    /// Restricted to the scope the rule would mean something else (it ties VMs or hosts inside
    /// to some outside, or counts over the whole cluster): the sub-problem cannot be solved apart.
    case notLocal
}

extension PlacementRule {
    /// The rule unchanged when everything it names is inside the scope, nothing when none of it
    /// is, `notLocal` otherwise (and for a rule that names nothing: it speaks of the whole cluster).
    /// For rules that count or tie over all they name (sums, host limits, groups).
    func projectedWhole(onto scope: SubproblemScope) -> Projection {
        let vms = referencedVMs, hosts = referencedHosts
        if vms.isEmpty && hosts.isEmpty { return .notLocal }
        let vmsInside = vms.filter(scope.vms.contains).count, hostsInside = hosts.filter(scope.hosts.contains).count
        if vmsInside == vms.count && hostsInside == hosts.count { return .rules([self.constraint]) }
        if vmsInside == 0 && hostsInside == 0 { return .rules([]) }
        return .notLocal
    }
}
