/// Nightly consolidation: pack the running VMs onto fewer hosts and switch the freed ones off.
///
/// Deterministic (the solver and scheduler are) and idempotent: the placement minimises hosts on,
/// then migrations, so re-running on the result proposes no migration.
public enum Consolidate {
    /// A consolidation request.
    public struct Request: Sendable {
        /// Power the freed hosts off (`false`: they are emptied but stay on).
        public var powerOff: Bool
        /// Demand from measured utilisation instead of nominal sizes.
        public var history: UtilizationHistory?
        /// Percentile of the history (0–100] taken as each VM's demand.
        public var percentile: Double
        /// Seconds of history before the newest sample that count (`nil`: all).
        public var window: Double?

        public init(powerOff: Bool = true, history: UtilizationHistory? = nil, percentile: Double = 95, window: Double? = nil) {
            self.powerOff = powerOff
            self.history = history
            self.percentile = percentile
            self.window = window
        }
    }

    /// The model with demands from history (when given) and the `minHosts` objective.
    public static func instance(_ model: Instance, _ request: Request) throws(WorkflowError) -> Instance {
        var instance = model
        if let history = request.history {
            instance = try history.applied(to: model, percentile: request.percentile, window: request.window)
        }
        instance.objective = .minHosts
        return instance
    }

    /// Consolidates: fewest hosts on, then fewest migrations (by memory); checked, scheduled, simulated.
    public static func run(_ model: Instance, _ request: Request = Request(), options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let instance = try instance(model, request)
        let keepOn = Set(instance.cluster.hosts.filter { $0.state == .online }.map(\.id))
        var keptOn = false
        let adjust: ((PlacementResult) -> Placement)? = request.powerOff ? nil : { result in
            var target = result.placement
            target.onlineHosts.formUnion(keepOn)
            // Keeping the freed hosts on must not break a rule (maxOnline, offline …); else they go off.
            guard PlacementChecker.check(instance, target).isEmpty else { return result.placement }
            keptOn = true
            return target
        }
        var report = try WorkflowPipeline.run(workflow: "consolidate", original: instance, instance: instance, options: options, adjust: adjust)
        let on = report.before.filter(\.online).count
        let emptied = report.after.filter { $0.vmCount == 0 && keepOn.contains($0.host) }.count
            - report.before.filter { $0.vmCount == 0 && keepOn.contains($0.host) }.count
        if request.history != nil {
            report.findings.append("demand: p\(format(request.percentile)) of the history\(request.window.map { " over the last \(format($0)) s" } ?? "")")
        }
        report.findings.append("freed \(max(0, emptied)) hosts\(request.powerOff ? "" : keptOn ? " (left on: no --power-off)" : " (switched off: keeping them on breaks a rule)")")
        let needed = report.after.filter { $0.vmCount > 0 }.count
        if let ffd = FirstFitDecreasing.hostCount(instance) {
            report.findings.append("first-fit decreasing (rule-checked) fills \(ffd) hosts; the plan fills \(needed)")
            report.promises.append(PromiseCheck("frees at least the hosts first-fit decreasing frees", holds: needed <= ffd,
                                                detail: "\(on) on before, \(needed) hosting VMs after, FFD \(ffd)"))
        } else {
            report.findings.append("first-fit decreasing finds no rule-abiding placement: no bound to compare with")
        }
        return report
    }
}

extension Instance {
    /// The model after a placement has been carried out: VMs on their targets, hosts on or off as placed.
    public func applying(_ placement: Placement) -> Instance {
        var copy = self
        for i in copy.cluster.vms.indices where copy.cluster.vms[i].state == .running {
            if let host = placement.vmHosts[copy.cluster.vms[i].id] { copy.cluster.vms[i].host = host }
        }
        for i in copy.cluster.hosts.indices where copy.cluster.hosts[i].state != .maintenance {
            copy.cluster.hosts[i].state = placement.onlineHosts.contains(copy.cluster.hosts[i].id) ? .online : .offline
        }
        return copy
    }
}
