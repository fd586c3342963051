/// Hardware refresh (seed 001, scenario 2): move every VM off the retired hosts onto the new ones,
/// booting new hosts only as needed and shutting old ones down as they empty.
public enum Refresh {
    /// A refresh request: the hosts to retire and the new hosts to move onto.
    public struct Request: Sendable {
        /// Old hosts: they end empty and off.
        public var retire: HostSelection
        /// New hosts: the retired hosts' VMs land here; those still off boot as needed.
        public var onto: HostSelection

        public init(retire: HostSelection, onto: HostSelection) {
            self.retire = retire
            self.onto = onto
        }
    }

    /// Retired hosts in maintenance; their VMs fenced onto the new set; every other VM stays where it
    /// is; fewest hosts on (so new hosts boot only as needed), then fewest migrations.
    public static func instance(_ model: Instance, _ request: Request) throws(WorkflowError) -> (Instance, retired: [String], onto: [String]) {
        let retired = try request.retire.resolve(in: model.cluster, path: "retire")
        let onto = try request.onto.resolve(in: model.cluster, path: "onto")
        let overlap = Set(retired).intersection(onto).sorted()
        guard overlap.isEmpty else { throw .invalid("onto", "hosts both retired and new: \(overlap.joined(separator: ", "))") }
        var instance = model.settingHosts(retired, to: .maintenance)
        instance.objective = .minHosts
        let moving = model.runningVMs(on: retired)
        if !moving.isEmpty { instance.constraints.append(.fence(Fence(vms: moving, hosts: onto, label: "refresh-onto"))) }
        let movingSet = Set(moving)
        for vm in model.cluster.vms where vm.state == .running && !movingSet.contains(vm.id) {
            if let host = vm.host { instance.constraints.append(.fence(Fence(vms: [vm.id], hosts: [host], label: "refresh-stay-\(vm.id)"))) }
        }
        return (instance, retired, onto)
    }

    /// Moves the retired hosts' VMs onto the new set with the fewest hosts on, then the fewest migrations.
    public static func run(_ model: Instance, _ request: Request, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let (instance, retired, onto) = try instance(model, request)
        var report = try WorkflowPipeline.run(workflow: "refresh", original: model, instance: instance, options: options)
        let booted = report.placement.bootedHosts.filter(onto.contains)
        report.findings.append("retiring \(retired.joined(separator: ", ")) onto \(onto.joined(separator: ", ")): boots \(booted.count) of \(onto.count) new hosts")
        let left = report.after.filter { retired.contains($0.host) && ($0.online || $0.vmCount > 0) }.map(\.host)
        report.promises.append(PromiseCheck("retired hosts empty and off", holds: left.isEmpty,
                                            detail: left.isEmpty ? "\(retired.count) hosts retired" : "still on: \(left.joined(separator: ", "))"))
        // Each retired host shuts down once its last VM has left, not at the end of the plan.
        let plan = report.schedule.plan
        let waits = retired.compactMap { host -> Double? in
            guard let shutdown = plan.actions(.shutdown).first(where: { $0.to == host }) else { return nil }
            return shutdown.start - (plan.actions(.migrate).filter { $0.from == host }.map(\.end).max() ?? 0)
        }
        let longest = waits.max() ?? 0
        report.promises.append(PromiseCheck("old hosts shut down as they empty", holds: longest <= 1e-6,
                                            detail: "longest wait between a host's last departure and its shutdown: \(format(longest)) s"))
        return report
    }
}
