/// What a host draws in each power state (research/migration.md §5.2, seed 001's blades).
///
/// Choice: on = idle + (peak − idle) × CPU utilisation; booting = peak (a booting blade drew about
/// twice its idle power in seed 001); shutting down = idle; off = 0. A host without a power model draws 0.
public enum PowerState: String, Hashable, Sendable, Codable {
    case off, booting, on, stopping
}

extension Server {
    /// Watts drawn in `state` with `cpuLoad` (in the `cpu` resource's units) running on it.
    public func watts(_ state: PowerState, cpuLoad: Double, cpuResource: String) -> Double {
        guard let power else { return 0 }
        switch state {
        case .off: return 0
        case .booting: return power.peakWatts
        case .stopping: return power.idleWatts
        case .on:
            let capacity = capacity[cpuResource]
            let utilization = capacity > 0 ? min(1, cpuLoad / capacity) : 0
            return power.idleWatts + (power.peakWatts - power.idleWatts) * utilization
        }
    }
}

extension Cluster {
    /// The resource whose load drives power: `cpu` when present, else the first one.
    public var cpuResource: String { resources.contains("cpu") ? "cpu" : (resources.first ?? "cpu") }
}
