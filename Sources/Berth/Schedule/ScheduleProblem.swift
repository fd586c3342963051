/// What a plan must achieve, derived from the current cluster and a target placement:
/// the moves, the hosts to boot and the hosts to shut down, with the network and limits to respect.
package struct ScheduleProblem: Sendable {
    /// A VM changing host.
    public struct Move: Hashable, Sendable {
        public var vm: String
        public var from: String
        public var to: String
    }

    public let instance: Instance
    public let target: Placement
    public let topology: NetworkTopology
    public let moves: [Move]
    /// Hosts off now that end on, in cluster order.
    public let boots: [String]
    /// Hosts on now that end off, in cluster order.
    public let shutdowns: [String]
    /// What the rules ask of the plan's timing (budgets, licence counts, orders, deadlines, groups, caps).
    let timing: TimingRequirements
    /// Continuous placement rules and their initial violations (a start may add none).
    let continuous: ContinuousWatch

    public init(instance: Instance, target: Placement) {
        self.instance = instance
        self.target = target
        topology = NetworkTopology(cluster: instance.cluster, network: instance.network)
        moves = instance.cluster.vms.compactMap { vm in
            guard vm.state == .running, let from = vm.host, let to = target.vmHosts[vm.id], from != to else { return nil }
            return Move(vm: vm.id, from: from, to: to)
        }
        boots = instance.cluster.hosts.filter { $0.state == .offline && target.onlineHosts.contains($0.id) }.map(\.id)
        shutdowns = instance.cluster.hosts.filter { $0.state != .offline && !target.onlineHosts.contains($0.id) }.map(\.id)
        var timing = TimingRequirements(moving: Set(moves.map(\.vm)))
        for (i, constraint) in instance.constraints.enumerated() {
            constraint.rule.require(in: &timing, id: instance.constraintID(at: i))
        }
        self.timing = timing
        continuous = ContinuousWatch(instance: instance)
    }

    /// Whether a host is powered at plan start (maintenance hosts still run their VMs).
    public func isOnAtStart(_ host: Server) -> Bool { host.state != .offline }

    /// The pre-copy estimate of a migration alone on its route.
    public func loneEstimate(vm: VM, from: String, to: String) -> PreCopyEstimate {
        let rate = topology.loneRate(topology.route(from: from, to: to))
        return topology.preCopy.estimate(vm, bandwidthMiBps: rate)
    }
}
