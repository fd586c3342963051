/// Seed 002's ordering rules: memory-dirtying and web VMs first (they slow the co-hosted VMs
/// migrated before them), network-receive VMs last (they eat the destination's bandwidth),
/// everything else shortest first (SJF minimises the mean completion).
package enum MigrationOrder {
    /// 0 = first, 1 = shortest-first middle, 2 = last.
    public static func rank(_ workload: WorkloadClass) -> Int {
        switch workload {
        case .memoryDirtying, .web: 0
        case .networkReceive: 2
        case .cpu, .diskIO, .unknown: 1
        }
    }

    /// Moves in priority order: `noDelay` VMs first, then VMs with a deadline (earliest first), then class rank,
    /// then estimated lone duration, then VM id.
    public static func sorted(_ problem: ScheduleProblem) -> [ScheduleProblem.Move] {
        let cluster = problem.instance.cluster
        let keyed = problem.moves.map { move -> (Double, Int, Double, String, ScheduleProblem.Move) in
            let vm = cluster.vm(move.vm)!
            let duration = problem.loneEstimate(vm: vm, from: move.from, to: move.to).duration
            let urgency = problem.timing.noDelay[move.vm] != nil ? -1 : problem.timing.deadlines[move.vm]?.seconds ?? .infinity
            return (urgency, rank(vm.workload), duration, move.vm, move)
        }
        return keyed.sorted { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }.map(\.4)
    }

    /// The same moves with those crossing the most loaded bandwidth resource first (its transfer
    /// seconds, descending), the priority order breaking ties.
    public static func busiestLinkFirst(_ order: [ScheduleProblem.Move], problem: ScheduleProblem, target: Placement) -> [ScheduleProblem.Move] {
        let load = FlowLoad(instance: problem.instance, target: target)
        let topology = load.topology
        let keyed = order.enumerated().map { rank, move -> (Double, Int, ScheduleProblem.Move) in
            let busiest = topology.route(from: move.from, to: move.to).resources.map { load.seconds[$0] }.max() ?? 0
            return (-busiest, rank, move)
        }
        return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// The order with each move shifted by up to `window` places at random (seeded), so priorities mostly hold.
    public static func shuffled(_ order: [ScheduleProblem.Move], window: Int, using generator: inout SplitMix64) -> [ScheduleProblem.Move] {
        let keyed = order.enumerated().map { rank, move in (Double(rank) + Double(generator.below(window + 1)), rank, move) }
        return keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}
