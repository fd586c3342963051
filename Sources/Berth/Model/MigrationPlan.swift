/// What an action of a plan does.
public enum PlanActionKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Live-migrate a VM: it holds resources on both hosts until it ends.
    case migrate
    /// Power a host on; nothing may arrive before it ends.
    case boot
    /// Power an empty host off.
    case shutdown
    /// Pause a VM on its host, freeing its resources (the memory image stays there).
    case suspend
    /// Copy a suspended VM's image to a host and run it there.
    case resume
}

/// One timed action of a plan.
public struct PlanAction: Hashable, Sendable, Identifiable {
    /// Position in the plan (0-based); dependencies refer to it.
    public var id: Int
    public var kind: PlanActionKind
    /// The VM migrated, suspended or resumed.
    public var vm: String?
    /// Source host of a migration or resume; the host of a suspend.
    public var from: String?
    /// Destination of a migration or resume; the host booted or shut down.
    public var to: String?
    /// Seconds from plan start.
    public var start: Double
    public var end: Double
    /// Actions whose end allowed this one to start.
    public var dependsOn: [Int]
    /// Why the action exists or waited (a cycle broken, a boot delayed by the power budget …).
    public var note: String?

    public init(id: Int, kind: PlanActionKind, vm: String? = nil, from: String? = nil, to: String? = nil,
                start: Double, end: Double, dependsOn: [Int] = [], note: String? = nil) {
        self.id = id
        self.kind = kind
        self.vm = vm
        self.from = from
        self.to = to
        self.start = start
        self.end = end
        self.dependsOn = dependsOn
        self.note = note
    }

    public var duration: Double { end - start }

    /// Hosts the action touches.
    public var hosts: [String] { [from, to].compactMap { $0 } }

    /// `migrate vm-01 bc1-01 → bc2-01`, `boot bc2-01`.
    public var label: String {
        switch kind {
        case .migrate, .resume: "\(kind.rawValue) \(vm ?? "?") \(from ?? "?") → \(to ?? "?")"
        case .suspend: "suspend \(vm ?? "?") on \(from ?? "?")"
        case .boot, .shutdown: "\(kind.rawValue) \(to ?? "?")"
        }
    }
}

/// A schedule of actions taking the cluster from its current placement to a target one.
public struct MigrationPlan: Hashable, Sendable {
    /// The JSON format of a plan file.
    public static let format = "berth-plan/1"

    /// Sorted by start, then id order of creation.
    public var actions: [PlanAction]
    /// What the scheduler wants the operator to know (cycles broken, boots delayed, suspensions).
    public var notes: [String]

    public init(actions: [PlanAction], notes: [String] = []) {
        self.actions = actions
        self.notes = notes
    }

    /// Seconds until the last action ends.
    public var completion: Double { actions.map(\.end).max() ?? 0 }

    public func actions(_ kind: PlanActionKind) -> [PlanAction] { actions.filter { $0.kind == kind } }

    /// Sum of migration durations (the scheduler's second objective).
    public var totalMigrationSeconds: Double { actions(.migrate).reduce(0) { $0 + $1.duration } }
}

extension MigrationPlan {
    /// The placement the plan leads to: its moves applied to `cluster`'s current placement, its
    /// boots and shutdowns to the hosts.
    public func endState(in cluster: Cluster) -> Placement {
        var target = Placement(current: cluster)
        target.onlineHosts = Set(cluster.hosts.filter { $0.state != .offline }.map(\.id))
        for action in actions.sorted(by: { ($0.end, $0.id) < ($1.end, $1.id) }) {
            switch action.kind {
            case .migrate, .resume: if let vm = action.vm, let to = action.to { target.vmHosts[vm] = to }
            case .boot: if let host = action.to { target.onlineHosts.insert(host) }
            case .shutdown: if let host = action.to { target.onlineHosts.remove(host) }
            case .suspend: break
            }
        }
        return target
    }
}
