/// How hosts reach each other for live migration: host NICs on switches, links between switches.
///
/// Absent from an instance, every host has one NIC (1 Gb/s) on a single non-blocking switch.
/// Links are full duplex (each direction has its own bandwidth); an aggregated link (LAG) of
/// `members` pins each flow to one member, chosen by a deterministic hash of the host pair.
public struct Network: Hashable, Sendable {
    /// Switches hosts attach to; empty means one implicit non-blocking switch for everyone.
    public var switches: [NetworkSwitch]
    /// Links between switches.
    public var links: [NetworkLink]
    /// Which switch each host is on, its NIC speed and its own migration limit.
    public var hosts: [HostAttachment]
    /// NIC speed of hosts that do not state one, in Gb/s.
    public var defaultNicGbps: Double
    /// Payload share of nominal bandwidth (TCP over Ethernet ≈ 0.94).
    public var efficiency: Double
    /// At most this many migrations at once in the whole data center.
    public var maxMigrations: Int?
    /// Pre-copy switch-over target: the VM pauses once the rest fits in this many milliseconds.
    public var downtimeTargetMs: Double
    /// Pre-copy rounds after which the hypervisor forces the switch-over.
    public var maxRounds: Int

    public init(
        switches: [NetworkSwitch] = [], links: [NetworkLink] = [], hosts: [HostAttachment] = [],
        defaultNicGbps: Double = 1, efficiency: Double = 0.94, maxMigrations: Int? = nil,
        downtimeTargetMs: Double = 300, maxRounds: Int = 30
    ) {
        self.switches = switches
        self.links = links
        self.hosts = hosts
        self.defaultNicGbps = defaultNicGbps
        self.efficiency = efficiency
        self.maxMigrations = maxMigrations
        self.downtimeTargetMs = downtimeTargetMs
        self.maxRounds = maxRounds
    }

    /// One NIC per host at 1 Gb/s on a non-blocking switch.
    public static let `default` = Network()
}

/// A switch; a finite backplane makes it blocking (every flow through it shares the backplane).
public struct NetworkSwitch: Hashable, Sendable {
    public var id: String
    public var backplaneGbps: Double?

    public init(id: String, backplaneGbps: Double? = nil) {
        self.id = id
        self.backplaneGbps = backplaneGbps
    }
}

/// A full-duplex link between two switches, possibly an aggregate of `members` equal links.
public struct NetworkLink: Hashable, Sendable {
    public var id: String
    /// The two switches it joins.
    public var between: [String]
    /// Total nominal bandwidth per direction, in Gb/s (members share it equally).
    public var gbps: Double
    /// Member links of an aggregate; a flow uses exactly one of them.
    public var members: Int
    /// At most this many migrations cross the link at once.
    public var maxMigrations: Int?

    public init(id: String, between: [String], gbps: Double, members: Int = 1, maxMigrations: Int? = nil) {
        self.id = id
        self.between = between
        self.gbps = gbps
        self.members = members
        self.maxMigrations = maxMigrations
    }
}

/// A host's place in the network.
public struct HostAttachment: Hashable, Sendable {
    public var host: String
    /// The switch its NIC plugs into.
    public var switchID: String
    /// NIC speed in Gb/s; `nil` takes the network default.
    public var nicGbps: Double?
    /// At most this many migrations in or out of the host at once.
    public var maxMigrations: Int?

    public init(host: String, switchID: String, nicGbps: Double? = nil, maxMigrations: Int? = nil) {
        self.host = host
        self.switchID = switchID
        self.nicGbps = nicGbps
        self.maxMigrations = maxMigrations
    }
}
