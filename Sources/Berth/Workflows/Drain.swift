/// Maintenance drain: hand hosts to maintenance with the fewest, shortest migrations, keeping every
/// rule of the model; `undrain` returns them to service.
public enum Drain {
    /// A drain request.
    public struct Request: Sendable {
        /// The hosts to hand to maintenance.
        public var hosts: HostSelection
        /// Every evacuated VM must have moved by this many seconds into the plan.
        public var deadline: Double?

        public init(hosts: HostSelection, deadline: Double? = nil) {
            self.hosts = hosts
            self.deadline = deadline
        }
    }

    /// The instance a drain solves: selected hosts in maintenance, fewest migrations (by memory).
    public static func instance(_ model: Instance, _ request: Request) throws(WorkflowError) -> (Instance, [String]) {
        let hosts = try request.hosts.resolve(in: model.cluster)
        var instance = model.settingHosts(hosts, to: .maintenance)
        instance.objective = .minMigrations
        let evacuated = model.runningVMs(on: hosts)
        if let deadline = request.deadline {
            guard deadline > 0 else { throw .invalid("deadline", "must be > 0 seconds") }
            if !evacuated.isEmpty { instance.constraints.append(.deadline(Deadline(vms: evacuated, seconds: deadline, label: "drain-deadline"))) }
        }
        return (instance, hosts)
    }

    /// Drains the selected hosts: they end empty and off (maintenance), every model rule holds.
    public static func run(_ model: Instance, _ request: Request, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let (instance, hosts) = try instance(model, request)
        var report = try WorkflowPipeline.run(workflow: "drain", original: model, instance: instance, options: options)
        let evacuated = model.runningVMs(on: hosts)
        report.findings.append("drained \(hosts.joined(separator: ", ")): \(evacuated.count) VMs to evacuate")
        let residents = report.after.filter { hosts.contains($0.host) && ($0.vmCount > 0 || $0.online) }.map(\.host)
        report.promises.append(PromiseCheck("drained hosts empty and off", holds: residents.isEmpty,
                                            detail: residents.isEmpty ? "\(hosts.count) hosts empty and off" : "still on or hosting: \(residents.joined(separator: ", "))"))
        if let deadline = request.deadline {
            let last = report.simulation.timeline.actions(.migrate).map(\.end).max() ?? 0
            report.promises.append(PromiseCheck("evacuated before the deadline", holds: last <= deadline + 1e-6,
                                                detail: "last migration ends at \(format(last)) s, deadline \(format(deadline)) s"))
        }
        return report
    }

    /// Returns hosts in maintenance (or the selected ones) to service and moves VMs back where that
    /// lowers the peak utilisation (the balance objective, ties broken by fewest migrations).
    public static func undrain(_ model: Instance, hosts selection: HostSelection?, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let hosts: [String]
        if let selection { hosts = try selection.resolve(in: model.cluster) } else {
            hosts = model.cluster.hosts.filter { $0.state == .maintenance }.map(\.id)
            guard !hosts.isEmpty else { throw .invalid("hosts", "no host is in maintenance; name the hosts to return") }
        }
        var instance = model.settingHosts(hosts, to: .online)
        instance.objective = .balance
        var report = try WorkflowPipeline.run(workflow: "undrain", original: instance, instance: instance, options: options)
        report.findings.append("returned \(hosts.joined(separator: ", ")) to service")
        let peakBefore = HostUtilization.peak(report.before), peakAfter = HostUtilization.peak(report.after)
        report.promises.append(PromiseCheck("peak not raised", holds: peakAfter <= peakBefore + 1e-9,
                                            detail: "peak \(percent(peakBefore)) → \(percent(peakAfter))"))
        return report
    }
}
