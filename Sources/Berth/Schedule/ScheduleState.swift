/// The list scheduler's state at the current instant: host power and loads, link use, limits, the plan so far.
struct ScheduleState {
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
    /// Running VMs per host (for the per-VM power term).
    var vmsRunning: [Int]
    var involved: [Int]
    var flowUse: [Double]
    var hostMigrations: [Int]
    var linkMigrations: [String: Int] = [:]
    var migrations = 0
    var watts: [Double]
    var powerNow = 0.0
    var pendingIncrease = 0.0
    var onlineCount: [Int]
    /// Usable capacity per host and resource, overbook ratios applied.
    let capacity: [[Double]]
    /// Where each VM is: running (at its destination while in flight), the source of a move in flight, suspended.
    var runningAt: [Int?]
    var inFlightFrom: [Int?]
    var sleepingAt: [Int?]
    /// Migrations running now per `maxConcurrentMigrations` host set (index of `problem.timing.migrationCaps`).
    var capUse: [Int]
    /// VMs whose move has started (a move is in progress while the VM is still in `unmoved`).
    var moveStarted = Set<Int>()

    var actions: [PlanAction] = []
    var notes: [String] = []
    var running: [RunningAction] = []
    var pending: [ScheduleJob] = []
    var pendingBoots: [Int] = []
    var shutdownTargets: [Int]
    var bootAction: [Int: Int] = [:]
    var outgoing: [Int: [Int]] = [:]
    var bootBlocker: [Int: String] = [:]
    var justEnded: [(action: Int, hosts: Set<Int>, resources: Set<Int>)] = []
    /// The last action that ended on each host: every later action on the host depends on it, so
    /// an executor that starts actions when their dependencies end keeps each host's order even
    /// where the plan waited for a reason `justEnded` does not carry (a cycle broken later).
    var lastEndedOn: [Int: Int] = [:]
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
        vmsRunning = Array(repeating: 0, count: hosts.count)
        involved = Array(repeating: 0, count: hosts.count)
        flowUse = Array(repeating: 0, count: problem.topology.resources.count)
        hostMigrations = Array(repeating: 0, count: hosts.count)
        watts = Array(repeating: 0, count: hosts.count)
        onlineCount = Array(repeating: 0, count: problem.timing.onlineLimits.count)
        shutdownTargets = []
        let constraints = problem.instance.constraints, resourceList = problem.instance.cluster.resources
        let semantics = ResourceSemantics.Table(constraints: constraints)
        capacity = problem.instance.cluster.hosts.map { host in resourceList.map { semantics.capacity(host: host, resource: $0) } }
        runningAt = Array(repeating: nil, count: vms.count)
        inFlightFrom = Array(repeating: nil, count: vms.count)
        sleepingAt = Array(repeating: nil, count: vms.count)
        capUse = Array(repeating: 0, count: problem.timing.migrationCaps.count)
        for (v, vm) in vms.enumerated() {
            guard let h = vm.host.flatMap({ hostIndex[$0] }) else { continue }
            if vm.state == .running { runningAt[v] = h } else if vm.state == .sleeping { sleepingAt[v] = h }
        }
        for vm in vms where vm.state == .running || vm.state == .sleeping {
            guard let hostID = vm.host, let h = hostIndex[hostID] else { continue }
            present[h] += 1
            if vm.state == .running {
                for (k, r) in resources.enumerated() { load[h][k] += vm.demand[r] }
                cpuRunning[h] += vm.demand[cpu]
                vmsRunning[h] += 1
            }
        }
        for h in hosts.indices { refreshWatts(h) }
        for (l, limit) in problem.timing.onlineLimits.enumerated() {
            onlineCount[l] = hosts.indices.filter { limit.hosts.contains(hosts[$0].id) && power[$0] != .off }.count
        }
        shutdownTargets = problem.shutdowns.compactMap { hostIndex[$0] }
    }

    mutating func refreshWatts(_ h: Int) {
        let value = hosts[h].watts(power[h], cpuLoad: cpuRunning[h], cpuResource: cpu, vms: vmsRunning[h])
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
                pending.append(ScheduleJob(kind: .migrate, vm: v, from: a, to: b, after: nil, note: nil, legs: 0))
            } else {
                // Cannot converge even alone: move it cold (suspend, copy, resume) and say so.
                let vm = vms[v]
                let hot = vm.hotSetMiB > 0 && vm.hotRateMiBps > 0 ? " + a \(format(vm.hotSetMiB)) MiB hot set at \(format(vm.hotRateMiBps)) MiB/s" : ""
                let why = estimate.aborted ? "the \(format(problem.topology.preCopy.timeout ?? 0)) s timeout aborts it" : "it does not converge"
                notes.append("\(move.vm) cannot be live-migrated (dirty rate \(format(vm.dirtyRateMiBps)) MiB/s\(hot) against "
                    + "\(format(problem.topology.loneRate(problem.topology.route(from: move.from, to: move.to)))) MiB/s: \(why)): suspended and resumed instead")
                pending.append(ScheduleJob(kind: .migrate, vm: v, from: a, to: b, after: nil, note: nil, legs: 0, cold: true))
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
                    throw .blocked(at: time, blockers: blockReasons())
                }
                continue
            }
            advance()
        }
        let leftOn = shutdownTargets.filter { power[$0] != .off }
        if !leftOn.isEmpty {
            throw .blocked(at: time, blockers: leftOn.map {
                ScheduleBlocker(cause: .notEmpty, host: hosts[$0].id, message: "\(hosts[$0].id) cannot be shut down (not empty)")
            })
        }
        return MigrationPlan(actions: actions, notes: notes)
    }

    /// Resumes whose suspend has ended, queued until the next admission pass.
    var resumeQueue: [ScheduleJob] = []

    mutating func advance() {
        let next = running.map(\.end).min()!
        time = next
        justEnded = []
        var remaining: [RunningAction] = []
        var ending: [RunningAction] = []
        for item in running {
            if item.end <= next + 1e-9 { ending.append(item) } else { remaining.append(item) }
        }
        running = remaining
        // Ends within 1e-9 s count as one instant: start what follows at the latest of them, so no
        // start precedes (in the plan's times) an end it relies on.
        time = max(next, ending.map(\.end).max() ?? next)
        for item in ending.sorted(by: { $0.action < $1.action }) { finish(item) }
    }

    mutating func startEverythingPossible() {
        var progress = true
        while progress {
            progress = false
            for h in readyShutdowns() where rebootBlock(h) == nil {
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
            var still: [ScheduleJob] = []
            var startedWithGroup = Set<Int>()
            for job in pending {
                if job.kind == .migrate && job.legs == 0 && startedWithGroup.contains(job.vm) { continue }
                if job.kind == .migrate && job.legs == 0, let group = syncGroup(of: job) {
                    // All the group's pending moves start now, or none does: try on a copy of the state.
                    let members = pending.filter { $0.kind == .migrate && $0.legs == 0 && group.contains(vms[$0.vm].id) }
                    // They share what bandwidth is left, as long as each still converges.
                    let saved = self
                    var started = !members.contains { $0.cold }
                    let rates = started ? groupRates(members) : nil
                    started = started && rates != nil
                    for (member, rate) in zip(members, rates ?? []) where started {
                        guard admissible(member, sharingBandwidth: true) else { started = false; break }
                        start(member, sharedRate: rate)
                    }
                    if started {
                        startedWithGroup.formUnion(members.map(\.vm))
                        progress = true
                    } else {
                        self = saved
                        still.append(job)
                    }
                } else if job.kind == .migrate && job.cold {
                    // A cold move (cannot converge live): suspend as soon as its order allows, resume later.
                    if precedenceAllows(job) && power[job.from] == .on && serialBlock(job) == nil {
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
}
