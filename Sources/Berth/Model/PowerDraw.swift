/// What a host draws in each power state (research/migration.md §5.2.4, seed 001's blades, UCC'15).
///
/// On: idle + (peak − idle) × CPU utilisation + wattsPerVM × running VMs; booting: idle × (1 +
/// bootOverhead), or peak without an overhead (a booting blade drew about twice its idle power in
/// seed 001); shutting down: idle; off: offWatts. A host without a power model draws 0.
public enum PowerState: String, Hashable, Sendable, Codable {
    case off, booting, on, stopping
}

extension Server {
    /// Watts drawn in `state` with `cpuLoad` (in the `cpu` resource's units) and `vms` running VMs on it.
    public func watts(_ state: PowerState, cpuLoad: Double, cpuResource: String, vms: Int = 0) -> Double {
        guard let power else { return 0 }
        switch state {
        case .off: return power.offWatts
        case .booting: return power.bootOverhead.map { power.idleWatts * (1 + $0) } ?? power.peakWatts
        case .stopping: return power.idleWatts
        case .on:
            let capacity = capacity[cpuResource]
            let utilization = capacity > 0 ? min(1, cpuLoad / capacity) : 0
            return power.idleWatts + (power.peakWatts - power.idleWatts) * utilization + power.wattsPerVM * Double(vms)
        }
    }
}

extension Cluster {
    /// The resource whose load drives power: `cpu` when present, else the first one.
    public var cpuResource: String { resources.contains("cpu") ? "cpu" : (resources.first ?? "cpu") }
}
