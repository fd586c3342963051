/// Read-only facts about a cluster and a candidate placement, derived from the model alone.
///
/// The checker and each constraint's `violations(in:)` read only this; nothing here comes from the MIP.
public struct PlacementView: Sendable {
    public let cluster: Cluster
    public let placement: Placement
    /// The instance's constraints, for rules whose meaning depends on others (`overbook`, `preserve`).
    public let constraints: [Constraint]
    private let hostsByID: [String: Server]
    private let vmsByID: [String: VM]
    private let finalHost: [String: String]
    private let residents: [String: [String]]

    public init(cluster: Cluster, placement: Placement, constraints: [Constraint] = []) {
        self.cluster = cluster
        self.placement = placement
        self.constraints = constraints
        hostsByID = Dictionary(cluster.hosts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        vmsByID = Dictionary(cluster.vms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var finalHost: [String: String] = [:]
        var residents: [String: [String]] = [:]
        for vm in cluster.vms {
            let target: String?
            switch vm.state {
            case .running: target = placement.vmHosts[vm.id]
            case .sleeping: target = vm.host
            case .ready, .killed: target = nil
            }
            if let target {
                finalHost[vm.id] = target
                residents[target, default: []].append(vm.id)
            }
        }
        self.finalHost = finalHost
        self.residents = residents
    }

    public func host(_ id: String) -> Server? { hostsByID[id] }
    public func vm(_ id: String) -> VM? { vmsByID[id] }

    /// Where a VM ends (running and sleeping VMs), `nil` when it is not placed.
    public func finalHost(of vm: String) -> String? { finalHost[vm] }

    /// Where a VM is now.
    public func currentHost(of vm: String) -> String? { vmsByID[vm]?.host }

    /// VMs that end on a host (running and sleeping), in cluster order.
    public func residents(of host: String) -> [String] { residents[host] ?? [] }

    /// Running VMs that end on a host, in cluster order.
    public func runningResidents(of host: String) -> [String] {
        residents(of: host).filter { vmsByID[$0]?.state == .running }
    }

    public func isRunning(_ vm: String) -> Bool { vmsByID[vm]?.state == .running }

    /// Whether a host ends powered on.
    public func endsOnline(_ host: String) -> Bool { placement.onlineHosts.contains(host) }
}
