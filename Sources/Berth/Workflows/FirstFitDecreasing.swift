/// First-fit decreasing: the classic bin-packing heuristic, made to respect the model's rules by
/// asking the independent checker about each tentative assignment. A valid FFD placement is an
/// upper bound on the hosts the running VMs need, hence a lower bound on what consolidation frees.
package enum FirstFitDecreasing {
    /// VMs by decreasing largest normalised demand, each on the first host (opened hosts first, then
    /// the rest in cluster order) where it fits and breaks no rule among the VMs placed so far.
    /// `nil` when some VM finds no such host, or the full placement fails the checker.
    public static func placement(_ instance: Instance) -> Placement? {
        let cluster = instance.cluster
        let hosts = cluster.hosts.filter { $0.state != .maintenance }
        guard let reference = hosts.first else { return nil }
        func size(_ vm: VM) -> Double {
            cluster.resources.map { r in reference.effectiveCapacity(r) > 0 ? vm.demand[r] / reference.effectiveCapacity(r) : 0 }.max() ?? 0
        }
        let vms = cluster.vms.enumerated().filter { $0.element.state == .running }
            .sorted { size($0.element) != size($1.element) ? size($0.element) > size($1.element) : $0.offset < $1.offset }.map(\.element)
        var free = Dictionary(uniqueKeysWithValues: hosts.map { host in
            (host.id, cluster.resources.map { ResourceSemantics.capacity(host: host, resource: $0, constraints: instance.constraints) })
        })
        var opened: [String] = []
        var placed = Placement(vmHosts: [:], onlineHosts: Set(cluster.vms.filter { $0.state == .sleeping }.compactMap(\.host)))
        for vm in vms {
            let need = cluster.resources.map { ResourceSemantics.demand(vm: vm, resource: $0, constraints: instance.constraints) }
            let order = opened + hosts.map(\.id).filter { !opened.contains($0) }
            let chosen = order.first { host in
                guard zip(free[host]!, need).allSatisfy({ $0 >= $1 - 1e-9 }) else { return false }
                var trial = placed
                trial.vmHosts[vm.id] = host
                trial.onlineHosts.insert(host)
                let assigned = Set(trial.vmHosts.keys)
                // Only rules among VMs already placed count; the others are judged when their VMs arrive.
                return PlacementChecker.check(instance, trial).allSatisfy { !$0.vms.isEmpty && !$0.vms.allSatisfy(assigned.contains) }
            }
            guard let host = chosen else { return nil }
            placed.vmHosts[vm.id] = host
            placed.onlineHosts.insert(host)
            if !opened.contains(host) { opened.append(host) }
            for r in need.indices { free[host]![r] -= need[r] }
        }
        return PlacementChecker.check(instance, placed).isEmpty ? placed : nil
    }

    /// Hosts the FFD placement puts running VMs on, when it is valid.
    public static func hostCount(_ instance: Instance) -> Int? {
        placement(instance).map { Set($0.vmHosts.values).count }
    }
}
