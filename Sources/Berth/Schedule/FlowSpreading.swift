import Foundation

/// Link-aware destinations (research/migration.md §5.5 SC1–SC2): the placement is chosen before the
/// network is looked at, so equally good placements can pile their migration flows onto one link
/// direction or one member of an aggregate. This pass swaps the destinations of two migrating VMs
/// with the same demand (so every host keeps its load, the same VMs move and the same hosts stay
/// on: the objective is unchanged) when that lowers the busiest resource's transfer time, then the
/// sum of squares. Every accepted swap is re-checked by the independent placement checker.
public enum FlowSpreading {
    public struct Report: Sendable, Hashable {
        public var swaps: Int
        /// The busiest resource's transfer seconds before and after, and its id after.
        public var busiestBefore: Double
        public var busiestAfter: Double
        public var resource: String?
    }

    /// A placement with the same objective as `target` whose flows spread better, and what it gained.
    /// A target whose objective reads destinations' costs (`minCost`) is returned unchanged.
    public static func spread(_ instance: Instance, target: Placement, timeLimit: Double = 1) -> (placement: Placement, report: Report) {
        var load = FlowLoad(instance: instance, target: target)
        let before = load.busiest
        var report = Report(swaps: 0, busiestBefore: before?.seconds ?? 0, busiestAfter: before?.seconds ?? 0, resource: before?.resource)
        guard instance.objective != .minCost, load.flows.count >= 2, load.topology.resources.count > 0 else { return (target, report) }
        let deadline = Date().addingTimeInterval(max(0, timeLimit))
        let vms = Dictionary(instance.cluster.vms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Swaps are only between VMs with the same demand, so host loads never change.
        var groups: [ResourceVector: [Int]] = [:]
        for (i, flow) in load.flows.enumerated() { groups[vms[flow.vm]!.demand, default: []].append(i) }
        let signature = load.flows.map { vms[$0.vm]!.demand }
        var placement = target
        var rejected = Set<[Int]>()

        search: while Date() < deadline {
            let key = load.spreadKey
            guard let hot = load.busiestIndex else { break }
            var bestSwap: (Int, Int)?
            var bestKey = key
            for u in load.flows.indices where load.flows[u].resources.contains(hot) {
                for w in groups[signature[u]]! where w != u {
                    let fu = load.flows[u], fw = load.flows[w]
                    guard fu.to != fw.to, fu.from != fw.to, fw.from != fu.to, !rejected.contains([u, w]) else { continue }
                    let k = load.spreadKey(swapping: u, w)
                    if k.0 < bestKey.0 - 1e-9 || (abs(k.0 - bestKey.0) <= 1e-9 && k.1 < bestKey.1 - 1e-9) {
                        bestKey = k
                        bestSwap = (u, w)
                    }
                }
                if Date() >= deadline { break }
            }
            guard let (u, w) = bestSwap else { break }
            var candidate = placement
            let fu = load.flows[u], fw = load.flows[w]
            candidate.vmHosts[fu.vm] = fw.to
            candidate.vmHosts[fw.vm] = fu.to
            guard PlacementChecker.check(instance, candidate).isEmpty else {
                rejected.insert([u, w])
                rejected.insert([w, u])
                continue search
            }
            placement = candidate
            load.retarget(u, to: fw.to)
            load.retarget(w, to: fu.to)
            report.swaps += 1
        }
        let after = load.busiest
        report.busiestAfter = after?.seconds ?? 0
        report.resource = after?.resource
        return (placement, report)
    }
}
