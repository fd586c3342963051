/// The power state a host is in, or must be drained for.
public enum HostState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Powered on and usable.
    case online
    /// Powered off; Berth may boot it when the objective or the constraints need it.
    case offline
    /// Handed to maintenance (or failing): must end with no running VM and is never a destination.
    case maintenance
}

/// How much power a host draws in each state and how long it takes to change state
/// (research/migration.md §5.1, §5.2.4).
///
/// On: `idle + (peak − idle) × CPU utilisation + wattsPerVM × running VMs`; booting:
/// `idle × (1 + bootOverhead)`, or `peak` when no overhead is given (berth/1's first rule, which
/// fits seed 001's blades: +100 %); shutting down: `idle`; off: `offWatts`. The UCC'15
/// parameterisation is `idle 110, peak 110, wattsPerVM 16, bootOverhead 0.2`.
public struct PowerModel: Hashable, Sendable, Codable {
    public var idleWatts: Double
    public var peakWatts: Double
    public var bootSeconds: Double
    public var shutdownSeconds: Double
    /// Extra draw while booting, as a share of idle (0.2 = +20 %); `nil` draws `peakWatts`.
    public var bootOverhead: Double?
    /// Watts per running VM on top of the utilisation term (UCC: 16 W).
    public var wattsPerVM: Double
    /// Watts drawn while off (the BMC, the PSU's standby).
    public var offWatts: Double

    public init(
        idleWatts: Double, peakWatts: Double, bootSeconds: Double, shutdownSeconds: Double,
        bootOverhead: Double? = nil, wattsPerVM: Double = 0, offWatts: Double = 0
    ) {
        self.idleWatts = idleWatts
        self.peakWatts = peakWatts
        self.bootSeconds = bootSeconds
        self.shutdownSeconds = shutdownSeconds
        self.bootOverhead = bootOverhead
        self.wattsPerVM = wattsPerVM
        self.offWatts = offWatts
    }
}

/// A physical host (named `Server` to stay clear of Foundation's `Host`).
public struct Server: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    /// Physical capacity per resource.
    public var capacity: ResourceVector
    public var state: HostState
    /// Free-form placement attributes such as `rack` or `bladeCenter`.
    public var attributes: [String: String]
    /// What the host offers: CPU feature flags, accelerators, reachable storage.
    public var features: Set<String>
    /// Overbooking ratio per resource (virtual capacity = capacity × ratio); absent means 1.
    public var overbooking: [String: Double]
    public var power: PowerModel?

    public init(
        id: String, capacity: ResourceVector, state: HostState = .online,
        attributes: [String: String] = [:], features: Set<String> = [],
        overbooking: [String: Double] = [:], power: PowerModel? = nil
    ) {
        self.id = id
        self.capacity = capacity
        self.state = state
        self.attributes = attributes
        self.features = features
        self.overbooking = overbooking
        self.power = power
    }

    /// Capacity usable by VMs for a resource, overbooking included.
    public func effectiveCapacity(_ resource: String) -> Double {
        capacity[resource] * (overbooking[resource] ?? 1)
    }
}
