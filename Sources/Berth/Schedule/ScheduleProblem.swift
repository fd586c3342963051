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
    public let powerBudgets: [(id: String, watts: Double)]
    public let onlineLimits: [(id: String, hosts: Set<String>, amount: Int)]
    /// VMs whose moves must all end before the `after` VMs' moves start.
    public let precedences: [(id: String, before: Set<String>, after: Set<String>)]
    /// The tightest deadline per VM: (seconds, constraint id).
    public let deadlines: [String: (seconds: Double, id: String)]
    /// Groups of VMs whose migrations start together.
    public let syncGroups: [(id: String, vms: Set<String>)]
    /// VMs whose moves must start at t = 0, with the `noDelay` constraint's id.
    let noDelay: [String: String]
    /// Groups of VMs whose moves never overlap (`serialize`; `seq` is chained through `precedences`).
    let serialGroups: [(id: String, vms: Set<String>)]
    /// Host sets whose boots and shutdowns run one at a time.
    let rebootSerials: [(id: String, hosts: Set<String>)]
    /// `maxConcurrentMigrations`: host set (`nil`: all) and links, each with its limit.
    let migrationCaps: [(id: String, hosts: Set<String>?, links: Set<String>, amount: Int)]
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
        powerBudgets = timing.powerBudgets
        onlineLimits = timing.onlineLimits
        precedences = timing.precedences
        deadlines = timing.deadlines
        syncGroups = timing.syncGroups
        noDelay = timing.noDelay
        serialGroups = timing.serialGroups
        rebootSerials = timing.rebootSerials
        migrationCaps = timing.migrationCaps
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
