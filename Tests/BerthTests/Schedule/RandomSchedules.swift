import Berth

/// Random small scheduling instances: a two-switch topology, a valid current placement and a
/// valid random target placement, sometimes with a power budget or a licence limit.
enum RandomSchedules {
    struct Case {
        var instance: Instance
        var target: Placement
        var hasLimits: Bool
    }

    static func make(seed: UInt64) -> Case {
        var rng = SplitMix64(seed: seed)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        func real(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &rng) }

        let hostCount = int(3...7)
        var hosts: [Server] = []
        for i in 0..<hostCount {
            let state: HostState = i < 2 ? .online : (int(0...2) == 0 ? .offline : .online)
            hosts.append(Server(
                id: "h\(i)", capacity: ["cpu": Double(int(4...8)), "mem": Double(int(8...16))], state: state,
                power: PowerModel(idleWatts: real(50...100), peakWatts: real(150...250), bootSeconds: real(10...100), shutdownSeconds: real(5...30))))
        }
        var load = hosts.map { _ in (cpu: 0.0, mem: 0.0) }
        var vms: [VM] = []
        let workloads = WorkloadClass.allCases
        for v in 0..<int(2...10) {
            let cpu = Double(int(1...3)), mem = Double(int(1...4))
            let candidates = hosts.indices.filter { hosts[$0].state == .online && load[$0].cpu + cpu <= hosts[$0].capacity["cpu"] && load[$0].mem + mem <= hosts[$0].capacity["mem"] }
            guard let h = candidates.randomElement(using: &rng) else { continue }
            load[h].cpu += cpu
            load[h].mem += mem
            // Mostly calm VMs; one in eight dirties memory faster than a GbE link can copy it.
            let dirty = int(0...7) == 0 ? real(130...200) : real(0...30)
            vms.append(VM(id: "v\(v)", demand: ["cpu": cpu, "mem": mem], host: hosts[h].id, memoryMiB: real(256...4096),
                          dirtyRateMiBps: dirty, workload: workloads[int(0...workloads.count - 1)]))
        }
        // Random target: start from the current placement, then move most VMs to a random host with room at the end.
        var final = load
        var vmHosts: [String: String] = [:]
        for vm in vms { vmHosts[vm.id] = vm.host! }
        for vm in vms where int(0...9) < 7 {
            let current = hosts.firstIndex { $0.id == vm.host! }!
            final[current].cpu -= vm.demand["cpu"]
            final[current].mem -= vm.demand["mem"]
            let fits = hosts.indices.filter { final[$0].cpu + vm.demand["cpu"] <= hosts[$0].capacity["cpu"] && final[$0].mem + vm.demand["mem"] <= hosts[$0].capacity["mem"] }
            let h = fits.randomElement(using: &rng)!  // the current host always fits again
            final[h].cpu += vm.demand["cpu"]
            final[h].mem += vm.demand["mem"]
            vmHosts[vm.id] = hosts[h].id
        }
        var online = Set(vmHosts.values)
        for host in hosts where int(0...3) == 0 { online.insert(host.id) }

        let split = int(1...hostCount - 1)
        let network = Network(
            switches: [NetworkSwitch(id: "s1"), NetworkSwitch(id: "s2", backplaneGbps: int(0...1) == 0 ? 20 : nil)],
            links: [NetworkLink(id: "up", between: ["s1", "s2"], gbps: [1, 2, 10][int(0...2)], members: int(1...2),
                                maxMigrations: int(0...2) == 0 ? int(1...3) : nil)],
            hosts: hosts.enumerated().map { i, h in
                HostAttachment(host: h.id, switchID: i < split ? "s1" : "s2", nicGbps: int(0...3) == 0 ? 10 : nil,
                               maxMigrations: int(0...3) == 0 ? int(1...2) : nil)
            },
            maxMigrations: int(0...3) == 0 ? int(1...4) : nil,
            downtimeTargetMs: [30, 300][int(0...1)])

        var constraints: [Constraint] = []
        var hasLimits = false
        if int(0...3) == 0 {
            hasLimits = true
            let peak = hosts.reduce(0.0) { $0 + ($1.power?.peakWatts ?? 0) }
            constraints.append(.powerBudget(PowerBudget(watts: peak * real(0.8...1.0), label: "budget")))
        }
        if int(0...3) == 0 {
            hasLimits = true
            let onNow = hosts.filter { $0.state == .online }.count
            let boots = hosts.filter { $0.state == .offline && online.contains($0.id) }.count
            constraints.append(.maxOnline(MaxOnline(hosts: hosts.map(\.id), amount: max(onNow, online.count) + int(0...boots), continuous: true, label: "licences")))
        }
        if vms.count >= 2 && int(0...3) == 0 {
            hasLimits = true
            let shuffled = vms.map(\.id).shuffled(using: &rng)
            constraints.append(.precedence(Precedence(before: [shuffled[0]], after: Array(shuffled[1...].prefix(2)), label: "order")))
        }
        if vms.count >= 3 && int(0...5) == 0 {
            hasLimits = true
            let shuffled = vms.map(\.id).shuffled(using: &rng)
            constraints.append(.sync(Sync(vms: Array(shuffled.prefix(2)), label: "talking")))
        }
        let instance = Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms), constraints: constraints,
                                objective: .minMigrations, timeLimit: 5, network: network)
        return Case(instance: instance, target: Placement(vmHosts: vmHosts, onlineHosts: online), hasLimits: hasLimits)
    }
}

extension RandomSchedules {
    /// The same random case with one to three continuous placement rules the target satisfies
    /// (spread, ban, fence, lonely, among, runningCapacity); the initial state may break them.
    static func withContinuousRules(seed: UInt64) -> Case {
        var random = make(seed: seed)
        var rng = SplitMix64(seed: seed &+ 10_007)
        func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        let cluster = random.instance.cluster
        let final = random.target.vmHosts
        let vms = cluster.vms.map(\.id), hosts = cluster.hosts.map(\.id)
        guard vms.count >= 2 else { return random }
        var rules: [Constraint] = []
        for n in 0..<int(1...3) {
            let shuffled = vms.shuffled(using: &rng)
            switch int(0...5) {
            case 0:
                // A spread of VMs that end on distinct hosts.
                var seen = Set<String>(), members: [String] = []
                for vm in shuffled where seen.insert(final[vm]!).inserted && members.count < 3 { members.append(vm) }
                if members.count >= 2 { rules.append(.spread(Spread(vms: members, label: "spread\(n)"))) }
            case 1:
                let vm = shuffled[0]
                let banned = hosts.filter { $0 != final[vm] }.shuffled(using: &rng).prefix(int(1...2))
                rules.append(.ban(Ban(vms: [vm], hosts: Array(banned), continuous: true, label: "ban\(n)")))
            case 2:
                let vm = shuffled[0]
                let allowed = Set([final[vm]!, hosts[int(0...hosts.count - 1)], hosts[int(0...hosts.count - 1)]])
                rules.append(.fence(Fence(vms: [vm], hosts: allowed.sorted(), continuous: true, label: "fence\(n)")))
            case 3:
                // Lonely: a VM that ends alone on its host.
                if let vm = shuffled.first(where: { vm in final.filter { $0.value == final[vm] }.count == 1 }) {
                    rules.append(.lonely(Lonely(vms: [vm], continuous: true, label: "lonely\(n)")))
                }
            case 4:
                let members = Array(shuffled.prefix(2))
                let inside = Set(members.map { final[$0]! } + [hosts[int(0...hosts.count - 1)]]).sorted()
                let outside = hosts.filter { !inside.contains($0) }
                rules.append(.among(Among(vms: members, groups: outside.isEmpty ? [inside] : [inside, outside], continuous: true, label: "among\(n)")))
            default:
                let set = Array(hosts.shuffled(using: &rng).prefix(2))
                let ending = final.values.filter(set.contains).count
                rules.append(.runningCapacity(RunningCapacity(hosts: set, amount: ending + int(0...1), continuous: true, label: "running\(n)")))
            }
        }
        random.instance.constraints += rules
        return random
    }
}
