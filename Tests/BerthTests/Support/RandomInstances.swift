import Berth

/// Small random instances (≤ 4 hosts in two zones, ≤ 6 VMs) with random constraints from the
/// catalog (the placement rules, transient resources, spreadOver and dependency included): small
/// enough to enumerate every placement.
enum RandomInstances {
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
            switch Int.random(in: 0..<13, using: &rng) {
            case 0: constraints.append(.ban(Ban(vms: someVMs(1), hosts: someHosts())))
            case 1: constraints.append(.fence(Fence(vms: someVMs(1), hosts: someHosts())))
            case 2: constraints.append(.spread(Spread(vms: someVMs(2))))
            case 3: constraints.append(.gather(Gather(vms: someVMs(2))))
            case 4:
                let shuffled = hostIDs.shuffled(using: &rng)
                let cut = Int.random(in: 1..<shuffled.count, using: &rng)
                constraints.append(.among(Among(vms: someVMs(2), groups: [Array(shuffled[..<cut]), Array(shuffled[cut...])])))
            case 5: constraints.append(.lonely(Lonely(vms: someVMs(1))))
            case 6: constraints.append(.root(Root(vms: someVMs(1))))
            case 7: constraints.append(.online(Online(hosts: someHosts())))
            case 8: constraints.append(.offline(Offline(hosts: [hostIDs.randomElement(using: &rng)!])))
            case 10:
                let resource = Bool.random(using: &rng) ? "cpu" : "mem"
                constraints.append(.transient(TransientResource(resource: resource, vms: Bool.random(using: &rng) ? nil : someVMs(1))))
            case 11: constraints.append(.spreadOver(SpreadOver(vms: someVMs(2), attribute: "zone", minimum: Int.random(in: 1...2, using: &rng))))
            case 12: constraints.append(.dependency(Dependency(vms: someVMs(1), on: someVMs(1), attribute: "zone")))
            default: constraints.append(.maxOnline(MaxOnline(hosts: someHosts(), amount: Int.random(in: 1...3, using: &rng))))
            }
        }
        return Instance(
            cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms),
            constraints: constraints, objective: objective, timeLimit: 10)
    }
}
