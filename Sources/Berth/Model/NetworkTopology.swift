/// A network resolved against a cluster: each host's switch and NIC, and each migration's route.
///
/// A route is the list of shared bandwidth resources a flow crosses (source NIC out, switch
/// backplanes, one member of each link in the direction travelled, destination NIC in).
package struct NetworkTopology: Sendable {
    /// A bandwidth resource flows share.
    public struct Resource: Hashable, Sendable {
        /// `nic-out:h1`, `nic-in:h2`, `switch:s1`, `link:l1#2>` (member 2, forward direction).
        public var id: String
        /// Effective capacity in MiB/s.
        public var capacity: Double
        /// The link it belongs to, for per-link migration limits.
        public var link: String?
    }

    /// The resources a migration crosses, in order, as indices into `resources`.
    public struct Route: Hashable, Sendable {
        public var resources: [Int]
        /// Links crossed (ids), for per-link limits.
        public var links: [String]
    }

    public let network: Network
    public private(set) var resources: [Resource] = []
    private var resourceIndex: [String: Int] = [:]
    private var hostSwitch: [String: String] = [:]
    private var nicMiBps: [String: Double] = [:]
    private var hostLimit: [String: Int] = [:]
    private var hashKey: [String: Int] = [:]
    /// Per link (index into network.links): pinned flows "from→to" → member.
    private var pinned: [[String: Int]] = []
    /// Switch path between two switches: links (index into network.links) and whether each is travelled forward.
    private var paths: [String: [(link: Int, forward: Bool)]] = [:]

    /// Nominal Gb/s to effective MiB/s.
    public static func mebibytesPerSecond(gbps: Double, efficiency: Double) -> Double {
        gbps * 1e9 / 8 / 1_048_576 * efficiency
    }

    public init(cluster: Cluster, network: Network?) {
        let network = network ?? .default
        self.network = network
        let implicit = network.switches.isEmpty
        let attachments = Dictionary(network.hosts.map { ($0.host, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, host) in cluster.hosts.enumerated() {
            let attachment = attachments[host.id]
            hostSwitch[host.id] = implicit ? "" : (attachment?.switchID ?? "")
            nicMiBps[host.id] = Self.mebibytesPerSecond(gbps: attachment?.nicGbps ?? network.defaultNicGbps, efficiency: network.efficiency)
            if let limit = attachment?.maxMigrations { hostLimit[host.id] = limit }
            hashKey[host.id] = attachment?.hashKey ?? i
        }
        pinned = network.links.map { link in
            Dictionary(link.pins.map { ("\($0.from)→\($0.to)", $0.member) }, uniquingKeysWith: { first, _ in first })
        }
        for host in cluster.hosts {
            add(Resource(id: "nic-out:\(host.id)", capacity: nicMiBps[host.id]!, link: nil))
            add(Resource(id: "nic-in:\(host.id)", capacity: nicMiBps[host.id]!, link: nil))
        }
        for sw in network.switches {
            if let gbps = sw.backplaneGbps {
                add(Resource(id: "switch:\(sw.id)", capacity: Self.mebibytesPerSecond(gbps: gbps, efficiency: network.efficiency), link: nil))
            }
        }
        for link in network.links {
            let member = Self.mebibytesPerSecond(gbps: link.gbps / Double(max(1, link.members)), efficiency: network.efficiency)
            for k in 0..<max(1, link.members) {
                add(Resource(id: "link:\(link.id)#\(k + 1)>", capacity: member, link: link.id))
                add(Resource(id: "link:\(link.id)#\(k + 1)<", capacity: member, link: link.id))
            }
        }
        paths = Self.shortestPaths(network)
    }

    private mutating func add(_ resource: Resource) {
        resourceIndex[resource.id] = resources.count
        resources.append(resource)
    }

    /// Breadth-first paths between every pair of switches; neighbours in id order so ties break the same way every run.
    private static func shortestPaths(_ network: Network) -> [String: [(link: Int, forward: Bool)]] {
        var adjacency: [String: [(next: String, link: Int, forward: Bool)]] = [:]
        for (i, link) in network.links.enumerated() where link.between.count == 2 {
            adjacency[link.between[0], default: []].append((link.between[1], i, true))
            adjacency[link.between[1], default: []].append((link.between[0], i, false))
        }
        for key in adjacency.keys { adjacency[key]!.sort { ($0.next, $0.link) < ($1.next, $1.link) } }
        var result: [String: [(link: Int, forward: Bool)]] = [:]
        for source in network.switches.map(\.id) {
            var previous: [String: (from: String, link: Int, forward: Bool)] = [:]
            var seen: Set<String> = [source]
            var queue = [source]
            var head = 0
            while head < queue.count {
                let current = queue[head]
                head += 1
                for edge in adjacency[current] ?? [] where !seen.contains(edge.next) {
                    seen.insert(edge.next)
                    previous[edge.next] = (current, edge.link, edge.forward)
                    queue.append(edge.next)
                }
            }
            for target in seen {
                var hops: [(link: Int, forward: Bool)] = []
                var node = target
                while node != source, let step = previous[node] {
                    hops.append((step.link, step.forward))
                    node = step.from
                }
                result["\(source)→\(target)"] = hops.reversed()
            }
        }
        return result
    }

    /// Whether a flow can go from one host to the other.
    public func isReachable(from: String, to: String) -> Bool {
        guard let a = hostSwitch[from], let b = hostSwitch[to] else { return false }
        return a == b || paths["\(a)→\(b)"] != nil
    }

    /// The resources a migration from `from` to `to` crosses.
    public func route(from: String, to: String) -> Route {
        var indices = [resourceIndex["nic-out:\(from)"]!]
        var links: [String] = []
        let a = hostSwitch[from] ?? "", b = hostSwitch[to] ?? ""
        if let sw = resourceIndex["switch:\(a)"] { indices.append(sw) }
        if a != b, let hops = paths["\(a)→\(b)"] {
            // The link's hash (or a pin) picks the member of an aggregate, as XOR(MAC) does on a real LAG.
            let fromKey = hashKey[from] ?? 0, toKey = hashKey[to] ?? 0
            for hop in hops {
                let link = network.links[hop.link]
                let member = min(max(1, pinned[hop.link]["\(from)→\(to)"] ?? link.hashedMember(fromKey: fromKey, toKey: toKey)), max(1, link.members))
                indices.append(resourceIndex["link:\(link.id)#\(member)\(hop.forward ? ">" : "<")"]!)
                links.append(link.id)
                let next = hop.forward ? link.between[1] : link.between[0]
                if let sw = resourceIndex["switch:\(next)"] { indices.append(sw) }
            }
        }
        indices.append(resourceIndex["nic-in:\(to)"]!)
        return Route(resources: indices, links: links)
    }

    /// The bandwidth a lone migration gets on a route: its narrowest resource, or the hypervisor's cap.
    public func loneRate(_ route: Route) -> Double {
        min(route.resources.map { resources[$0].capacity }.min() ?? 0, network.maxBandwidthMiBps ?? .infinity)
    }

    /// The host's own concurrent-migration limit, if any.
    public func migrationLimit(host: String) -> Int? { hostLimit[host] }

    /// A link's concurrent-migration limit, if any.
    public func migrationLimit(link: String) -> Int? { network.links.first { $0.id == link }?.maxMigrations }

    /// Pre-copy parameters of this network's hypervisors.
    public var preCopy: PreCopyModel {
        PreCopyModel(
            downtimeTarget: network.downtimeTargetMs / 1000, maxRounds: network.maxRounds,
            timeout: network.migrationTimeoutSeconds, onTimeout: network.onTimeout,
            maxBandwidth: network.maxBandwidthMiBps, resumeSeconds: network.resumeMs / 1000,
            autoConverge: network.autoConverge)
    }
}
