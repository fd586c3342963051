/// The naive plans of research/migration.md §5.4, built for the same target, to compare against.
package enum Baselines {
    /// `sequential` (Euro-Par): for each source host in cluster order, boot the destinations it
    /// needs, migrate its VMs one at a time, shut it down; exactly one action at a time.
    public static func sequential(_ problem: ScheduleProblem) -> MigrationPlan {
        let cluster = problem.instance.cluster
        var actions: [PlanAction] = []
        var time = 0.0
        var booted = Set<String>(), stopped = Set<String>()
        let needsBoot = Set(problem.boots), needsShutdown = Set(problem.shutdowns)
        func append(_ kind: PlanActionKind, vm: String? = nil, from: String? = nil, to: String, duration: Double) {
            let id = actions.count
            let end = time + max(ListScheduler.minimumDuration, duration)
            actions.append(PlanAction(id: id, kind: kind, vm: vm, from: from, to: to, start: time, end: end,
                                      dependsOn: id > 0 ? [id - 1] : []))
            time = end
        }
        func boot(_ host: String) {
            guard needsBoot.contains(host), booted.insert(host).inserted else { return }
            append(.boot, to: host, duration: cluster.host(host)?.power?.bootSeconds ?? 0)
        }
        func shutdown(_ host: String) {
            guard needsShutdown.contains(host), stopped.insert(host).inserted else { return }
            append(.shutdown, to: host, duration: cluster.host(host)?.power?.shutdownSeconds ?? 0)
        }
        for source in cluster.hosts.map(\.id) {
            let moves = problem.moves.filter { $0.from == source }
            guard !moves.isEmpty else { continue }
            for move in moves { boot(move.to) }
            for move in moves {
                let duration = problem.loneEstimate(vm: cluster.vm(move.vm)!, from: move.from, to: move.to).duration
                append(.migrate, vm: move.vm, from: move.from, to: move.to, duration: duration)
            }
            shutdown(source)
        }
        for host in problem.boots { boot(host) }
        for host in problem.shutdowns { shutdown(host) }
        return MigrationPlan(actions: actions, notes: ["baseline: sequential"])
    }

    /// `all-parallel` (original BtrPlace execution): boot every needed destination at t = 0, start
    /// every migration as soon as its destination is up, shut each source down once it is empty.
    public static func allParallel(_ problem: ScheduleProblem) -> MigrationPlan {
        let cluster = problem.instance.cluster
        var actions: [PlanAction] = []
        var bootOf: [String: Int] = [:]
        for host in problem.boots {
            bootOf[host] = actions.count
            actions.append(PlanAction(id: actions.count, kind: .boot, to: host, start: 0,
                                      end: max(ListScheduler.minimumDuration, cluster.host(host)?.power?.bootSeconds ?? 0)))
        }
        var outgoing: [String: [Int]] = [:]
        for move in problem.moves {
            let boot = bootOf[move.to]
            let start = boot.map { actions[$0].end } ?? 0
            let duration = problem.loneEstimate(vm: cluster.vm(move.vm)!, from: move.from, to: move.to).duration
            outgoing[move.from, default: []].append(actions.count)
            actions.append(PlanAction(id: actions.count, kind: .migrate, vm: move.vm, from: move.from, to: move.to, start: start,
                                      end: start + max(ListScheduler.minimumDuration, duration), dependsOn: boot.map { [$0] } ?? []))
        }
        for host in problem.shutdowns {
            let deps = outgoing[host] ?? []
            let start = deps.map { actions[$0].end }.max() ?? 0
            actions.append(PlanAction(id: actions.count, kind: .shutdown, to: host, start: start,
                                      end: start + max(ListScheduler.minimumDuration, cluster.host(host)?.power?.shutdownSeconds ?? 0), dependsOn: deps))
        }
        return MigrationPlan(actions: actions, notes: ["baseline: all-parallel"])
    }
}
