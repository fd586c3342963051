/// Life-cycle state of a virtual machine, as in BtrPlace.
public enum VMState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Runs on a host and consumes its demand there. Without a current host it is new and must be placed.
    case running
    /// Defined but not running: consumes nothing and is not placed.
    case ready
    /// Suspended on its host: consumes nothing, but pins the host online and cannot move.
    case sleeping
    /// Gone for good.
    case killed
}

/// What a VM mostly does; drives migration ordering (seed 002).
public enum WorkloadClass: String, Hashable, Sendable, Codable, CaseIterable {
    case cpu
    case memoryDirtying
    case networkReceive
    case web
    case diskIO
    case unknown
}

/// A virtual machine.
public struct VM: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// What the VM needs from its host, per resource.
    public var demand: ResourceVector
    public var state: VMState
    /// The host the VM is on now (`nil` for ready VMs and for new running VMs still to place).
    public var host: String?
    /// Memory to copy during a live migration, in MiB; also the weight of a move in `minMigrations`.
    public var memoryMiB: Double
    /// Cold dirtying rate in MiB/s (`c` of the pre-copy profile; the whole profile when there is no hot set).
    public var dirtyRateMiBps: Double
    /// Hot set in MiB (`W`): pages rewritten over and over, so a round never dirties more than this of them.
    public var hotSetMiB: Double
    /// Rate at which the hot set is rewritten, in MiB/s (`h`).
    public var hotRateMiBps: Double
    public var workload: WorkloadClass
    /// Features a host must offer to run the VM (CPU flags, accelerators, storage).
    public var requires: Set<String>
    /// Labels for selection (`db`, `web`, …).
    public var tags: Set<String>

    public init(
        id: String, demand: ResourceVector, state: VMState = .running, host: String? = nil,
        memoryMiB: Double = 0, dirtyRateMiBps: Double = 0, hotSetMiB: Double = 0, hotRateMiBps: Double = 0,
        workload: WorkloadClass = .unknown, requires: Set<String> = [], tags: Set<String> = []
    ) {
        self.id = id
        self.demand = demand
        self.state = state
        self.host = host
        self.memoryMiB = memoryMiB
        self.dirtyRateMiBps = dirtyRateMiBps
        self.hotSetMiB = hotSetMiB
        self.hotRateMiBps = hotRateMiBps
        self.workload = workload
        self.requires = requires
        self.tags = tags
    }
}

extension VM {
    /// MiB dirtied during `seconds` of a pre-copy round: `min(W, h·t) + c·t` (research/migration.md §5.2).
    /// `throttle` (auto-converge) slows the guest, and so both rates, by that share.
    public func dirtiedMiB(after seconds: Double, throttle: Double = 0) -> Double {
        let slow = 1 - throttle
        return min(hotSetMiB, hotRateMiBps * slow * seconds) + dirtyRateMiBps * slow * seconds
    }
}
