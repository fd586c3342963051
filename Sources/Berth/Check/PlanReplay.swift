/// The plan checker's replay of a plan from the model alone: every host's power state and every
/// VM's state, advanced instant by instant (ends before starts), with the violations found.
struct PlanReplay {
    enum VMState: Equatable {
        case running(Int)
        case migrating(Int, Int)
        case suspending(Int)
        case sleeping(Int)
        case resuming(Int, Int)
        case absent
    }

    let instance: Instance
    let hosts: [Server], vms: [VM], resources: [String], cpu: String
    let hostIndex: [String: Int], vmIndex: [String: Int]
    let topology: NetworkTopology
    let budgets: [(id: String, watts: Double)]
    let licences: [(id: String, hosts: [Int], amount: Int)]
    /// Capacity with the overbook ratios in force (the ones the target is built for).
    let capacity: [[Double]]
    /// Continuous placement rules and their violations at the start: the only ones a plan may show
    /// (it may improve a broken rule, never make it worse). Every rule is re-evaluated at every
    /// start; the scheduler's incremental watch is not trusted here.
    let continuousRules: [(id: String, rule: Constraint, atStart: [Violation])]
    let viewIndex: PlacementView.Index?
    /// The scheduling rules checked at every instant of the sweep.
    let instantRules: [(id: String, rule: any SchedulingRule)]

    var power: [PowerState]
    var state: [VMState]
    /// Actions started and not ended.
    var active: [PlanAction] = []
    var found: [Violation] = []
    var reportedContinuous = Set<String>()

    init(instance: Instance) {
        self.instance = instance
        let cluster = instance.cluster
        hosts = cluster.hosts
        vms = cluster.vms
        resources = cluster.resources
        cpu = cluster.cpuResource
        let hostIndex = Dictionary(hosts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.hostIndex = hostIndex
        vmIndex = Dictionary(vms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        topology = NetworkTopology(cluster: cluster, network: instance.network)
        budgets = instance.constraints.enumerated().compactMap {
            if case let c as PowerBudget = $0.element.rule { return (instance.constraintID(at: $0.offset), c.watts) }
            return nil
        }
        licences = instance.constraints.enumerated().compactMap {
            if case let c as MaxOnline = $0.element.rule, c.isContinuous { return (instance.constraintID(at: $0.offset), c.hosts.compactMap { hostIndex[$0] }, c.amount) }
            return nil
        }
        let semantics = ResourceSemantics.Table(constraints: instance.constraints)
        capacity = hosts.map { host in cluster.resources.map { semantics.capacity(host: host, resource: $0) } }
        let chosen = instance.constraints.indices.filter { instance.constraints[$0].holdsAlongPlans }
        if chosen.isEmpty {
            continuousRules = []
            viewIndex = nil
        } else {
            let initial = PlacementView.initial(of: instance)
            continuousRules = chosen.map { i in
                let id = instance.constraintID(at: i)
                return (id, instance.constraints[i], instance.constraints[i].violations(in: initial, id: id))
            }
            viewIndex = PlacementView.Index(cluster, constraints: instance.constraints)
        }
        instantRules = PlanChecker.instantRules(instance)
        power = hosts.map { $0.state == .offline ? .off : .on }
        state = vms.map { vm in
            guard let h = vm.host.flatMap({ hostIndex[$0] }) else { return .absent }
            switch vm.state {
            case .running: return .running(h)
            case .sleeping: return .sleeping(h)
            case .ready, .killed: return .absent
            }
        }
    }

    mutating func report(_ rule: PlanChecker.Rule, at time: Double, vms: [String] = [], hosts: [String] = [], resource: String? = nil,
                         measured: Double? = nil, limit: Double? = nil, _ message: String) {
        found.append(Violation(constraint: rule.rawValue, kind: rule.rawValue, vms: vms, hosts: hosts, resource: resource,
                               measured: measured, limit: limit, message: "at t = \(format(time)) s: \(message)"))
    }

    /// The actions that name known VMs and hosts with the fields their kind needs; the others are reported.
    mutating func wellFormed(_ actions: [PlanAction]) -> [PlanAction] {
        var valid: [PlanAction] = []
        for action in actions {
            let known = action.hosts.allSatisfy { hostIndex[$0] != nil } && (action.vm.map { vmIndex[$0] != nil } ?? true)
            let shaped: Bool = switch action.kind {
            case .migrate, .resume: action.vm != nil && action.from != nil && action.to != nil && action.from != action.to
            case .suspend: action.vm != nil && action.from != nil
            case .boot, .shutdown: action.to != nil
            }
            if !known || !shaped || !(action.start >= 0 && action.end >= action.start) {
                report(.planAction, at: action.start, vms: [action.vm].compactMap { $0 }, hosts: action.hosts, "malformed action \(action.id): \(action.label)")
            } else {
                valid.append(action)
            }
        }
        return valid
    }

    /// Replays the actions at every instant where one starts or ends.
    mutating func run(_ valid: [PlanAction]) {
        let instants = Array(Set(valid.flatMap { [$0.start, $0.end] })).sorted()
        let byStart = valid.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        var next = 0
        for t in instants {
            let ending = active.filter { $0.end <= t }.sorted { $0.id < $1.id }
            active.removeAll { $0.end <= t }
            for a in ending { applyEnd(a) }
            var instantaneous: [PlanAction] = []
            var started = false
            while next < byStart.count && byStart[next].start <= t {
                let a = byStart[next]
                next += 1
                applyStart(a, at: t)
                started = true
                if a.end <= a.start { instantaneous.append(a) } else { active.append(a) }
            }
            checkCapacityAndPower(t)
            checkConcurrency(t)
            // Ends only free hosts, and no placement rule breaks when a VM leaves: check at starts.
            if !continuousRules.isEmpty && started { checkContinuous(t) }
            for a in instantaneous { applyEnd(a) }
        }
    }

    // MARK: actions

    mutating func applyEnd(_ a: PlanAction) {
        switch a.kind {
        case .boot: power[hostIndex[a.to!]!] = .on
        case .shutdown: power[hostIndex[a.to!]!] = .off
        case .migrate, .resume: state[vmIndex[a.vm!]!] = .running(hostIndex[a.to!]!)
        case .suspend: state[vmIndex[a.vm!]!] = .sleeping(hostIndex[a.from!]!)
        }
    }

    mutating func applyStart(_ a: PlanAction, at t: Double) {
        switch a.kind {
        case .boot:
            let h = hostIndex[a.to!]!
            if power[h] != .off { report(.planAction, at: t, hosts: [a.to!], "boot of \(a.to!), which is not off") }
            power[h] = .booting
        case .shutdown:
            let h = hostIndex[a.to!]!
            if power[h] != .on { report(.planAction, at: t, hosts: [a.to!], "shutdown of \(a.to!), which is not on") }
            let users = vms.indices.filter { v in
                switch state[v] {
                case .running(let x), .suspending(let x), .sleeping(let x): x == h
                case .migrating(let x, let y), .resuming(let x, let y): x == h || y == h
                case .absent: false
                }
            }.map { vms[$0].id }
            if !users.isEmpty {
                report(.shutdownAfterEmpty, at: t, vms: users, hosts: [a.to!], measured: Double(users.count), limit: 0,
                       "\(a.to!) shuts down while holding \(listed(users))")
            }
            power[h] = .stopping
        case .migrate:
            let v = vmIndex[a.vm!]!, from = hostIndex[a.from!]!, to = hostIndex[a.to!]!
            if state[v] != .running(from) { report(.planAction, at: t, vms: [a.vm!], hosts: [a.from!], "\(a.vm!) is not running on \(a.from!) when its migration starts") }
            if power[to] != .on { report(.bootBeforeArrival, at: t, vms: [a.vm!], hosts: [a.to!], "\(a.vm!) starts moving to \(a.to!), which is \(power[to].rawValue)") }
            if power[from] != .on { report(.planAction, at: t, vms: [a.vm!], hosts: [a.from!], "\(a.vm!) leaves \(a.from!), which is \(power[from].rawValue)") }
            state[v] = .migrating(from, to)
        case .suspend:
            let v = vmIndex[a.vm!]!, h = hostIndex[a.from!]!
            if state[v] != .running(h) { report(.planAction, at: t, vms: [a.vm!], hosts: [a.from!], "\(a.vm!) is not running on \(a.from!) when suspended") }
            state[v] = .suspending(h)
        case .resume:
            let v = vmIndex[a.vm!]!, from = hostIndex[a.from!]!, to = hostIndex[a.to!]!
            if state[v] != .sleeping(from) { report(.planAction, at: t, vms: [a.vm!], hosts: [a.from!], "\(a.vm!) is not suspended on \(a.from!) when resumed") }
            if power[to] != .on { report(.bootBeforeArrival, at: t, vms: [a.vm!], hosts: [a.to!], "\(a.vm!) resumes on \(a.to!), which is \(power[to].rawValue)") }
            if power[from] != .on { report(.planAction, at: t, vms: [a.vm!], hosts: [a.from!], "\(a.vm!)'s image is read from \(a.from!), which is \(power[from].rawValue)") }
            state[v] = .resuming(from, to)
        }
    }

    // MARK: the checks of an instant

    /// Capacity on both ends of every move, power budgets and licences.
    mutating func checkCapacityAndPower(_ t: Double) {
        var load = Array(repeating: ResourceVector(), count: hosts.count)
        var cpuLoad = Array(repeating: 0.0, count: hosts.count)
        var vmCount = Array(repeating: 0, count: hosts.count)
        for (v, vm) in vms.enumerated() {
            var holders: [Int] = []
            switch state[v] {
            case .running(let h), .suspending(let h):
                holders = [h]
                cpuLoad[h] += vm.demand[cpu]
                vmCount[h] += 1
            case .migrating(let a, let b):
                holders = [a, b]
                cpuLoad[a] += vm.demand[cpu]
                vmCount[a] += 1
            case .resuming(_, let b): holders = [b]
            case .sleeping, .absent: break
            }
            for h in holders { for r in resources { load[h][r] += vm.demand[r] } }
        }
        for (h, host) in hosts.enumerated() {
            for (k, r) in resources.enumerated() {
                let limit = capacity[h][k]
                if CapacityTolerance.exceeds(load[h][r], limit) {
                    report(.planCapacity, at: t, hosts: [host.id], resource: r, measured: load[h][r], limit: limit,
                           "\(host.id) holds \(format(load[h][r])) \(r), over its capacity of \(format(limit))")
                }
            }
        }
        if !budgets.isEmpty {
            let watts = hosts.indices.reduce(0.0) { $0 + hosts[$1].watts(power[$1], cpuLoad: cpuLoad[$1], cpuResource: cpu, vms: vmCount[$1]) }
            for (id, budget) in budgets where watts > budget + 1e-6 {
                found.append(Violation(constraint: id, kind: "powerBudget", measured: watts, limit: budget,
                                       message: "at t = \(format(t)) s: the hosts draw \(format(watts)) W, over the budget of \(format(budget)) W"))
            }
        }
        for (id, set, amount) in licences {
            let on = set.filter { power[$0] != .off }
            if on.count > amount {
                found.append(Violation(constraint: id, kind: "maxOnline", hosts: on.map { hosts[$0].id },
                                       measured: Double(on.count), limit: Double(amount),
                                       message: "at t = \(format(t)) s: \(on.count) hosts of the set are on, at most \(amount) allowed"))
            }
        }
    }

    /// The network's concurrency limits and the instant scheduling rules.
    mutating func checkConcurrency(_ t: Double) {
        let moving = active.filter { $0.kind == .migrate || $0.kind == .resume }
        if let limit = topology.network.maxMigrations, moving.count > limit {
            report(.concurrency, at: t, measured: Double(moving.count), limit: Double(limit), "\(moving.count) migrations at once, at most \(limit) allowed")
        }
        var perHost: [String: Int] = [:], perLink: [String: Int] = [:]
        for a in moving {
            perHost[a.from!, default: 0] += 1
            perHost[a.to!, default: 0] += 1
            for link in Set(topology.route(from: a.from!, to: a.to!).links) { perLink[link, default: 0] += 1 }
        }
        for (host, count) in perHost.sorted(by: { $0.key < $1.key }) {
            if let limit = topology.migrationLimit(host: host), count > limit {
                report(.concurrency, at: t, hosts: [host], measured: Double(count), limit: Double(limit), "\(count) migrations at once on \(host), at most \(limit) allowed")
            }
        }
        if !instantRules.isEmpty {
            let changing = Set(hosts.indices.filter { power[$0] == .booting || power[$0] == .stopping }.map { hosts[$0].id })
            let topology = self.topology
            found += PlanChecker.instantViolations(instantRules, at: t, moving: moving, changing: changing) { topology.route(from: $0.from!, to: $0.to!).links }
        }
        for (link, count) in perLink.sorted(by: { $0.key < $1.key }) {
            if let limit = topology.migrationLimit(link: link), count > limit {
                report(.concurrency, at: t, measured: Double(count), limit: Double(limit), "\(count) migrations at once across link \(link), at most \(limit) allowed")
            }
        }
    }

    /// Continuous placement rules at this instant: report each violation the initial state lacks, once.
    mutating func checkContinuous(_ t: Double) {
        var running: [String: String] = [:], sleeping: [String: String] = [:], inFlight: [String: String] = [:]
        for (v, vm) in vms.enumerated() {
            switch state[v] {
            case .running(let h), .suspending(let h), .resuming(_, let h): running[vm.id] = hosts[h].id
            case .migrating(let a, let b):
                running[vm.id] = hosts[b].id
                inFlight[vm.id] = hosts[a].id
            case .sleeping(let h): sleeping[vm.id] = hosts[h].id
            case .absent: break
            }
        }
        let online = Set(hosts.indices.filter { power[$0] != .off }.map { hosts[$0].id })
        let view = PlacementView.instant(of: instance, running: running, sleeping: sleeping, inFlight: inFlight, online: online, index: viewIndex)
        for (id, rule, atStart) in continuousRules {
            for var violation in rule.violations(in: view, id: id) {
                let onHosts = Set(violation.hosts), ofVMs = Set(violation.vms)
                // Covered by a violation of the start (same resource, within its hosts and VMs): allowed.
                if atStart.contains(where: { $0.resource == violation.resource && onHosts.isSubset(of: $0.hosts) && ofVMs.isSubset(of: $0.vms) }) { continue }
                let key = [violation.constraint, violation.resource ?? "", violation.hosts.sorted().joined(separator: ","),
                           violation.vms.sorted().joined(separator: ",")].joined(separator: "|")
                guard reportedContinuous.insert(key).inserted else { continue }
                violation.message = "at t = \(format(t)) s: " + violation.message + " (continuous, not so initially)"
                found.append(violation)
            }
        }
    }

    // MARK: the end

    /// The plan ends in the target: every running VM where the target puts it, hosts on and off as it says.
    mutating func checkEndState(target: Placement, at end: Double) {
        for (v, vm) in vms.enumerated() {
            guard vm.state == .running, let goal = target.vmHosts[vm.id] else { continue }
            guard vm.host != nil else { continue }  // new VMs are placed outside the plan
            if state[v] != .running(hostIndex[goal] ?? -1) {
                report(.planEndState, at: end, vms: [vm.id], hosts: [goal], "\(vm.id) does not end running on \(goal)")
            }
        }
        for (h, host) in hosts.enumerated() {
            let shouldBeOn = target.onlineHosts.contains(host.id)
            if shouldBeOn && power[h] != .on { report(.planEndState, at: end, hosts: [host.id], "\(host.id) should end on but is \(power[h].rawValue)") }
            if !shouldBeOn && power[h] != .off { report(.planEndState, at: end, hosts: [host.id], "\(host.id) should end off but is \(power[h].rawValue)") }
        }
    }
}
