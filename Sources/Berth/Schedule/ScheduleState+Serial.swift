/// Scheduling rules that limit what runs together: `serialize` (and `seq`, through precedences),
/// `serializeReboots` and `maxConcurrentMigrations`.
extension ScheduleState {
    /// The `serialize` rule that keeps `job` waiting (another member is moving), if any.
    func serialBlock(_ job: ScheduleJob) -> String? {
        let vm = vms[job.vm].id
        for group in problem.timing.serialGroups where group.vms.contains(vm) {
            let busy = group.vms.contains { other in
                other != vm && vmIndex[other].map { moveStarted.contains($0) } == true && unmoved.contains(other)
            }
            if busy { return group.id }
        }
        return nil
    }

    /// Actions of the other members of `job`'s `serialize` groups that have run (its start waits for them).
    func serialActions(_ job: ScheduleJob) -> [Int] {
        let vm = vms[job.vm].id
        return problem.timing.serialGroups.filter { $0.vms.contains(vm) }
            .flatMap { $0.vms.filter { $0 != vm }.sorted().flatMap { movedBy[$0] ?? [] } }
    }

    /// The `serializeReboots` rule that keeps a boot or shutdown of `h` waiting, if any.
    func rebootBlock(_ h: Int) -> String? {
        let id = hosts[h].id
        for serial in problem.timing.rebootSerials where serial.hosts.contains(id) {
            let busy = hosts.indices.contains { other in
                other != h && serial.hosts.contains(hosts[other].id) && (power[other] == .booting || power[other] == .stopping)
            }
            if busy { return serial.id }
        }
        return nil
    }

    /// The `maxConcurrentMigrations` rule a migration from `a` to `b` over `links` would break, if any.
    func capBlock(from a: Int, to b: Int, links: [String]) -> String? {
        for (c, cap) in problem.timing.migrationCaps.enumerated() {
            if let set = cap.hosts {
                if (set.contains(hosts[a].id) || set.contains(hosts[b].id)) && capUse[c] + 1 > cap.amount { return cap.id }
            } else if cap.links.isEmpty && migrations + 1 > cap.amount {
                return cap.id
            }
            for link in Set(links) where cap.links.contains(link) && (linkMigrations[link] ?? 0) + 1 > cap.amount { return cap.id }
        }
        return nil
    }

    /// Counts a migration from `a` to `b` in (`+1`) or out of (`-1`) the host-set limits.
    mutating func countCaps(from a: Int, to b: Int, _ delta: Int) {
        for (c, cap) in problem.timing.migrationCaps.enumerated() {
            if let set = cap.hosts, set.contains(hosts[a].id) || set.contains(hosts[b].id) { capUse[c] += delta }
        }
    }
}
