/// A host's measured load over time, fitted by least squares, projected ahead.
package struct LoadTrend: Hashable, Sendable {
    /// The host id.
    public var host: String
    /// The resource the trend is about.
    public var resource: String
    /// Utilisation the fitted line gives at the newest sample.
    public var fittedNow: Double
    /// Utilisation the fitted line gives `horizon` seconds after the newest sample.
    public var projected: Double

    /// Per host and resource of `thresholds`, the trend of the summed samples of the VMs on the
    /// host now (a VM without a sample at an instant counts its nominal demand). Hosts and
    /// resources in model order; fewer than two instants give no trend.
    public static func of(_ model: Instance, history: UtilizationHistory, horizon: Double, resources: [String]) -> [LoadTrend] {
        let cluster = model.cluster
        var samples: [String: [String: [Double: Double]]] = [:]  // vm → resource → time → value
        for s in history.samples { samples[s.vm, default: [:]][s.resource, default: [:]][s.time] = s.value }
        let times = Set(history.samples.map(\.time)).sorted()
        guard times.count >= 2, let newest = times.last else { return [] }
        var trends: [LoadTrend] = []
        for host in cluster.hosts where host.state == .online {
            let residents = cluster.vms.filter { $0.state == .running && $0.host == host.id }
            for r in resources where host.effectiveCapacity(r) > 0 && residents.contains(where: { samples[$0.id]?[r] != nil }) {
                let loads = times.map { t in residents.reduce(0.0) { $0 + (samples[$1.id]?[r]?[t] ?? $1.demand[r]) } }
                let (slope, intercept) = fit(times, loads)
                let capacity = host.effectiveCapacity(r)
                trends.append(LoadTrend(host: host.id, resource: r, fittedNow: (intercept + slope * newest) / capacity,
                                        projected: (intercept + slope * (newest + horizon)) / capacity))
            }
        }
        return trends
    }

    /// Least-squares line through the points: (slope, intercept).
    static func fit(_ x: [Double], _ y: [Double]) -> (Double, Double) {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxx = zip(x, x).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - mx) }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (slope, my - slope * mx)
    }
}
