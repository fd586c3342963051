/// Proactive failure evacuation: hosts whose health signals cross a threshold are marked failing
/// and emptied, most critical VMs first, before a deadline.
public enum Evacuate {
    /// An evacuation request: readings, limits, deadline and which VMs go first.
    public struct Request: Sendable {
        /// The hosts' latest readings.
        public var telemetry: Telemetry
        /// Where a reading marks a host failing.
        public var thresholds: HealthThresholds
        /// Every evacuated VM must have moved by this many seconds into the plan.
        public var deadline: Double?
        /// VMs with this tag move before the other evacuated VMs.
        public var criticalTag: String

        public init(telemetry: Telemetry, thresholds: HealthThresholds = HealthThresholds(), deadline: Double? = nil, criticalTag: String = "critical") {
            self.telemetry = telemetry
            self.thresholds = thresholds
            self.deadline = deadline
            self.criticalTag = criticalTag
        }
    }

    /// Failing hosts in cluster order, with the signals that fired.
    public static func failingHosts(_ model: Instance, _ request: Request) throws(WorkflowError) -> [(host: String, signals: [String])] {
        let known = Set(model.cluster.hosts.map(\.id))
        let unknown = request.telemetry.hosts.keys.sorted().filter { !known.contains($0) }
        guard unknown.isEmpty else { throw .invalidRequest(unknown.map { InputIssue(path: "telemetry.hosts", message: "unknown host '\($0)'") }) }
        return model.cluster.hosts.compactMap { host in
            guard let reading = request.telemetry.hosts[host.id] else { return nil }
            let signals = request.thresholds.triggers(reading)
            return signals.isEmpty ? nil : (host.id, signals)
        }
    }

    /// Evacuates the failing hosts (maintenance: empty and off), critical VMs first, within the deadline;
    /// findings name the signals that fired on each host.
    public static func run(_ model: Instance, _ request: Request, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        if let deadline = request.deadline, !(deadline > 0) { throw .invalid("deadline", "must be > 0 seconds") }
        let failing = try failingHosts(model, request)
        let hosts = failing.map(\.host)
        var instance = model.settingHosts(hosts, to: .maintenance)
        instance.objective = .minMigrations
        let evacuated = model.runningVMs(on: hosts)
        let critical = evacuated.filter { model.cluster.vm($0)?.tags.contains(request.criticalTag) == true }
        let others = evacuated.filter { !critical.contains($0) }
        if !critical.isEmpty && !others.isEmpty {
            instance.constraints.append(.precedence(Precedence(before: critical, after: others, label: "critical-first")))
        }
        if let deadline = request.deadline, !evacuated.isEmpty {
            instance.constraints.append(.deadline(Deadline(vms: evacuated, seconds: deadline, label: "evacuation-deadline")))
        }
        var report = try WorkflowPipeline.run(workflow: "evacuate", original: model, instance: instance, options: options)
        for (host, signals) in failing {
            let vms = model.runningVMs(on: [host])
            report.findings.append("\(host) failing (\(signals.joined(separator: "; "))): evacuating \(vms.isEmpty ? "nothing" : vms.joined(separator: ", "))")
        }
        if failing.isEmpty { report.findings.append("no host crosses a threshold: nothing to evacuate") }
        if !critical.isEmpty { report.findings.append("critical first: \(critical.joined(separator: ", "))") }
        let left = report.after.filter { hosts.contains($0.host) && ($0.vmCount > 0 || $0.online) }.map(\.host)
        report.promises.append(PromiseCheck("failing hosts empty and off", holds: left.isEmpty,
                                            detail: left.isEmpty ? "\(hosts.count) hosts evacuated" : "still on: \(left.joined(separator: ", "))"))
        let ends = report.simulation.migrations.filter { evacuated.contains($0.vm) }.map(\.end)
        let last = ends.max() ?? 0
        if let deadline = request.deadline {
            report.promises.append(PromiseCheck("evacuation finishes before the deadline", holds: last <= deadline + 1e-6,
                                                detail: "last evacuation ends at \(format(last)) s (simulated), deadline \(format(deadline)) s"))
        }
        let criticalEnd = report.simulation.migrations.filter { critical.contains($0.vm) }.map(\.end).max() ?? 0
        let othersStart = report.simulation.migrations.filter { others.contains($0.vm) }.map(\.start).min() ?? .infinity
        if !critical.isEmpty && !others.isEmpty {
            report.promises.append(PromiseCheck("critical VMs first", holds: criticalEnd <= othersStart + 1e-6,
                                                detail: "critical done at \(format(criticalEnd)) s, others start at \(format(othersStart)) s"))
        }
        return report
    }
}
