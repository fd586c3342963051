/// Continuous placement rules in the list scheduler: a move starts only if the instant right after
/// its start (the VM on both ends) adds no violation the initial state lacks.
extension ScheduleState {
    /// The violation starting `job` now would add, `nil` when it adds none (or no continuous rule names it).
    func continuousBlock(_ job: ScheduleJob) -> Violation? {
        let watch = problem.continuous
        guard !watch.isEmpty else { return nil }
        let chosen = watch.entries(touching: [vms[job.vm].id], hosts: [hosts[job.from].id, hosts[job.to].id])
        guard !chosen.isEmpty else { return nil }
        var running: [String: String] = [:], sleeping: [String: String] = [:], inFlight: [String: String] = [:]
        for v in vms.indices {
            if v == job.vm {
                running[vms[v].id] = hosts[job.to].id
                if job.kind == .migrate { inFlight[vms[v].id] = hosts[job.from].id }
                continue
            }
            if let h = runningAt[v] { running[vms[v].id] = hosts[h].id }
            if let h = inFlightFrom[v] { inFlight[vms[v].id] = hosts[h].id }
            if let h = sleepingAt[v] { sleeping[vms[v].id] = hosts[h].id }
        }
        let online = Set(hosts.indices.filter { power[$0] != .off }.map { hosts[$0].id })
        let view = PlacementView.instant(of: problem.instance, running: running, sleeping: sleeping, inFlight: inFlight, online: online, index: watch.index)
        return watch.firstNewViolation(in: view, entries: chosen)
    }
}
