/// The migration flows of a move from the current placement to a target, and what they load on
/// every shared bandwidth resource (NICs, switch backplanes, each member of each link direction).
///
/// A resource's load is the seconds it needs to carry the memory of every flow crossing it at full
/// speed: no plan can finish those flows sooner, whatever the order (dirtying only adds bytes).
package struct FlowLoad: Sendable {
    public struct Flow: Hashable, Sendable {
        public var vm: String
        public var from: String
        public var to: String
        public var memoryMiB: Double
        public var resources: [Int]
    }

    public let topology: NetworkTopology
    public private(set) var flows: [Flow]
    /// Seconds of transfer per resource (index into `topology.resources`).
    public private(set) var seconds: [Double]

    public init(instance: Instance, target: Placement) {
        topology = NetworkTopology(cluster: instance.cluster, network: instance.network)
        seconds = Array(repeating: 0, count: topology.resources.count)
        flows = []
        for vm in instance.cluster.vms where vm.state == .running {
            guard let from = vm.host, let to = target.vmHosts[vm.id], to != from else { continue }
            let flow = Flow(vm: vm.id, from: from, to: to, memoryMiB: vm.memoryMiB,
                            resources: topology.route(from: from, to: to).resources)
            add(flow, sign: 1)
            flows.append(flow)
        }
    }

    mutating func add(_ flow: Flow, sign: Double) {
        shift(&seconds, flow.resources, flow.memoryMiB, sign)
    }

    /// Adds (`sign` 1) or removes (−1) a flow of `memory` MiB on `resources` to `seconds`.
    private func shift(_ seconds: inout [Double], _ resources: [Int], _ memory: Double, _ sign: Double) {
        for r in Set(resources) where topology.resources[r].capacity > 0 {
            seconds[r] += sign * memory / topology.resources[r].capacity
        }
    }

    /// Reroutes flow `i` to a new destination.
    mutating func retarget(_ i: Int, to destination: String) {
        add(flows[i], sign: -1)
        flows[i].to = destination
        flows[i].resources = topology.route(from: flows[i].from, to: destination).resources
        add(flows[i], sign: 1)
    }

    /// The most loaded resource (lowest index on ties), nil when nothing is loaded.
    var busiestIndex: Int? {
        guard let r = seconds.indices.max(by: { (seconds[$0], -$0) < (seconds[$1], -$1) }), seconds[r] > 0 else { return nil }
        return r
    }

    /// The most loaded resource and its seconds (nil without flows).
    public var busiest: (resource: String, seconds: Double)? {
        busiestIndex.map { (topology.resources[$0].id, seconds[$0]) }
    }

    /// Max, then sum of squares: lower is better spread.
    var spreadKey: (Double, Double) { Self.spreadKey(seconds) }

    private static func spreadKey(_ seconds: [Double]) -> (Double, Double) {
        (seconds.max() ?? 0, seconds.reduce(0) { $0 + $1 * $1 })
    }

    /// The spread key if flows `u` and `w` swapped destinations (nothing changes).
    func spreadKey(swapping u: Int, _ w: Int) -> (Double, Double) {
        var trial = seconds
        let a = flows[u], b = flows[w]
        shift(&trial, a.resources, a.memoryMiB, -1)
        shift(&trial, b.resources, b.memoryMiB, -1)
        shift(&trial, topology.route(from: a.from, to: b.to).resources, a.memoryMiB, 1)
        shift(&trial, topology.route(from: b.from, to: a.to).resources, b.memoryMiB, 1)
        return Self.spreadKey(trial)
    }

    /// A lower bound on the plan's completion from bandwidth: for each resource, its transfer seconds,
    /// after the quickest boot of a destination that must boot (when every flow on it needs one) and
    /// before the quickest shutdown of a source that must shut down (when every flow on it has one).
    public func completionBound(instance: Instance, target: Placement) -> (resource: String, seconds: Double)? {
        let hosts = Dictionary(instance.cluster.hosts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func bootDelay(_ h: String) -> Double {
            guard let host = hosts[h], host.state == .offline else { return 0 }
            return host.power?.bootSeconds ?? 0
        }
        func shutdownDelay(_ h: String) -> Double {
            guard let host = hosts[h], host.state != .offline, !target.onlineHosts.contains(h) else { return 0 }
            return host.power?.shutdownSeconds ?? 0
        }
        var best: (resource: String, seconds: Double)?
        for r in seconds.indices where seconds[r] > 0 {
            let crossing = flows.filter { $0.resources.contains(r) }
            let before = crossing.map { bootDelay($0.to) }.min() ?? 0
            let after = crossing.map { shutdownDelay($0.from) }.min() ?? 0
            let bound = before + seconds[r] + after
            if bound > (best?.seconds ?? 0) { best = (topology.resources[r].id, bound) }
        }
        return best
    }
}
