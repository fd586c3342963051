/// Where every running VM ends, and which hosts end powered on.
///
/// This is what the placement solver returns and what `berth check` reads.
public struct Placement: Hashable, Sendable, Codable {
    /// Target host of each running VM (sleeping VMs stay where they are and may be omitted).
    public var vmHosts: [String: String]
    /// Hosts that end powered on. Hosts absent here end off (maintenance hosts are reported separately).
    public var onlineHosts: Set<String>

    public init(vmHosts: [String: String], onlineHosts: Set<String>) {
        self.vmHosts = vmHosts
        self.onlineHosts = onlineHosts
    }

    /// The placement that changes nothing: VMs stay, online hosts stay online.
    public init(current cluster: Cluster) {
        var hosts = Set(cluster.hosts.filter { $0.state == .online }.map(\.id))
        let map = cluster.currentPlacement
        hosts.formUnion(map.values)
        self.init(vmHosts: map, onlineHosts: hosts)
    }
}
