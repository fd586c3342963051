/// How hot-spot relief picks the VMs to move off an overloaded host.
public enum VMSelection: String, Hashable, Sendable, CaseIterable {
    /// Smallest memory first, then smallest dirty rate (cheapest live migrations; seed 002).
    case smallMemory
    /// Sandpiper: highest volume-to-size ratio first, volume = 1 / Π(1 − utilisation) over resources.
    case sandpiper
}

/// Hot-spot relief: hosts above a per-resource threshold shed just enough VMs to get under it.
public enum HotSpots {
    /// A hot-spot request: thresholds, how to pick VMs, and an optional history for trends.
    public struct Request: Sendable {
        /// Utilisation above which a host is hot, per resource (`cpu: 0.85`).
        public var thresholds: [String: Double]
        /// How the VMs to move are picked on each hot host.
        public var selection: VMSelection
        /// Measured load: hosts whose fitted trend crosses a threshold within `horizon` are hot too.
        public var history: UtilizationHistory?
        /// Seconds ahead the trend is projected.
        public var horizon: Double

        public init(thresholds: [String: Double], selection: VMSelection = .smallMemory, history: UtilizationHistory? = nil, horizon: Double = 86_400) {
            self.thresholds = thresholds
            self.selection = selection
            self.history = history
            self.horizon = horizon
        }
    }

    /// Hosts over a threshold now, in cluster order, with the resources that are over.
    public static func detect(_ model: Instance, thresholds: [String: Double]) -> [(host: String, resources: [String])] {
        HostUtilization.of(model.cluster, Placement(current: model.cluster)).compactMap { row in
            let over = thresholds.keys.sorted().filter { (row.byResource[$0] ?? 0) > thresholds[$0]! + 1e-9 }
            return row.online && !over.isEmpty ? (row.host, over) : nil
        }
    }

    /// The VMs to move off `host`, in selection order, until every thresholded resource is under.
    /// `projected`: utilisation a trend expects per resource; the host must get under the threshold from there.
    public static func select(_ model: Instance, host: String, request: Request, projected: [String: Double] = [:]) -> [String] {
        guard let server = model.cluster.host(host) else { return [] }
        let residents = model.cluster.vms.filter { $0.state == .running && $0.host == host }
        let resources = model.cluster.resources.filter { server.effectiveCapacity($0) > 0 }
        func share(_ vm: VM, _ r: String) -> Double { vm.demand[r] / server.effectiveCapacity(r) }
        let ordered: [VM]
        switch request.selection {
        case .smallMemory:
            ordered = residents.sorted { ($0.memoryMiB, $0.dirtyRateMiBps, $0.id) < ($1.memoryMiB, $1.dirtyRateMiBps, $1.id) }
        case .sandpiper:
            func ratio(_ vm: VM) -> Double {
                let volume = 1 / resources.reduce(1.0) { $0 * max(1e-3, 1 - min(share(vm, $1), 0.999)) }
                return volume / max(vm.memoryMiB, 1)
            }
            ordered = residents.sorted { ratio($0) != ratio($1) ? ratio($0) > ratio($1) : $0.id < $1.id }
        }
        var load = Dictionary(uniqueKeysWithValues: resources.map { r in (r, max(residents.reduce(0) { $0 + share($1, r) }, projected[r] ?? 0)) })
        var chosen: [String] = []
        for vm in ordered {
            if request.thresholds.allSatisfy({ (load[$0.key] ?? 0) <= $0.value + 1e-9 }) { break }
            chosen.append(vm.id)
            for r in resources { load[r]! -= share(vm, r) }
        }
        return chosen
    }

    /// Moves the selected VMs off the hot hosts (every other VM stays), minimising the peak.
    public static func run(_ model: Instance, _ request: Request, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> WorkflowReport {
        let unknown = request.thresholds.keys.sorted().filter { !model.cluster.resources.contains($0) }
        guard unknown.isEmpty else { throw .invalidRequest(unknown.map { InputIssue(path: "threshold", message: "unknown resource '\($0)'") }) }
        guard request.thresholds.values.allSatisfy({ $0 > 0 }) else { throw .invalid("threshold", "thresholds must be > 0") }
        var hot = detect(model, thresholds: request.thresholds)
        var projected: [String: [String: Double]] = [:]
        var trendNotes: [String] = []
        if let history = request.history {
            guard request.horizon > 0 else { throw .invalid("horizon", "must be > 0 seconds") }
            let now = Dictionary(uniqueKeysWithValues: HostUtilization.of(model.cluster, Placement(current: model.cluster)).map { ($0.host, $0) })
            for trend in LoadTrend.of(model, history: history, horizon: request.horizon, resources: request.thresholds.keys.sorted())
            where trend.projected > request.thresholds[trend.resource]! + 1e-9 {
                let current = now[trend.host]?.byResource[trend.resource] ?? 0
                projected[trend.host, default: [:]][trend.resource] = trend.projected
                trendNotes.append("\(trend.host) trending hot on \(trend.resource): \(percent(trend.fittedNow)) measured now, "
                    + "\(percent(trend.projected)) in \(format(request.horizon)) s (nominal \(percent(current)))")
                if let i = hot.firstIndex(where: { $0.host == trend.host }) {
                    if !hot[i].resources.contains(trend.resource) { hot[i].resources.append(trend.resource) }
                } else {
                    hot.append((trend.host, [trend.resource]))
                }
            }
            let order = model.cluster.hosts.map(\.id)
            hot.sort { order.firstIndex(of: $0.host)! < order.firstIndex(of: $1.host)! }
        }
        var moving: [String: [String]] = [:]
        for (host, _) in hot { moving[host] = select(model, host: host, request: request, projected: projected[host] ?? [:]) }
        var instance = model
        instance.objective = .balance
        let movingSet = Set(moving.values.flatMap { $0 })
        for vm in model.cluster.vms where vm.state == .running && !movingSet.contains(vm.id) {
            if let host = vm.host { instance.constraints.append(.fence(Fence(vms: [vm.id], hosts: [host], label: "stay-\(vm.id)"))) }
        }
        // Moving VMs leave their hot host and land on none of the others.
        for (host, _) in hot where !(moving[host] ?? []).isEmpty {
            instance.constraints.append(.ban(Ban(vms: moving[host]!, hosts: hot.map(\.host), label: "relieve-\(host)")))
        }
        var report = try WorkflowPipeline.run(workflow: "hotspots", original: model, instance: instance, options: options)
        report.findings += trendNotes
        for (host, resources) in hot {
            report.findings.append("\(host) hot on \(resources.joined(separator: ", ")): moving \((moving[host] ?? []).joined(separator: ", ")) (\(request.selection.rawValue))")
        }
        if hot.isEmpty { report.findings.append("no host over the thresholds") }
        let still = report.after.filter { row in row.online && request.thresholds.contains { (row.byResource[$0.key] ?? 0) > $0.value + 1e-9 } }.map(\.host)
        report.promises.append(PromiseCheck("every host under the thresholds", holds: still.isEmpty,
                                            detail: still.isEmpty ? "\(hot.count) hot spots relieved" : "still hot: \(still.joined(separator: ", "))"))
        let before = HostUtilization.peak(report.before), after = HostUtilization.peak(report.after)
        report.promises.append(PromiseCheck("peak utilisation lowered", holds: hot.isEmpty || after < before - 1e-9,
                                            detail: "peak \(percent(before)) → \(percent(after))"))
        return report
    }
}
