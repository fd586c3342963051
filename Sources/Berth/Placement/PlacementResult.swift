import BerthMIP

/// One VM changing host.
public struct Move: Hashable, Sendable, Codable {
    public var vm: String
    /// `nil` for a new VM being placed for the first time.
    public var from: String?
    public var to: String
    public var memoryMiB: Double
}

/// How the returned placement was obtained.
public enum PlacementSource: String, Hashable, Sendable, Codable {
    /// The MIP's own solution (optimal or best found at the limit).
    case mip
    /// The greedy placement, because the MIP found nothing better in time.
    case heuristic
    /// The caller's own target placement, checked (`plan --target`).
    case given
}

/// Size of the MIP that was solved.
public struct MIPSize: Hashable, Sendable, Codable {
    public var columns: Int
    public var rows: Int
    public var nonzeros: Int
    public var integerColumns: Int
}

/// A checked placement with its quality: objective, bound, gap, and what changes.
public struct PlacementResult: Sendable {
    public var instance: Instance
    public var objective: Objective
    public var placement: Placement
    /// Proven optimal (within the relative gap asked for).
    public var isOptimal: Bool
    /// Why the search stopped before proving optimality, if it did.
    public var limit: SolveLimit?
    public var source: PlacementSource
    /// The objective value of the placement (the MIP's scale).
    public var objectiveValue: Double
    /// The best bound proven on the objective, when the MIP produced one.
    public var bestBound: Double?
    /// Relative gap between objective and bound.
    public var gap: Double?
    public var solveSeconds: Double
    public var mipSize: MIPSize
    /// Running VMs that had free variables (all of them outside repair mode).
    public var freeVMs: Int
    public var repairMode: Bool
    /// What warm-started the MIP, if anything.
    public var warmStart: String?
    /// Violations found by the independent checker: always empty in a returned result.
    public var violations: [Violation]
    public var notes: [String]

    /// What the placement pays under the soft rules.
    public var softPenalties: [SoftPenalty] { PlacementChecker.softPenalties(instance, placement) }

    public var moves: [Move] {
        instance.cluster.vms.compactMap { vm in
            guard vm.state == .running, let to = placement.vmHosts[vm.id], vm.host != to else { return nil }
            return Move(vm: vm.id, from: vm.host, to: to, memoryMiB: vm.memoryMiB)
        }
    }

    /// Hosts off now that end on.
    public var bootedHosts: [String] {
        instance.cluster.hosts.filter { $0.state == .offline && placement.onlineHosts.contains($0.id) }.map(\.id)
    }

    /// Hosts on now that end off.
    public var shutDownHosts: [String] {
        instance.cluster.hosts.filter { $0.state == .online && !placement.onlineHosts.contains($0.id) }.map(\.id)
    }

    /// Hosts that end on.
    public var onlineHostCount: Int {
        instance.cluster.hosts.filter { placement.onlineHosts.contains($0.id) }.count
    }

    /// Peak utilisation over online hosts and resources (load ÷ effective capacity).
    public var peakUtilization: Double { utilization.values.flatMap { $0.values }.max() ?? 0 }

    /// Utilisation per online host and resource.
    public var utilization: [String: [String: Double]] {
        var load: [String: ResourceVector] = [:]
        for vm in instance.cluster.vms where vm.state == .running {
            guard let host = placement.vmHosts[vm.id] else { continue }
            for r in instance.cluster.resources { load[host, default: [:]][r] += vm.demand[r] }
        }
        var result: [String: [String: Double]] = [:]
        for host in instance.cluster.hosts where placement.onlineHosts.contains(host.id) {
            var row: [String: Double] = [:]
            for r in instance.cluster.resources where host.effectiveCapacity(r) > 0 {
                row[r] = (load[host.id]?[r] ?? 0) / host.effectiveCapacity(r)
            }
            result[host.id] = row
        }
        return result
    }
}

extension PlacementResult {
    /// The caller's own target as a result: checked by the caller, nothing solved.
    init(given placement: Placement, instance: Instance) {
        self.init(
            instance: instance, objective: instance.objective, placement: placement, isOptimal: true, limit: nil, source: .given,
            objectiveValue: 0, bestBound: nil, gap: nil, solveSeconds: 0,
            mipSize: MIPSize(columns: 0, rows: 0, nonzeros: 0, integerColumns: 0),
            freeVMs: 0, repairMode: false, warmStart: nil, violations: [], notes: ["target placement given by the caller"])
    }
}
