/// The state of one simulation: hosts' power, where each VM is, the load, the actions started and
/// done, the flows on the network, and the clock. `PlanSimulator.simulate` drives it.
struct SimulationRun {
    struct Flow {
        var action: Int
        var vm: Int
        var route: [Int]
        var left: Double
        /// MiB the current round set out to send.
        var roundMiB: Double
        /// Seconds into the current round.
        var elapsed = 0.0
        var progress = PreCopyModel.Progress()
        var sent = 0.0
        var stopStart: Double?
        var forced = false
        var resume: Bool
    }

    let instance: Instance
    let plan: MigrationPlan
    let enforcesLimits: Bool
    let workFactors: [Double]?
    let hosts: [Server], vms: [VM], resources: [String], cpu: String
    let hostIndex: [String: Int], vmIndex: [String: Int]
    let topology: NetworkTopology
    let capacity: [Double]
    let preCopy: PreCopyModel
    /// Capacity with the overbook ratios in force, as the scheduler and the checker read it.
    let hostCapacity: [[String: Double]]
    let budgets: [Double]
    let licences: [(hosts: Set<Int>, amount: Int)]
    let syncGroups: [Set<String>]
    /// The plan's actions by planned start, then id.
    let order: [PlanAction]

    var power: [PowerState]
    var location: [Int?]
    var runningHere: [Bool]
    var load: [ResourceVector]
    var present: [Int]
    var started: [Bool], done: [Bool]
    var simStart: [Double], simEnd: [Double]
    /// Actions with a fixed duration (boots, shutdowns, suspends, resumes) and when they end.
    var fixed: [(action: Int, end: Double)] = []
    /// Migrations copied and paused, resuming on their destination until their fixed end.
    var resuming: [Int: SimulatedMigration] = [:]
    var flows: [Flow] = []
    var migrations: [Int: SimulatedMigration] = [:]
    var time = 0.0, energyWh = 0.0, peak = 0.0, overBudget = 0.0
    /// The first action of `order` not started yet.
    var next = 0
    var stuck: String?

    init(simulator: PlanSimulator, plan: MigrationPlan) {
        instance = simulator.instance
        self.plan = plan
        enforcesLimits = simulator.enforcesLimits
        workFactors = simulator.workFactors
        let cluster = instance.cluster
        hosts = cluster.hosts
        vms = cluster.vms
        resources = cluster.resources
        cpu = cluster.cpuResource
        hostIndex = Dictionary(hosts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        vmIndex = Dictionary(vms.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        topology = NetworkTopology(cluster: cluster, network: instance.network)
        capacity = topology.resources.map(\.capacity)
        preCopy = topology.preCopy
        let semantics = ResourceSemantics.Table(constraints: instance.constraints)
        hostCapacity = hosts.map { host in
            Dictionary(cluster.resources.map { ($0, semantics.capacity(host: host, resource: $0)) }, uniquingKeysWith: { first, _ in first })
        }
        budgets = instance.constraints.compactMap { c -> Double? in if case let b as PowerBudget = c.rule { return b.watts }; return nil }
        let hostIndex = self.hostIndex
        licences = instance.constraints.compactMap { c -> (hosts: Set<Int>, amount: Int)? in
            if case let m as MaxOnline = c.rule, m.isContinuous { return (Set(m.hosts.compactMap { hostIndex[$0] }), m.amount) }
            return nil
        }
        syncGroups = instance.constraints.compactMap { c -> Set<String>? in if case let g as Sync = c.rule { return Set(g.vms) }; return nil }
        order = plan.actions.sorted { ($0.start, $0.id) < ($1.start, $1.id) }

        power = hosts.map { $0.state == .offline ? .off : .on }
        location = vms.map { vm in (vm.state == .running || vm.state == .sleeping) ? vm.host.flatMap { hostIndex[$0] } : nil }
        runningHere = vms.map { $0.state == .running }
        load = Array(repeating: ResourceVector(), count: hosts.count)
        present = Array(repeating: 0, count: hosts.count)
        started = Array(repeating: false, count: plan.actions.count)
        done = started
        simStart = Array(repeating: 0, count: plan.actions.count)
        simEnd = simStart
        for (v, vm) in vms.enumerated() {
            guard let h = location[v] else { continue }
            present[h] += 1
            if runningHere[v] { for r in resources { load[h][r] += vm.demand[r] } }
        }
    }

    var isBusy: Bool { !fixed.isEmpty || !flows.isEmpty }

    func factor(_ action: Int) -> Double {
        guard let workFactors, action < workFactors.count else { return 1 }
        return workFactors[action]
    }

    // MARK: the state

    func watts() -> Double {
        var cpuLoad = Array(repeating: 0.0, count: hosts.count)
        var count = Array(repeating: 0, count: hosts.count)
        for (v, vm) in vms.enumerated() where runningHere[v] {
            if let h = location[v] { cpuLoad[h] += vm.demand[cpu]; count[h] += 1 }
        }
        return hosts.indices.reduce(0.0) { $0 + hosts[$1].watts(power[$1], cpuLoad: cpuLoad[$1], cpuResource: cpu, vms: count[$1]) }
    }

    func fits(_ v: Int, _ h: Int) -> Bool {
        resources.allSatisfy { load[h][$0] + vms[v].demand[$0] <= hostCapacity[h][$0]! + 1e-6 * max(1, hostCapacity[h][$0]!) }
    }

    /// The network's concurrency limits hold with one more flow from `a.from` to `a.to`.
    func concurrencyAllows(_ a: PlanAction) -> Bool {
        let moving = flows.map { plan.actions[$0.action] }
        if let limit = topology.network.maxMigrations, moving.count + 1 > limit { return false }
        for host in [a.from!, a.to!] {
            if let limit = topology.migrationLimit(host: host), moving.filter({ $0.from == host || $0.to == host }).count + 1 > limit { return false }
        }
        for link in Set(topology.route(from: a.from!, to: a.to!).links) {
            guard let limit = topology.migrationLimit(link: link) else { continue }
            let crossing = moving.filter { topology.route(from: $0.from!, to: $0.to!).links.contains(link) }.count
            if crossing + 1 > limit { return false }
        }
        return true
    }

    func canStart(_ a: PlanAction) -> Bool {
        guard a.dependsOn.allSatisfy({ done[$0] }) else { return false }
        if enforcesLimits && (a.kind == .migrate || a.kind == .resume) && !concurrencyAllows(a) { return false }
        switch a.kind {
        case .boot:
            let h = hostIndex[a.to!]!
            guard enforcesLimits else { return power[h] == .off }
            for (set, amount) in licences where set.contains(h) && set.filter({ power[$0] != .off }).count + 1 > amount { return false }
            let booting = hosts[h].watts(.booting, cpuLoad: 0, cpuResource: cpu) - hosts[h].watts(.off, cpuLoad: 0, cpuResource: cpu)
            if budgets.contains(where: { watts() + booting > $0 + 1e-9 }) { return false }
            return power[h] == .off
        case .shutdown:
            let h = hostIndex[a.to!]!
            return power[h] == .on && present[h] == 0
        case .migrate:
            let v = vmIndex[a.vm!]!, from = hostIndex[a.from!]!, to = hostIndex[a.to!]!
            return location[v] == from && runningHere[v] && power[to] == .on && fits(v, to)
        case .suspend:
            let v = vmIndex[a.vm!]!
            return location[v] == hostIndex[a.from!]! && runningHere[v]
        case .resume:
            let v = vmIndex[a.vm!]!, to = hostIndex[a.to!]!
            return location[v] == hostIndex[a.from!]! && !runningHere[v] && power[to] == .on && fits(v, to)
        }
    }

    /// The not-yet-started moves planned at the same instant as `a` for VMs of `a`'s sync group (with `a`).
    func syncPartners(of a: PlanAction) -> [PlanAction] {
        guard a.kind == .migrate || a.kind == .suspend, let vm = a.vm, let group = syncGroups.first(where: { $0.contains(vm) }) else { return [] }
        return order.filter { ($0.kind == .migrate || $0.kind == .suspend) && !started[$0.id] && abs($0.start - a.start) < 1e-9 && group.contains($0.vm!) }
    }

    // MARK: actions

    /// Starts what the plan's order, the dependencies and the state allow.
    mutating func startWhatCan() {
        while next < order.count {
            let action = order[next]
            if started[action.id] { next += 1; continue }
            // A sync group's moves planned together start together: wait until all of them can.
            let group = syncPartners(of: action)
            if !group.isEmpty {
                guard group.allSatisfy(canStart) else { break }
                for member in group where canStart(member) { start(member) }
                continue
            }
            guard canStart(action) else { break }
            start(action)
            next += 1
        }
    }

    mutating func start(_ a: PlanAction) {
        started[a.id] = true
        simStart[a.id] = time
        switch a.kind {
        case .boot:
            let h = hostIndex[a.to!]!
            power[h] = .booting
            fixed.append((a.id, time + max(ListScheduler.minimumDuration, (hosts[h].power?.bootSeconds ?? 0) * factor(a.id))))
        case .shutdown:
            let h = hostIndex[a.to!]!
            power[h] = .stopping
            fixed.append((a.id, time + max(ListScheduler.minimumDuration, (hosts[h].power?.shutdownSeconds ?? 0) * factor(a.id))))
        case .suspend:
            fixed.append((a.id, time + ListScheduler.suspendSeconds))
        case .migrate, .resume:
            let v = vmIndex[a.vm!]!, to = hostIndex[a.to!]!
            for r in resources { load[to][r] += vms[v].demand[r] }
            present[to] += 1
            let memory = vms[v].memoryMiB * factor(a.id)
            flows.append(Flow(action: a.id, vm: v, route: topology.route(from: a.from!, to: a.to!).resources,
                              left: memory, roundMiB: memory, resume: a.kind == .resume))
        }
    }

    mutating func finish(_ id: Int) {
        let a = plan.actions[id]
        done[id] = true
        simEnd[id] = time
        switch a.kind {
        case .boot: power[hostIndex[a.to!]!] = .on
        case .shutdown: power[hostIndex[a.to!]!] = .off
        case .suspend:
            let v = vmIndex[a.vm!]!, h = hostIndex[a.from!]!
            runningHere[v] = false
            for r in resources { load[h][r] -= vms[v].demand[r] }
        case .migrate, .resume:
            let v = vmIndex[a.vm!]!, from = hostIndex[a.from!]!, to = hostIndex[a.to!]!
            if a.kind == .migrate { for r in resources { load[from][r] -= vms[v].demand[r] } }
            present[from] -= 1
            location[v] = to
            runningHere[v] = true
        }
    }

    // MARK: time

    /// Max-min fair rates; the hypervisor's per-migration cap is one more resource each flow crosses alone.
    func rates() -> [Double] {
        guard let cap = preCopy.maxBandwidth else { return FairShare.rates(routes: flows.map(\.route), capacity: capacity) }
        return FairShare.rates(routes: flows.enumerated().map { $1.route + [capacity.count + $0] },
                               capacity: capacity + Array(repeating: cap, count: flows.count))
    }

    /// Moves the clock to the next event and handles it; `false` when nothing can progress.
    mutating func advance() -> Bool {
        let rates = rates()
        var step = fixed.map { $0.end - time }.min() ?? .infinity
        for (f, flow) in flows.enumerated() {
            if rates[f] > 0 { step = min(step, flow.left / rates[f]) }
            if let timeout = preCopy.timeout, flow.stopStart == nil, !flow.resume { step = min(step, simStart[flow.action] + timeout - time) }
        }
        guard step.isFinite else {
            stuck = "a migration gets no bandwidth"
            return false
        }
        step = max(0, step)
        let draw = watts()
        energyWh += draw * step / 3600
        if let tightest = budgets.min(), draw > tightest + 1e-9 { overBudget += step }
        time += step
        for f in flows.indices {
            let moved = min(flows[f].left, rates[f] * step)
            flows[f].left -= moved
            flows[f].sent += moved
            flows[f].elapsed += step
        }
        endFixedActions()
        flows = flows.indices.compactMap { progress(flows[$0], rate: rates[$0]) }
        return true
    }

    mutating func endFixedActions() {
        let ending = fixed.filter { $0.end <= time + 1e-9 }.map(\.action).sorted()
        fixed.removeAll { $0.end <= time + 1e-9 }
        for id in ending {
            if let copied = resuming.removeValue(forKey: id) {
                var record = copied
                record.downtime += time - copied.end  // paused until it resumes
                record.end = time
                migrations[id] = record
            }
            finish(id)
        }
    }

    /// One flow at the clock: a round ends, the copy ends, or the timeout strikes. Returns the flow
    /// if it still moves bytes.
    mutating func progress(_ flow: Flow, rate: Double) -> Flow? {
        var flow = flow
        let a = plan.actions[flow.action]
        if flow.left <= 1e-9 * max(1, vms[flow.vm].memoryMiB) {
            if flow.resume {
                // The image is copied; restarting the VM takes the fixed resume overhead (a cold move, not a live migration).
                fixed.append((flow.action, time + ListScheduler.suspendSeconds))
                return nil
            }
            if flow.stopStart == nil {
                switch preCopy.endRound(&flow.progress, vm: vms[flow.vm], sentMiB: flow.roundMiB, seconds: flow.elapsed, rate: rate) {
                case .nextRound(let dirty):
                    flow.left = dirty
                    flow.roundMiB = dirty
                case .stopAndCopy(let rest):
                    flow.stopStart = time
                    flow.left = rest
                case .forced(let rest):
                    flow.stopStart = time
                    flow.forced = true
                    flow.left = rest
                }
                flow.elapsed = 0
                if flow.left > 1e-12 { return flow }
            }
            let record = SimulatedMigration(vm: a.vm!, from: a.from!, to: a.to!, start: simStart[flow.action], end: time,
                downtime: time - (flow.stopStart ?? time), sentMiB: flow.sent, rounds: flow.progress.rounds, forced: flow.forced)
            if preCopy.resumeSeconds > 0 {
                resuming[flow.action] = record
                fixed.append((flow.action, time + preCopy.resumeSeconds))
            } else {
                migrations[flow.action] = record
                finish(flow.action)
            }
            return nil
        }
        if let timeout = preCopy.timeout, flow.stopStart == nil, !flow.resume, time >= simStart[flow.action] + timeout - 1e-9 {
            if preCopy.onTimeout == .abort {
                // The VM keeps running on its source; the destination's reservation is released.
                let to = hostIndex[a.to!]!
                for r in resources { load[to][r] -= vms[flow.vm].demand[r] }
                present[to] -= 1
                done[flow.action] = true
                simEnd[flow.action] = time
                migrations[flow.action] = SimulatedMigration(vm: a.vm!, from: a.from!, to: a.to!, start: simStart[flow.action], end: time,
                    downtime: 0, sentMiB: flow.sent, rounds: flow.progress.rounds, forced: false, aborted: true)
                return nil
            }
            // Forced switch-over: pause and copy what is left of the round plus what it dirtied.
            flow.left += vms[flow.vm].dirtiedMiB(after: flow.elapsed, throttle: flow.progress.throttle)
            flow.stopStart = time
            flow.forced = true
            flow.elapsed = 0
        }
        return flow
    }

    // MARK: the result

    func result() -> SimulationResult {
        var stuck = self.stuck
        if let aborted = migrations.values.filter(\.aborted).map(\.vm).sorted().first {
            let why = "the migration of \(aborted) was aborted at the \(format(preCopy.timeout ?? 0)) s timeout"
            stuck = stuck.map { "\($0) (\(why))" } ?? why
        }
        var timeline = plan
        for i in timeline.actions.indices where started[i] {
            timeline.actions[i].start = simStart[i]
            timeline.actions[i].end = done[i] ? simEnd[i] : time
        }
        return SimulationResult(
            timeline: timeline, migrations: migrations.keys.sorted().map { migrations[$0]! }, completion: time,
            energyKWh: energyWh / 1000, peakKW: peak / 1000, secondsOverBudget: overBudget, stuck: stuck)
    }
}
