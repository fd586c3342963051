/// A data center at one instant: resources, hosts, VMs and where each VM runs now.
public struct Cluster: Hashable, Sendable, Codable {
    /// Resource dimensions, in the order reports use.
    public var resources: [String]
    public var hosts: [Server]
    public var vms: [VM]

    public init(resources: [String], hosts: [Server], vms: [VM]) {
        self.resources = resources
        self.hosts = hosts
        self.vms = vms
    }

    public func host(_ id: String) -> Server? { hosts.first { $0.id == id } }
    public func vm(_ id: String) -> VM? { vms.first { $0.id == id } }

    /// The current placement of running and sleeping VMs.
    public var currentPlacement: [String: String] {
        var map: [String: String] = [:]
        for vm in vms where vm.state == .running || vm.state == .sleeping {
            if let host = vm.host { map[vm.id] = host }
        }
        return map
    }
}
