/// Read-only facts about a cluster and a candidate placement, derived from the model alone.
///
/// The checker and each constraint's `violations(in:)` read only this; nothing here comes from the MIP.
/// A view can also be one instant of a plan: VMs in flight then occupy both their source and their
/// destination (the plan checker uses this to check continuous constraints at every instant).
package struct PlacementView: Sendable {
    public let cluster: Cluster
    public let placement: Placement
    /// The instance's constraints, for rules whose meaning depends on others (`overbook`, `preserve`).
    public let constraints: [Constraint]
    private let hostsByID: [String: Server]
    private let vmsByID: [String: VM]
    /// Capacity and demand under `constraints` (`overbook`, `preserve`), indexed once.
    public let semantics: ResourceSemantics.Table
    private let finalHost: [String: String]
    private let residents: [String: [String]]
    private let inFlight: [String: String]

    /// - Parameter inFlight: VMs still occupying another host than their placement's (a migration's source).
    public init(cluster: Cluster, placement: Placement, constraints: [Constraint] = [], inFlight: [String: String] = [:]) {
        self.init(cluster: cluster, placement: placement, constraints: constraints, inFlight: inFlight, index: nil)
    }

    /// Lookup tables of a cluster, built once and shared by the views of a plan's instants.
    struct Index: Sendable {
        let hostsByID: [String: Server]
        let vmsByID: [String: VM]
        let semantics: ResourceSemantics.Table

        init(_ cluster: Cluster, constraints: [Constraint]) {
            hostsByID = Dictionary(cluster.hosts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            vmsByID = Dictionary(cluster.vms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            semantics = ResourceSemantics.Table(constraints: constraints)
        }
    }

    /// - Parameter index: `cluster`'s lookup tables, when already built.
    init(cluster: Cluster, placement: Placement, constraints: [Constraint], inFlight: [String: String], index: Index?) {
        self.cluster = cluster
        self.placement = placement
        self.constraints = constraints
        let index = index ?? Index(cluster, constraints: constraints)
        hostsByID = index.hostsByID
        vmsByID = index.vmsByID
        semantics = index.semantics
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
        for vm in cluster.vms {
            if let source = inFlight[vm.id], source != finalHost[vm.id] { residents[source, default: []].append(vm.id) }
        }
        self.finalHost = finalHost
        self.residents = residents
        self.inFlight = inFlight
    }

    public func host(_ id: String) -> Server? { hostsByID[id] }
    public func vm(_ id: String) -> VM? { vmsByID[id] }

    /// Where a VM ends (running and sleeping VMs), `nil` when it is not placed.
    public func finalHost(of vm: String) -> String? { finalHost[vm] }

    /// Where a VM is now.
    public func currentHost(of vm: String) -> String? { vmsByID[vm]?.host }

    /// Every host a VM occupies: its placement, and the source of a migration in flight.
    public func occupiedHosts(of vm: String) -> [String] {
        guard let host = finalHost[vm] else { return [] }
        if let source = inFlight[vm], source != host { return [host, source] }
        return [host]
    }

    /// Distinct hosts occupied by the running VMs among `vms`, in first-seen order.
    public func hosts(occupiedBy vms: [String]) -> [String] {
        var seen = Set<String>()
        return vms.filter(isRunning).flatMap(occupiedHosts).filter { seen.insert($0).inserted }
    }

    /// Load of a resource on a host: the running residents' demand, `preserve` included.
    public func load(on host: String, _ resource: String) -> Double {
        runningResidents(of: host).reduce(0.0) { sum, id in
            sum + (vmsByID[id].map { semantics.demand(vm: $0, resource: resource) } ?? 0)
        }
    }

    /// VMs that end on a host (running and sleeping), in flight ones included, in cluster order.
    public func residents(of host: String) -> [String] { residents[host] ?? [] }

    /// Running VMs that end on a host, in cluster order.
    public func runningResidents(of host: String) -> [String] {
        residents(of: host).filter { vmsByID[$0]?.state == .running }
    }

    public func isRunning(_ vm: String) -> Bool { vmsByID[vm]?.state == .running }

    /// Whether a running VM ends on another host than the one it is on now (new VMs never have moved).
    public func hasMoved(_ vm: String) -> Bool {
        guard isRunning(vm), let from = vmsByID[vm]?.host, let to = finalHost[vm] else { return false }
        return from != to
    }

    /// Whether a host ends powered on.
    public func endsOnline(_ host: String) -> Bool { placement.onlineHosts.contains(host) }
}

extension PlacementView {
    /// The cluster as it is before any action: VMs where they are, hosts that are not off counted on.
    static func initial(of instance: Instance) -> PlacementView {
        let cluster = instance.cluster
        var running: [String: String] = [:]
        for vm in cluster.vms where vm.state == .running { if let h = vm.host { running[vm.id] = h } }
        let online = Set(cluster.hosts.filter { $0.state != .offline }.map(\.id))
        return PlacementView(cluster: cluster, placement: Placement(vmHosts: running, onlineHosts: online), constraints: instance.constraints)
    }

    /// One instant of a plan. `running`: where each running VM is (a migrating VM at its destination,
    /// with its source in `inFlight`); `sleeping`: suspended VMs' hosts; VMs in neither are not running.
    /// VMs keep their initial `host` (so `quarantine` and `root` compare with the start of the plan).
    /// `index`: the instance cluster's lookup tables, reused while no VM changed state.
    static func instant(of instance: Instance, running: [String: String], sleeping: [String: String],
                        inFlight: [String: String], online: Set<String>, index: Index? = nil) -> PlacementView {
        var cluster = instance.cluster
        var changed = false
        for (i, vm) in instance.cluster.vms.enumerated() {
            if running[vm.id] != nil {
                if vm.state != .running { cluster.vms[i].state = .running; changed = true }
            } else if let h = sleeping[vm.id] {
                if vm.state != .sleeping || vm.host != h { cluster.vms[i].state = .sleeping; cluster.vms[i].host = h; changed = true }
            } else if vm.state == .running || vm.state == .sleeping {
                cluster.vms[i].state = .ready
                changed = true
            }
        }
        return PlacementView(cluster: cluster, placement: Placement(vmHosts: running, onlineHosts: online),
                             constraints: instance.constraints, inFlight: inFlight, index: changed ? nil : index)
    }
}
