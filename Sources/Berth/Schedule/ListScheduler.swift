/// The event-driven list scheduler: at every instant, start what can start, in priority order.
///
/// Resources are reserved the BtrPlace way (a migrating VM holds its demand on both hosts until it
/// ends). Each migration gets the full bandwidth of its route, and a link direction admits flows
/// while the sum of their rates fits its capacity: how many share a link follows from the bandwidth
/// model (one per GbE NIC, ten 1 Gb/s flows on a 10 Gb/s uplink), and no flow is ever slowed below
/// the rate its duration was computed for, so none fails to converge. Cycles are broken through a
/// spare host, else by suspend/resume.
struct ListScheduler {
    let problem: ScheduleProblem
    /// Seconds to pause a VM and keep its image, or to restart it after the image is copied.
    static let suspendSeconds = 1.0
    /// No action is shorter than this, so that every start precedes its end.
    static let minimumDuration = 0.01

    private enum JobKind { case migrate, resume }

    private struct Job {
        var kind: JobKind
        var vm: Int
        var from: Int
        var to: Int
        /// Action that must end before (first leg through a spare host, or the suspend).
        var after: Int?
        var note: String?
        var legs: Int
        /// Cannot converge live even alone: moved by suspend and resume.
        var cold = false
    }

    private struct Running {
        var action: Int
        var end: Double
        var job: Job?
        var rate: Double
        var route: NetworkTopology.Route?
        var powerIncrease: Double
    }

    func run(order: [ScheduleProblem.Move]) throws(SchedulingError) -> MigrationPlan {
        var state = State(problem: problem)
        return try state.schedule(order: order)
    }

    private struct State {
        let problem: ScheduleProblem
        let cluster: Cluster
        let hosts: [Server]
        let vms: [VM]
        let resources: [String]
        let cpu: String
        var hostIndex: [String: Int] = [:]
        var vmIndex: [String: Int] = [:]

        var power: [PowerState]
        var load: [[Double]]
        var present: [Int]
        var cpuRunning: [Double]
        var involved: [Int]
        var flowUse: [Double]
        var hostMigrations: [Int]
        var linkMigrations: [String: Int] = [:]
        var migrations = 0
        var watts: [Double]
        var powerNow = 0.0
        var pendingIncrease = 0.0
        var onlineCount: [Int]

        var actions: [PlanAction] = []
        var notes: [String] = []
        var running: [Running] = []
        var pending: [Job] = []
        var pendingBoots: [Int] = []
        var shutdownTargets: [Int]
        var bootAction: [Int: Int] = [:]
        var outgoing: [Int: [Int]] = [:]
        var bootBlocker: [Int: String] = [:]
        var justEnded: [(action: Int, hosts: Set<Int>, resources: Set<Int>)] = []
        /// VMs still to move (a move ends with its last leg or its resume), and the actions that moved each.
        var unmoved = Set<String>()
        var movedBy: [String: [Int]] = [:]
        var time = 0.0

        init(problem: ScheduleProblem) {
            self.problem = problem
            cluster = problem.instance.cluster
            hosts = cluster.hosts
            vms = cluster.vms
            resources = cluster.resources
            cpu = cluster.cpuResource
            for (i, h) in hosts.enumerated() { hostIndex[h.id] = i }
            for (i, v) in vms.enumerated() { vmIndex[v.id] = i }
            power = hosts.map { problem.isOnAtStart($0) ? .on : .off }
            load = Array(repeating: Array(repeating: 0, count: cluster.resources.count), count: hosts.count)
            present = Array(repeating: 0, count: hosts.count)
            cpuRunning = Array(repeating: 0, count: hosts.count)
            involved = Array(repeating: 0, count: hosts.count)
            flowUse = Array(repeating: 0, count: problem.topology.resources.count)
            hostMigrations = Array(repeating: 0, count: hosts.count)
            watts = Array(repeating: 0, count: hosts.count)
            onlineCount = Array(repeating: 0, count: problem.onlineLimits.count)
            shutdownTargets = []
            for vm in vms where vm.state == .running || vm.state == .sleeping {
                guard let hostID = vm.host, let h = hostIndex[hostID] else { continue }
                present[h] += 1
                if vm.state == .running {
                    for (k, r) in resources.enumerated() { load[h][k] += vm.demand[r] }
                    cpuRunning[h] += vm.demand[cpu]
                }
            }
            for h in hosts.indices { refreshWatts(h) }
            for (l, limit) in problem.onlineLimits.enumerated() {
                onlineCount[l] = hosts.indices.filter { limit.hosts.contains(hosts[$0].id) && power[$0] != .off }.count
            }
            shutdownTargets = problem.shutdowns.compactMap { hostIndex[$0] }
        }

        mutating func refreshWatts(_ h: Int) {
            let value = hosts[h].watts(power[h], cpuLoad: cpuRunning[h], cpuResource: cpu)
            powerNow += value - watts[h]
            watts[h] = value
        }

        // MARK: main loop

        mutating func schedule(order: [ScheduleProblem.Move]) throws(SchedulingError) -> MigrationPlan {
            var firstUse: [Int: Int] = [:]
            for (rank, move) in order.enumerated() {
                guard let v = vmIndex[move.vm], let a = hostIndex[move.from], let b = hostIndex[move.to] else { continue }
                if firstUse[b] == nil { firstUse[b] = rank }
                involved[a] += 1
                involved[b] += 1
                let estimate = problem.loneEstimate(vm: vms[v], from: move.from, to: move.to)
                if estimate.converges {
                    pending.append(Job(kind: .migrate, vm: v, from: a, to: b, after: nil, note: nil, legs: 0))
                } else {
                    // Cannot converge even alone: move it cold (suspend, copy, resume) and say so.
                    notes.append("\(move.vm) cannot be live-migrated (dirty rate \(format(vms[v].dirtyRateMiBps)) MiB/s against "
                        + "\(format(problem.topology.loneRate(problem.topology.route(from: move.from, to: move.to)))) MiB/s): suspended and resumed instead")
                    pending.append(Job(kind: .migrate, vm: v, from: a, to: b, after: nil, note: nil, legs: 0, cold: true))
                }
            }
            unmoved = Set(order.map(\.vm))
            pendingBoots = problem.boots.compactMap { hostIndex[$0] }.sorted { (firstUse[$0] ?? Int.max, $0) < (firstUse[$1] ?? Int.max, $1) }
            var breaks = 0
            while true {
                startEverythingPossible()
                if running.isEmpty {
                    if pending.isEmpty && pendingBoots.isEmpty && readyShutdowns().isEmpty { break }
                    breaks += 1
                    guard breaks <= 2 * max(1, problem.moves.count) + 2, breakCycle() else {
                        throw .blocked(at: time, reasons: blockReasons())
                    }
                    continue
                }
                advance()
            }
            let leftOn = shutdownTargets.filter { power[$0] != .off }
            if !leftOn.isEmpty {
                throw .blocked(at: time, reasons: leftOn.map { "\(hosts[$0].id) cannot be shut down (not empty)" })
            }
            return MigrationPlan(actions: actions, notes: notes)
        }

        /// Resumes whose suspend has ended, queued until the next admission pass.
        var resumeQueue: [Job] = []

        mutating func advance() {
            let next = running.map(\.end).min()!
            time = next
            justEnded = []
            var remaining: [Running] = []
            var ending: [Running] = []
            for item in running {
                if item.end <= next + 1e-9 { ending.append(item) } else { remaining.append(item) }
            }
            running = remaining
            for item in ending.sorted(by: { $0.action < $1.action }) { finish(item) }
        }

        mutating func startEverythingPossible() {
            var progress = true
            while progress {
                progress = false
                for h in readyShutdowns() {
                    startShutdown(h)
                    progress = true
                }
                var waiting: [Int] = []
                for h in pendingBoots {
                    if let blocker = bootBlock(h) {
                        if bootBlocker[h] == nil { bootBlocker[h] = blocker }
                        waiting.append(h)
                    } else {
                        startBoot(h)
                        progress = true
                    }
                }
                pendingBoots = waiting
                var still: [Job] = []
                for job in pending {
                    if job.kind == .migrate && job.cold {
                        // A cold move (cannot converge live): suspend as soon as its order allows, resume later.
                        if precedenceAllows(job) && power[job.from] == .on {
                            startSuspend(job, note: "cold move: the dirty rate exceeds the route's bandwidth")
                            progress = true
                        } else {
                            still.append(job)
                        }
                    } else if admissible(job) {
                        start(job)
                        progress = true
                    } else {
                        still.append(job)
                    }
                }
                pending = still
                if !resumeQueue.isEmpty {
                    pending += resumeQueue
                    resumeQueue = []
                    progress = true
                }
            }
        }

        // MARK: admission

        func readyShutdowns() -> [Int] {
            shutdownTargets.filter { power[$0] == .on && present[$0] == 0 && involved[$0] == 0 }
        }

        func powerRoom(_ increase: Double) -> String? {
            for budget in problem.powerBudgets where powerNow + pendingIncrease + increase > budget.watts + 1e-9 {
                return budget.id
            }
            return nil
        }

        func bootBlock(_ h: Int) -> String? {
            guard power[h] == .off else { return "state" }
            for (l, limit) in problem.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) {
                if onlineCount[l] + 1 > limit.amount { return limit.id }
            }
            return powerRoom(hosts[h].watts(.booting, cpuLoad: 0, cpuResource: cpu))
        }

        func endDelta(vm: VM, from: Int?, to: Int) -> Double {
            let c = vm.demand[cpu]
            var delta = hosts[to].watts(.on, cpuLoad: cpuRunning[to] + c, cpuResource: cpu) - hosts[to].watts(.on, cpuLoad: cpuRunning[to], cpuResource: cpu)
            if let from {
                delta -= hosts[from].watts(.on, cpuLoad: cpuRunning[from], cpuResource: cpu)
                    - hosts[from].watts(.on, cpuLoad: max(0, cpuRunning[from] - c), cpuResource: cpu)
            }
            return delta
        }

        func fits(_ v: Int, on h: Int) -> Bool {
            let vm = vms[v]
            for (k, r) in resources.enumerated() where load[h][k] + vm.demand[r] > hosts[h].effectiveCapacity(r) + 1e-9 * max(1, hosts[h].effectiveCapacity(r)) {
                return false
            }
            return true
        }

        func flowAdmissible(from a: Int, to b: Int) -> (route: NetworkTopology.Route, rate: Double)? {
            let topology = problem.topology
            let route = topology.route(from: hosts[a].id, to: hosts[b].id)
            let rate = topology.loneRate(route)
            for r in route.resources where flowUse[r] + rate > topology.resources[r].capacity * (1 + 1e-9) { return nil }
            if let limit = topology.network.maxMigrations, migrations + 1 > limit { return nil }
            for h in [a, b] {
                if let limit = topology.migrationLimit(host: hosts[h].id), hostMigrations[h] + 1 > limit { return nil }
            }
            for link in Set(route.links) {
                if let limit = topology.migrationLimit(link: link), (linkMigrations[link] ?? 0) + 1 > limit { return nil }
            }
            return (route, rate)
        }

        /// Precedence: every VM that must move before this one has finished moving.
        func precedenceAllows(_ job: Job) -> Bool {
            let vm = vms[job.vm].id
            for rule in problem.precedences where rule.after.contains(vm) && !rule.before.isDisjoint(with: unmoved) { return false }
            return true
        }

        func precedenceActions(_ job: Job) -> [Int] {
            let vm = vms[job.vm].id
            return problem.precedences.filter { $0.after.contains(vm) }.flatMap { $0.before.sorted().flatMap { movedBy[$0] ?? [] } }
        }

        func admissible(_ job: Job) -> Bool {
            if let after = job.after, !isDone(after) { return false }
            guard precedenceAllows(job) else { return false }
            guard power[job.to] == .on, fits(job.vm, on: job.to) else { return false }
            if job.kind == .migrate && power[job.from] != .on { return false }
            guard flowAdmissible(from: job.from, to: job.to) != nil else { return false }
            let delta = endDelta(vm: vms[job.vm], from: job.kind == .migrate ? job.from : nil, to: job.to)
            return powerRoom(max(0, delta)) == nil
        }

        func isDone(_ action: Int) -> Bool { !running.contains { $0.action == action } && action < actions.count }

        // MARK: starting and finishing

        mutating func record(_ kind: PlanActionKind, vm: Int?, from: Int?, to: Int?, duration: Double,
                             structural: [Int], route: NetworkTopology.Route?, note: String?) -> Int {
            let touched = Set([from, to].compactMap { $0 })
            let routeSet = Set(route?.resources ?? [])
            var deps = structural
            let global = kind == .boot && (!problem.powerBudgets.isEmpty || !problem.onlineLimits.isEmpty)
            for ended in justEnded where global || !ended.hosts.isDisjoint(with: touched) || !ended.resources.isDisjoint(with: routeSet) {
                deps.append(ended.action)
            }
            let id = actions.count
            actions.append(PlanAction(
                id: id, kind: kind, vm: vm.map { vms[$0].id }, from: from.map { hosts[$0].id }, to: to.map { hosts[$0].id },
                start: time, end: time + max(ListScheduler.minimumDuration, duration),
                dependsOn: Array(Set(deps)).sorted(), note: note))
            return id
        }

        mutating func startShutdown(_ h: Int) {
            let seconds = hosts[h].power?.shutdownSeconds ?? 0
            let id = record(.shutdown, vm: nil, from: nil, to: h, duration: seconds, structural: outgoing[h] ?? [], route: nil, note: nil)
            power[h] = .stopping
            refreshWatts(h)
            running.append(Running(action: id, end: actions[id].end, job: nil, rate: 0, route: nil, powerIncrease: 0))
        }

        mutating func startBoot(_ h: Int) {
            var note: String?
            if time > 0, let blocker = bootBlocker[h] {
                note = "boot delayed \(format(time)) s by \(blocker)"
                notes.append("boot of \(hosts[h].id) delayed \(format(time)) s by \(blocker)")
            }
            let id = record(.boot, vm: nil, from: nil, to: h, duration: hosts[h].power?.bootSeconds ?? 0, structural: [], route: nil, note: note)
            bootAction[h] = id
            power[h] = .booting
            refreshWatts(h)
            for (l, limit) in problem.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) { onlineCount[l] += 1 }
            running.append(Running(action: id, end: actions[id].end, job: nil, rate: 0, route: nil, powerIncrease: 0))
        }

        mutating func start(_ job: Job) {
            let (route, rate) = flowAdmissible(from: job.from, to: job.to)!
            let vm = vms[job.vm]
            let duration: Double
            var structural: [Int] = []
            if let boot = bootAction[job.to] { structural.append(boot) }
            if let after = job.after { structural.append(after) }
            structural += precedenceActions(job)
            let kind: PlanActionKind
            switch job.kind {
            case .migrate:
                kind = .migrate
                duration = problem.topology.preCopy.estimate(memoryMiB: vm.memoryMiB, dirtyRateMiBps: vm.dirtyRateMiBps, bandwidthMiBps: rate).duration
            case .resume:
                kind = .resume
                duration = vm.memoryMiB / rate + ListScheduler.suspendSeconds
            }
            let id = record(kind, vm: job.vm, from: job.from, to: job.to, duration: duration, structural: structural, route: route, note: job.note)
            outgoing[job.from, default: []].append(id)
            for (k, r) in resources.enumerated() { load[job.to][k] += vm.demand[r] }
            present[job.to] += 1
            for r in route.resources { flowUse[r] += rate }
            migrations += 1
            hostMigrations[job.from] += 1
            hostMigrations[job.to] += 1
            for link in Set(route.links) { linkMigrations[link, default: 0] += 1 }
            let increase = max(0, endDelta(vm: vm, from: job.kind == .migrate ? job.from : nil, to: job.to))
            pendingIncrease += increase
            running.append(Running(action: id, end: actions[id].end, job: job, rate: rate, route: route, powerIncrease: increase))
        }

        mutating func startSuspend(_ job: Job, note: String) {
            let id = record(.suspend, vm: job.vm, from: job.from, to: nil, duration: ListScheduler.suspendSeconds, structural: [], route: nil, note: note)
            running.append(Running(action: id, end: actions[id].end, job: job, rate: 0, route: nil, powerIncrease: 0))
        }

        mutating func finish(_ item: Running) {
            let action = actions[item.action]
            var touched = Set<Int>()
            switch action.kind {
            case .boot:
                let h = hostIndex[action.to!]!
                touched = [h]
                power[h] = .on
                refreshWatts(h)
            case .shutdown:
                let h = hostIndex[action.to!]!
                touched = [h]
                power[h] = .off
                refreshWatts(h)
                for (l, limit) in problem.onlineLimits.enumerated() where limit.hosts.contains(hosts[h].id) { onlineCount[l] -= 1 }
            case .suspend:
                let job = item.job!
                let vm = vms[job.vm]
                touched = [job.from]
                for (k, r) in resources.enumerated() { load[job.from][k] -= vm.demand[r] }
                cpuRunning[job.from] -= vm.demand[cpu]
                refreshWatts(job.from)
                resumeQueue.append(Job(kind: .resume, vm: job.vm, from: job.from, to: job.to, after: item.action, note: nil, legs: job.legs))
            case .migrate, .resume:
                let job = item.job!
                let vm = vms[job.vm]
                touched = [job.from, job.to]
                if job.kind == .migrate {
                    for (k, r) in resources.enumerated() { load[job.from][k] -= vm.demand[r] }
                    cpuRunning[job.from] -= vm.demand[cpu]
                }
                present[job.from] -= 1
                cpuRunning[job.to] += vm.demand[cpu]
                for r in item.route!.resources { flowUse[r] -= item.rate }
                migrations -= 1
                hostMigrations[job.from] -= 1
                hostMigrations[job.to] -= 1
                for link in Set(item.route!.links) { linkMigrations[link, default: 0] -= 1 }
                pendingIncrease -= item.powerIncrease
                movedBy[vm.id, default: []].append(item.action)
                // A first leg through a spare host does not finish the move.
                if job.kind == .resume || job.legs == 0 || !pending.contains(where: { $0.vm == job.vm }) { unmoved.remove(vm.id) }
                involved[job.from] -= 1
                involved[job.to] -= 1
                refreshWatts(job.from)
                refreshWatts(job.to)
            }
            justEnded.append((item.action, touched, Set(item.route?.resources ?? [])))
        }

        // MARK: cycles

        /// Nothing runs and nothing can start: move one blocked VM to a spare host, else suspend it.
        mutating func breakCycle() -> Bool {
            justEnded = []
            for (index, job) in pending.enumerated() where job.kind == .migrate && !job.cold && job.legs == 0 && power[job.from] == .on && precedenceAllows(job) {
                guard job.after == nil || isDone(job.after!) else { continue }
                for s in hosts.indices where s != job.from && s != job.to && power[s] == .on && hosts[s].state != .maintenance {
                    guard fits(job.vm, on: s), problem.topology.isReachable(from: hosts[job.from].id, to: hosts[s].id),
                          flowAdmissible(from: job.from, to: s) != nil else { continue }
                    let vmID = vms[job.vm].id
                    notes.append("cycle: \(vmID) goes through spare host \(hosts[s].id) (\(hosts[job.from].id) → \(hosts[s].id) → \(hosts[job.to].id))")
                    pending.remove(at: index)
                    // The job counted (from, to); its legs count (from, s) and (s, to).
                    involved[s] += 2
                    start(Job(kind: .migrate, vm: job.vm, from: job.from, to: s, after: nil,
                              note: "cycle: first leg through spare \(hosts[s].id)", legs: 1))
                    pending.insert(Job(kind: .migrate, vm: job.vm, from: s, to: job.to, after: actions.count - 1,
                                       note: "cycle: second leg from spare \(hosts[s].id)", legs: 1), at: index)
                    return true
                }
            }
            for (index, job) in pending.enumerated() where job.kind == .migrate && power[job.from] == .on && precedenceAllows(job) {
                guard job.after == nil || isDone(job.after!) else { continue }
                let vmID = vms[job.vm].id
                notes.append("cycle: \(vmID) suspended on \(hosts[job.from].id) and resumed on \(hosts[job.to].id) (no spare host had room)")
                pending.remove(at: index)
                startSuspend(job, note: "cycle: no spare host had room")
                return true
            }
            return false
        }

        func blockReasons() -> [String] {
            var reasons: [String] = []
            for h in pendingBoots { reasons.append("boot of \(hosts[h].id) blocked by \(bootBlock(h) ?? "nothing")") }
            for job in pending.prefix(5) {
                let vm = vms[job.vm].id
                if power[job.to] != .on { reasons.append("\(vm): destination \(hosts[job.to].id) is not on") }
                else if !fits(job.vm, on: job.to) { reasons.append("\(vm): no room on \(hosts[job.to].id)") }
                else { reasons.append("\(vm): blocked by the network, concurrency limits or the power budget") }
            }
            if reasons.isEmpty { reasons.append("hosts to shut down are not empty") }
            return reasons
        }
    }
}
