import Berth

/// Enumerates every placement of the running VMs and keeps the valid ones, judged by the checker.
/// The online set of each candidate is the smallest one possible (hosts with VMs, `online`
/// hosts, hosts holding sleeping VMs): adding hosts can never make an invalid placement valid.
enum BruteForce {
    struct Best {
        var minHosts: Int
        var minMigrationWeight: Double
        /// The least migrated weight among placements with `minHosts` hosts on (minHosts' tie-breaker).
        var migrationWeightAtMinHosts: Double
        /// The lowest peak utilisation (highest load ÷ capacity over hosts and resources).
        var minPeak: Double = .infinity
        /// The least migrated weight among placements at `minPeak` (balance's tie-breaker).
        var migrationWeightAtMinPeak: Double = .infinity
        /// The objectives as Berth states them with soft rules: the soft costs added in the
        /// objective's units (docs/format.md). Equal to the plain ones without soft rules.
        var minHostsWithSoft: Double = .infinity
        var minMigrationWithSoft: Double = .infinity
    }

    static func optimum(_ instance: Instance) -> Best? {
        let cluster = instance.cluster
        let running = cluster.vms.filter { $0.state == .running }
        let hosts = cluster.hosts.map(\.id)
        var forcedOn = Set<String>()
        for constraint in instance.constraints { if let rule = constraint.as(Online.self) { forcedOn.formUnion(rule.hosts) } }
        for vm in cluster.vms where vm.state == .sleeping { forcedOn.insert(vm.host!) }
        var best: Best?
        var choice = [Int](repeating: 0, count: running.count)
        let total = Int(pow(Double(hosts.count), Double(running.count)))
        for code in 0..<total {
            var rest = code
            for i in choice.indices {
                choice[i] = rest % hosts.count
                rest /= hosts.count
            }
            var vmHosts: [String: String] = [:]
            for (i, vm) in running.enumerated() { vmHosts[vm.id] = hosts[choice[i]] }
            let online = forcedOn.union(vmHosts.values)
            let placement = Placement(vmHosts: vmHosts, onlineHosts: online)
            guard PlacementChecker.check(instance, placement).isEmpty else { continue }
            let count = cluster.hosts.filter { online.contains($0.id) }.count
            let weight = running.reduce(0.0) { sum, vm in
                guard let now = vm.host, vmHosts[vm.id] != now else { return sum }
                return sum + max(vm.memoryMiB, 1)
            }
            var peak = 0.0
            for host in cluster.hosts {
                for (resource, capacity) in host.capacity.amounts where capacity > 0 {
                    let load = running.filter { vmHosts[$0.id] == host.id }.reduce(0.0) { $0 + $1.demand[resource] }
                    peak = max(peak, load / capacity)
                }
            }
            if best == nil {
                best = Best(minHosts: count, minMigrationWeight: weight, migrationWeightAtMinHosts: weight)
            } else {
                if count < best!.minHosts {
                    best!.migrationWeightAtMinHosts = weight
                } else if count == best!.minHosts {
                    best!.migrationWeightAtMinHosts = min(best!.migrationWeightAtMinHosts, weight)
                }
                best!.minHosts = min(best!.minHosts, count)
                best!.minMigrationWeight = min(best!.minMigrationWeight, weight)
            }
            let soft = Fixtures.softCost(instance, placement)
            best!.minHostsWithSoft = min(best!.minHostsWithSoft, Double(count) + soft)
            best!.minMigrationWithSoft = min(best!.minMigrationWithSoft, weight + soft)
            if peak < best!.minPeak - 1e-9 {
                best!.minPeak = peak
                best!.migrationWeightAtMinPeak = weight
            } else if abs(peak - best!.minPeak) <= 1e-9 {
                best!.migrationWeightAtMinPeak = min(best!.migrationWeightAtMinPeak, weight)
            }
        }
        return best
    }
}

import Foundation
