import Berth

/// Small random instances (≤ 4 hosts in two zones, ≤ 6 VMs) with up to three random rules of any
/// placement kind of the catalog (hard, soft and machine-reassignment ones): small enough to
/// enumerate every placement.
enum RandomInstances {
    /// Every kind of the catalog that shapes a placement (scheduling rules only time a plan).
    static let placementKinds = ConstraintCatalog.kinds.filter { !ConstraintCatalog.schedulingKinds.contains($0) }

    static func make(seed: UInt64, objective: Objective) -> Instance {
        var rng = SplitMix64(seed: seed)
        let hostCount = Int.random(in: 2...4, using: &rng)
        let vmCount = Int.random(in: 1...6, using: &rng)
        let featurePool = ["avx2", "gpu"]
        var hosts: [Server] = []
        for h in 0..<hostCount {
            let roll = Int.random(in: 0..<10, using: &rng)
            let state: HostState = roll < 7 ? .online : (roll < 9 ? .offline : .maintenance)
            hosts.append(Server(
                id: "h\(h)",
                capacity: ["cpu": Double(Int.random(in: 4...10, using: &rng)), "mem": Double(Int.random(in: 4...12, using: &rng))],
                state: state,
                features: Set(featurePool.filter { _ in Bool.random(using: &rng) }),
                overbooking: Bool.random(using: &rng) ? ["cpu": 1.5] : [:]))
            // Two zones, and now and then a host outside both (it counts for no zone).
            let zone = Int.random(in: 0..<5, using: &rng)
            if zone < 4 { hosts[h].attributes = ["zone": "z\(zone % 2)"] }
        }
        let live = hosts.filter { $0.state != .offline }.map(\.id)
        let online = hosts.filter { $0.state == .online }.map(\.id)
        var vms: [VM] = []
        for v in 0..<vmCount {
            var vm = VM(
                id: "v\(v)",
                demand: ["cpu": Double(Int.random(in: 1...5, using: &rng)), "mem": Double(Int.random(in: 1...6, using: &rng))],
                memoryMiB: Double(Int.random(in: 1...8, using: &rng) * 512))
            let roll = Int.random(in: 0..<20, using: &rng)
            if roll == 0, let host = online.randomElement(using: &rng) {
                vm.state = .sleeping
                vm.host = host
            } else if roll < 3 {
                vm.host = nil  // new VM to place
            } else {
                vm.host = live.randomElement(using: &rng)
            }
            if Int.random(in: 0..<6, using: &rng) == 0 { vm.requires = [featurePool.randomElement(using: &rng)!] }
            vms.append(vm)
        }
        let vmIDs = vms.map(\.id), hostIDs = hosts.map(\.id)
        func someVMs(_ minimum: Int) -> [String] {
            let count = Int.random(in: min(minimum, vmIDs.count)...vmIDs.count, using: &rng)
            return Array(vmIDs.shuffled(using: &rng).prefix(count))
        }
        func someHosts() -> [String] {
            Array(hostIDs.shuffled(using: &rng).prefix(Int.random(in: 1...hostIDs.count, using: &rng)))
        }
        var constraints: [Constraint] = []
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let kind = placementKinds.randomElement(using: &rng)!
            constraints.append(draw(kind))
        }
        func resource() -> String { Bool.random(using: &rng) ? "cpu" : "mem" }
        func weight() -> Double { Double(Int.random(in: 1...3, using: &rng)) }
        /// One rule of `kind` on this instance's VMs and hosts; every placement kind of the catalog has a case.
        func draw(_ kind: String) -> Constraint {
            switch kind {
            case "ban": return .ban(Ban(vms: someVMs(1), hosts: someHosts()))
            case "fence": return .fence(Fence(vms: someVMs(1), hosts: someHosts()))
            case "spread": return .spread(Spread(vms: someVMs(2)))
            case "gather": return .gather(Gather(vms: someVMs(2)))
            case "among":
                let (left, right) = twoGroups(hostIDs)
                return .among(Among(vms: someVMs(2), groups: [left, right]))
            case "lonely": return .lonely(Lonely(vms: someVMs(1)))
            case "root": return .root(Root(vms: someVMs(1)))
            case "online": return .online(Online(hosts: someHosts()))
            case "offline": return .offline(Offline(hosts: [hostIDs.randomElement(using: &rng)!]))
            case "maxOnline": return .maxOnline(MaxOnline(hosts: someHosts(), amount: Int.random(in: 1...3, using: &rng)))
            case "split":
                let (left, right) = twoGroups(someVMs(2))
                return .split(Split(groups: [left, right]))
            case "splitAmong":
                let (vmsLeft, vmsRight) = twoGroups(someVMs(2))
                let (hostsLeft, hostsRight) = twoGroups(hostIDs)
                return .splitAmong(SplitAmong(vmGroups: [vmsLeft, vmsRight], hostGroups: [hostsLeft, hostsRight]))
            case "quarantine": return .quarantine(Quarantine(hosts: someHosts()))
            case "preserve": return .preserve(Preserve(vms: someVMs(1), resource: resource(), amount: Double(Int.random(in: 1...4, using: &rng))))
            case "overbook": return .overbook(Overbook(hosts: someHosts(), resource: resource(), ratio: [1, 1.5, 2].randomElement(using: &rng)!))
            case "resourceCapacity":
                return .resourceCapacity(ResourceCapacity(hosts: someHosts(), resource: resource(), amount: Double(Int.random(in: 4...16, using: &rng))))
            case "runningCapacity": return .runningCapacity(RunningCapacity(hosts: someHosts(), amount: Int.random(in: 1...4, using: &rng)))
            case "singleResourceCapacity":
                return .singleResourceCapacity(SingleResourceCapacity(hosts: someHosts(), resource: resource(), amount: Double(Int.random(in: 2...8, using: &rng))))
            case "compatible": return .compatible(Compatible(vms: someVMs(1), features: [featurePool.randomElement(using: &rng)!]))
            case "affinity": return .affinity(Affinity(vms: someVMs(2), weight: weight()))
            case "antiAffinity": return .antiAffinity(AntiAffinity(vms: someVMs(2), weight: weight()))
            case "softCapacity":
                let thresholds = Dictionary(uniqueKeysWithValues: someHosts().map { ($0, Double(Int.random(in: 2...8, using: &rng))) })
                return .softCapacity(SoftCapacity(resource: resource(), thresholds: thresholds, weight: weight()))
            case "balanceTarget": return .balanceTarget(BalanceTarget(resource: "cpu", against: "mem", target: 1, weight: weight()))
            case "transient":
                return .transient(TransientResource(resource: resource(), vms: Bool.random(using: &rng) ? nil : someVMs(1)))
            case "spreadOver": return .spreadOver(SpreadOver(vms: someVMs(2), attribute: "zone", minimum: Int.random(in: 1...2, using: &rng)))
            case "dependency": return .dependency(Dependency(vms: someVMs(1), on: someVMs(1), attribute: "zone"))
            case "moveCost":
                return .moveCost(MoveCost(costs: Dictionary(uniqueKeysWithValues: someVMs(1).map { ($0, Double(Int.random(in: 1...5, using: &rng))) }), weight: weight()))
            case "groupMoveCost": return .groupMoveCost(GroupMoveCost(groups: [someVMs(1)], weight: weight()))
            case "powerBudget":
                // Hosts of 100-130 W idle and 200-260 W at full cpu, 8 W per VM; a budget that
                // binds about as often as not.
                for h in hosts.indices {
                    hosts[h].power = PowerModel(idleWatts: Double(100 + 10 * h), peakWatts: Double(200 + 20 * h),
                                                bootSeconds: 60, shutdownSeconds: 30, wattsPerVM: 8, offWatts: 5)
                }
                return .powerBudget(PowerBudget(watts: Double(Int.random(in: 150...(150 * hostIDs.count), using: &rng))))
            case "hostMoveCost":
                let costs = Dictionary(uniqueKeysWithValues: someHosts().map { from in
                    (from, Dictionary(uniqueKeysWithValues: someHosts().filter { $0 != from }.map { ($0, Double(Int.random(in: 1...3, using: &rng))) }))
                })
                return .hostMoveCost(HostMoveCost(costs: costs, weight: weight()))
            default: preconditionFailure("RandomInstances has no generator for '\(kind)': add one")
            }
        }
        /// Two non-empty groups from `ids` (at least two of them), shuffled.
        func twoGroups(_ ids: [String]) -> ([String], [String]) {
            let shuffled = ids.shuffled(using: &rng)
            guard shuffled.count >= 2 else { return (shuffled, shuffled) }
            let cut = Int.random(in: 1..<shuffled.count, using: &rng)
            return (Array(shuffled[..<cut]), Array(shuffled[cut...]))
        }
        return Instance(
            cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms),
            constraints: constraints, objective: objective, timeLimit: 10)
    }
}
