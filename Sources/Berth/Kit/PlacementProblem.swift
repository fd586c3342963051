import Synchronization

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
    /// Usable capacity with every `overbook` of the instance applied, `[host][resource]`.
    let capacity: [[Double]]
    /// Demand with every `preserve` of the instance applied, `[vm][resource]`.
    let demand: [[Double]]
    /// `overbook` and `preserve` constraints, indexed once so that any selection of them applies in O(its size).
    private let overbooks: [(constraint: Int, hosts: [Int], resource: Int, ratio: Double)]
    private let preserves: [(constraint: Int, vms: [Int], resource: Int, amount: Double)]
    /// The current placement's violations, once computed (`currentViolations`, in Check/).
    let currentCheck = CurrentPlacementCheck()

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
        var overbooks: [(Int, [Int], Int, Double)] = []
        var preserves: [(Int, [Int], Int, Double)] = []
        let vmIndex = self.vmIndex
        for (i, constraint) in instance.constraints.enumerated() {
            switch constraint.rule.resourceAdjustment {
            case let .capacityRatio(hosts, resource, ratio):
                if let r = cluster.resources.firstIndex(of: resource) {
                    overbooks.append((i, hosts.compactMap { hostIndex[$0] }, r, ratio))
                }
            case let .demandFloor(vms, resource, amount):
                if let r = cluster.resources.firstIndex(of: resource) {
                    preserves.append((i, vms.compactMap { vmIndex[$0] }, r, amount))
                }
            case nil: break
            }
        }
        self.overbooks = overbooks
        self.preserves = preserves
        (capacity, demand) = Self.resources(cluster, overbooks, preserves, selected: nil)
    }

    /// Capacity and demand under the selected constraints only (the explainer drops some of them).
    func resources(for selection: RuleSelection) -> (capacity: [[Double]], demand: [[Double]]) {
        let selected = Set(selection.constraints)
        let all = overbooks.allSatisfy { selected.contains($0.constraint) } && preserves.allSatisfy { selected.contains($0.constraint) }
        if all { return (capacity, demand) }
        return Self.resources(instance.cluster, overbooks, preserves, selected: selected)
    }

    /// The same semantics as `ResourceSemantics`: the smallest `overbook` ratio replaces the host's
    /// own; demand is raised to the largest `preserve` amount.
    private static func resources(
        _ cluster: Cluster, _ overbooks: [(constraint: Int, hosts: [Int], resource: Int, ratio: Double)],
        _ preserves: [(constraint: Int, vms: [Int], resource: Int, amount: Double)], selected: Set<Int>?
    ) -> (capacity: [[Double]], demand: [[Double]]) {
        var ratio: [[Double?]] = cluster.hosts.map { _ in cluster.resources.map { _ in nil } }
        for rule in overbooks where selected?.contains(rule.constraint) ?? true {
            for h in rule.hosts { ratio[h][rule.resource] = min(ratio[h][rule.resource] ?? rule.ratio, rule.ratio) }
        }
        let capacity = cluster.hosts.enumerated().map { h, host in
            cluster.resources.enumerated().map { r, name in host.capacity[name] * (ratio[h][r] ?? host.overbooking[name] ?? 1) }
        }
        var demand = cluster.vms.map { vm in cluster.resources.map { vm.demand[$0] } }
        for rule in preserves where selected?.contains(rule.constraint) ?? true {
            for v in rule.vms { demand[v][rule.resource] = max(demand[v][rule.resource], rule.amount) }
        }
        return (capacity, demand)
    }

    /// Whether a VM's demand fits an empty host on every resource (every constraint applied).
    func fitsEmpty(_ vm: Int, _ host: Int) -> Bool {
        for r in resources.indices where demand[vm][r] > capacity[host][r] + 1e-9 { return false }
        return true
    }

    var vms: [VM] { instance.cluster.vms }
    var hosts: [Server] { instance.cluster.hosts }

    /// Weight of moving a VM in the objectives: its memory size (1 when unknown).
    func moveWeight(_ vm: Int) -> Double { max(vms[vm].memoryMiB, 1) }

    /// Whether any constraint is soft (its cost joins the objective).
    var hasSoftRules: Bool { instance.constraints.contains { $0.isSoft } }
}

/// Which rules a formulation includes. The deletion filter of the infeasibility explainer drops them one by one.
struct RuleSelection: Hashable, Sendable {
    var builtins: Set<BuiltinRule>
    var constraints: [Int]

    static func all(_ instance: Instance) -> RuleSelection {
        RuleSelection(builtins: Set(BuiltinRule.allCases), constraints: Array(instance.constraints.indices))
    }
}

/// A once-computed checker result, shared by copies of a `PlacementProblem` across threads.
final class CurrentPlacementCheck: Sendable {
    private let result = Mutex<[Violation]?>(nil)

    func violations(_ compute: () -> [Violation]) -> [Violation] {
        result.withLock { cached in
            if let cached { return cached }
            let computed = compute()
            cached = computed
            return computed
        }
    }
}
