/// Limits on what consolidation may spend, composed from existing rules: VMs outside the hosts
/// chosen for emptying are fenced to their current host, so migrations ≤ the VMs on those hosts.
package enum ConsolidationBudget {
    /// Online hosts with running VMs, cheapest to empty first (fewest VMs, least memory, id), with
    /// their running VMs.
    static func candidates(_ instance: Instance) -> [(host: String, vms: [String])] {
        let cluster = instance.cluster
        return cluster.hosts.filter { $0.state == .online }.compactMap { host -> (String, [String], Double)? in
            let vms = cluster.vms.filter { $0.state == .running && $0.host == host.id }
            return vms.isEmpty ? nil : (host.id, vms.map(\.id), vms.reduce(0) { $0 + $1.memoryMiB })
        }
        .sorted { ($0.1.count, $0.2, $0.0) < ($1.1.count, $1.2, $1.0) }
        .map { ($0.0, $0.1) }
    }

    /// The largest prefix of `candidates` whose VMs number at most `limit`.
    static func hostsWithin(_ limit: Int, of candidates: [(host: String, vms: [String])]) -> [(host: String, vms: [String])] {
        var total = 0
        var chosen: [(host: String, vms: [String])] = []
        for candidate in candidates {
            guard total + candidate.vms.count <= limit else { break }
            total += candidate.vms.count
            chosen.append(candidate)
        }
        return chosen
    }

    /// `instance` with every running VM outside `hosts` fenced to where it runs now.
    static func restricted(_ instance: Instance, emptying hosts: [String]) -> Instance {
        var copy = instance
        let free = Set(hosts)
        for vm in instance.cluster.vms where vm.state == .running {
            guard let host = vm.host, !free.contains(host) else { continue }
            copy.constraints.append(.fence(Fence(vms: [vm.id], hosts: [host], label: "budget-stay-\(vm.id)")))
        }
        return copy
    }
}
