/// One host's load in one placement: utilisation per resource (load ÷ effective capacity).
public struct HostUtilization: Hashable, Sendable, Codable {
    /// The host id.
    public var host: String
    /// Whether the host is on in that placement.
    public var online: Bool
    /// Utilisation per resource, in the cluster's resource order.
    public var byResource: [String: Double]
    /// Running VMs on the host in that placement.
    public var vmCount: Int

    /// The largest utilisation over resources (0 for an empty host).
    public var peak: Double { byResource.values.max() ?? 0 }

    /// Every host of the cluster, in cluster order, under `placement` (VMs absent from it count nowhere).
    public static func of(_ cluster: Cluster, _ placement: Placement) -> [HostUtilization] {
        var load: [String: ResourceVector] = [:]
        var count: [String: Int] = [:]
        for vm in cluster.vms where vm.state == .running {
            guard let host = placement.vmHosts[vm.id] else { continue }
            for r in cluster.resources { load[host, default: [:]][r] += vm.demand[r] }
            count[host, default: 0] += 1
        }
        return cluster.hosts.map { host in
            var row: [String: Double] = [:]
            for r in cluster.resources where host.effectiveCapacity(r) > 0 {
                row[r] = (load[host.id]?[r] ?? 0) / host.effectiveCapacity(r)
            }
            return HostUtilization(host: host.id, online: placement.onlineHosts.contains(host.id), byResource: row,
                                   vmCount: count[host.id] ?? 0)
        }
    }

    /// The highest utilisation over online hosts and resources.
    public static func peak(_ rows: [HostUtilization]) -> Double {
        rows.filter(\.online).map(\.peak).max() ?? 0
    }
}
