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
    /// Seconds after which a migration still in pre-copy is forced to switch over or aborted
    /// (QEMU 1.7 in seed 001: 600 s); `nil` waits for `maxRounds` only.
    public var migrationTimeoutSeconds: Double?
    /// What the hypervisor does at the timeout.
    public var onTimeout: MigrationTimeoutAction
    /// Per-migration bandwidth cap in MiB/s (QEMU's `max_bandwidth`); `nil` is unlimited (libvirt's default).
    public var maxBandwidthMiBps: Double?
    /// Milliseconds to resume the VM on its destination after stop-and-copy (`T_resume`).
    public var resumeMs: Double
    /// QEMU's auto-converge: throttle the guest (20 %, then +10 % a step) when a round dirties more
    /// than half of what it sent, twice in a row.
    public var autoConverge: Bool

    public init(
        switches: [NetworkSwitch] = [], links: [NetworkLink] = [], hosts: [HostAttachment] = [],
        defaultNicGbps: Double = 1, efficiency: Double = 0.94, maxMigrations: Int? = nil,
        downtimeTargetMs: Double = 300, maxRounds: Int = 30, migrationTimeoutSeconds: Double? = 600,
        onTimeout: MigrationTimeoutAction = .forceSwitchover, maxBandwidthMiBps: Double? = nil,
        resumeMs: Double = 0, autoConverge: Bool = false
    ) {
        self.switches = switches
        self.links = links
        self.hosts = hosts
        self.defaultNicGbps = defaultNicGbps
        self.efficiency = efficiency
        self.maxMigrations = maxMigrations
        self.downtimeTargetMs = downtimeTargetMs
        self.maxRounds = maxRounds
        self.migrationTimeoutSeconds = migrationTimeoutSeconds
        self.onTimeout = onTimeout
        self.maxBandwidthMiBps = maxBandwidthMiBps
        self.resumeMs = resumeMs
        self.autoConverge = autoConverge
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

/// What a hypervisor does with a migration that reaches its timeout still in pre-copy.
public enum MigrationTimeoutAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Pause the VM and copy the rest (a long downtime: counted as a failed live migration).
    case forceSwitchover
    /// Cancel the migration; the VM keeps running on its source.
    case abort
}

/// How an aggregate (LAG, ECMP group) picks the member a flow uses; a flow never spreads over members.
///
/// Keys are the hosts' `hashKey`s (by default their position in the model's host list, from 0).
public enum LinkHash: String, Hashable, Sendable, Codable, CaseIterable {
    /// (source key + destination key) mod members: berth/1's rule before the hash was an input.
    case sum
    /// (source key XOR destination key) mod members, as XOR(MAC) on a real LAG.
    case xor
    /// Source key mod members.
    case source
    /// Destination key mod members.
    case destination
    /// Not known in advance: Berth plans for the worst case, every flow on the same member.
    case unknown
}

/// A flow from one host to another pinned to a member of an aggregate, whatever the hash says.
public struct LinkPin: Hashable, Sendable {
    public var from: String
    public var to: String
    /// The member, from 1.
    public var member: Int

    public init(from: String, to: String, member: Int) {
        self.from = from
        self.to = to
        self.member = member
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
    /// How a flow's member is chosen.
    public var hash: LinkHash
    /// Flows whose member is stated outright (they override `hash`).
    public var pins: [LinkPin]

    public init(
        id: String, between: [String], gbps: Double, members: Int = 1, maxMigrations: Int? = nil,
        hash: LinkHash = .sum, pins: [LinkPin] = []
    ) {
        self.id = id
        self.between = between
        self.gbps = gbps
        self.members = members
        self.maxMigrations = maxMigrations
        self.hash = hash
        self.pins = pins
    }

    /// The member (from 1) the hash gives a flow between hosts with these keys (pins aside).
    public func hashedMember(fromKey: Int, toKey: Int) -> Int {
        let n = max(1, members)
        let key: Int
        switch hash {
        case .sum: key = fromKey &+ toKey
        case .xor: key = fromKey ^ toKey
        case .source: key = fromKey
        case .destination: key = toKey
        case .unknown: key = 0
        }
        return ((key % n) + n) % n + 1
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
    /// The host's key in link hashes (e.g. the last byte of its MAC); `nil` takes its position in the model.
    public var hashKey: Int?

    public init(host: String, switchID: String, nicGbps: Double? = nil, maxMigrations: Int? = nil, hashKey: Int? = nil) {
        self.host = host
        self.switchID = switchID
        self.nicGbps = nicGbps
        self.maxMigrations = maxMigrations
        self.hashKey = hashKey
    }
}
