/// An instance compiled to dense indices for the placement algorithms (never for the checker).
struct PlacementProblem: Sendable {
    let instance: Instance
    let hostIDs: [String]
    let hostIndex: [String: Int]
    let vmIDs: [String]
    let vmIndex: [String: Int]
    let resources: [String]
    /// Running VMs: the ones to place, in cluster order.
    let running: [Int]
    /// Current host of each VM.
    let current: [Int?]
    /// Sleeping VMs per host: they pin the host online and cannot move.
    let sleeping: [[String]]
    let hostStates: [HostState]

    init(_ instance: Instance) {
        self.instance = instance
        let cluster = instance.cluster
        resources = cluster.resources
        hostIDs = cluster.hosts.map(\.id)
        hostIndex = Dictionary(uniqueKeysWithValues: hostIDs.enumerated().map { ($1, $0) })
        vmIDs = cluster.vms.map(\.id)
        vmIndex = Dictionary(uniqueKeysWithValues: vmIDs.enumerated().map { ($1, $0) })
        running = cluster.vms.indices.filter { cluster.vms[$0].state == .running }
        let hostIndex = self.hostIndex
        current = cluster.vms.map { vm in vm.host.flatMap { hostIndex[$0] } }
        var sleeping = [[String]](repeating: [], count: cluster.hosts.count)
        for vm in cluster.vms where vm.state == .sleeping {
            if let host = vm.host.flatMap({ hostIndex[$0] }) { sleeping[host].append(vm.id) }
        }
        self.sleeping = sleeping
        hostStates = cluster.hosts.map(\.state)
    }

    var vms: [VM] { instance.cluster.vms }
    var hosts: [Server] { instance.cluster.hosts }

    /// Weight of moving a VM in the objectives: its memory size (1 when unknown).
    func moveWeight(_ vm: Int) -> Double { max(vms[vm].memoryMiB, 1) }
}

/// Which rules a formulation includes. The deletion filter of the infeasibility explainer drops them one by one.
struct RuleSelection: Hashable, Sendable {
    var builtins: Set<PlacementChecker.Builtin>
    var constraints: [Int]

    static func all(_ instance: Instance) -> RuleSelection {
        RuleSelection(builtins: Set(PlacementChecker.Builtin.allCases), constraints: Array(instance.constraints.indices))
    }
}
