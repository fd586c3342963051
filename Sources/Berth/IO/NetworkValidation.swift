/// Semantic checks on an instance's network, with JSON paths (each constraint checks its own
/// fields, `PlacementRule.validate`): scalars, switches, links and their pins, host attachments,
/// and that every attached switch reaches the others.
struct NetworkValidation {
    let instance: Instance
    let network: Network
    private(set) var issues: [InputIssue] = []
    private var switches: [String: Int] = [:]
    private var attached: [String: Int] = [:]
    /// The model's host ids, read once.
    private let hosts: Set<String>

    static func issues(in instance: Instance) -> [InputIssue] {
        guard let network = instance.network else { return [] }
        var validation = NetworkValidation(instance: instance, network: network, hosts: Set(instance.cluster.hosts.map(\.id)))
        validation.checkScalars()
        validation.checkSwitches()
        validation.checkLinks()
        validation.checkAttachments()
        if validation.issues.isEmpty, !network.switches.isEmpty { validation.checkEveryHostAttached() }
        if validation.issues.isEmpty, !network.switches.isEmpty { validation.checkReachability() }
        return validation.issues
    }

    private mutating func report(_ path: String, _ message: String) { issues.append(InputIssue(path: path, message: message)) }

    private mutating func positive(_ value: Double?, _ path: String) {
        if let value, !(value > 0 && value.isFinite) { report(path, "must be a finite number > 0, found \(value)") }
    }

    private mutating func limit(_ value: Int?, _ path: String) {
        if let value, value < 1 { report(path, "a migration limit must be ≥ 1, found \(value)") }
    }

    private func unknownSwitch(_ id: String) -> String { "unknown switch '\(id)'" + suggestion(for: id, among: network.switches.map(\.id)) }

    private mutating func checkScalars() {
        positive(network.defaultNicGbps, "network.defaultNicGbps")
        if !(network.efficiency > 0 && network.efficiency <= 1) { report("network.efficiency", "must be in (0, 1], found \(network.efficiency)") }
        positive(network.downtimeTargetMs, "network.downtimeTargetMs")
        // Each round is a step of the estimate and an event of the simulator: bounded like every expansion.
        if !(1...10_000).contains(network.maxRounds) { report("network.maxRounds", "must be between 1 and 10000, found \(network.maxRounds)") }
        limit(network.maxMigrations, "network.maxMigrations")
        positive(network.migrationTimeoutSeconds, "network.migrationTimeoutSeconds")
        positive(network.maxBandwidthMiBps, "network.maxBandwidthMiBps")
        if !(network.resumeMs >= 0 && network.resumeMs <= 3_600_000) {
            report("network.resumeMs", "must be a number of milliseconds in [0, 3600000], found \(network.resumeMs)")
        }
    }

    private mutating func checkSwitches() {
        for (i, sw) in network.switches.enumerated() {
            if sw.id.isEmpty { report("network.switches[\(i)].id", "empty switch id") }
            if let first = switches[sw.id] { report("network.switches[\(i)].id", "duplicate switch id '\(sw.id)' (first at network.switches[\(first)])") }
            else { switches[sw.id] = i }
            positive(sw.backplaneGbps, "network.switches[\(i)].backplaneGbps")
        }
    }

    private mutating func checkLinks() {
        var links: [String: Int] = [:]
        for (i, link) in network.links.enumerated() {
            let path = "network.links[\(i)]"
            if let first = links[link.id] { report("\(path).id", "duplicate link id '\(link.id)' (first at network.links[\(first)])") }
            else { links[link.id] = i }
            if link.between.count != 2 || link.between.first == link.between.last {
                report("\(path).between", "a link joins exactly two distinct switches")
            }
            for (j, sw) in link.between.enumerated() where switches[sw] == nil { report("\(path).between[\(j)]", unknownSwitch(sw)) }
            positive(link.gbps, "\(path).gbps")
            // A LAG or an ECMP group has a handful of members; the bound keeps the per-member tables small.
            if !(1...256).contains(link.members) { report("\(path).members", "must be between 1 and 256, found \(link.members)") }
            limit(link.maxMigrations, "\(path).maxMigrations")
            checkPins(of: link, path)
        }
    }

    private mutating func checkPins(of link: NetworkLink, _ path: String) {
        var pinned: [String: Int] = [:]
        for (j, pin) in link.pins.enumerated() {
            let pinPath = "\(path).pins[\(j)]"
            for (field, host) in [("from", pin.from), ("to", pin.to)] where !hosts.contains(host) {
                report("\(pinPath).\(field)", RuleValidation.unknownHost(host, in: instance.cluster))
            }
            if !(1...max(1, link.members)).contains(pin.member) {
                report("\(pinPath).member", "must be a member of the link, 1 to \(link.members), found \(pin.member)")
            }
            let pair = "\(pin.from)→\(pin.to)"
            if let first = pinned[pair] { report(pinPath, "flow \(pair) pinned twice (first at \(path).pins[\(first)])") }
            else { pinned[pair] = j }
        }
    }

    private mutating func checkAttachments() {
        for (i, attachment) in network.hosts.enumerated() {
            let path = "network.hosts[\(i)]"
            if !hosts.contains(attachment.host) {
                report("\(path).host", RuleValidation.unknownHost(attachment.host, in: instance.cluster))
            }
            if let first = attached[attachment.host] { report("\(path).host", "host '\(attachment.host)' attached twice (first at network.hosts[\(first)])") }
            else { attached[attachment.host] = i }
            if network.switches.isEmpty { report("\(path).switch", "no switches are declared; declare '\(attachment.switchID)' in network.switches") }
            else if switches[attachment.switchID] == nil { report("\(path).switch", unknownSwitch(attachment.switchID)) }
            positive(attachment.nicGbps, "\(path).nicGbps")
            limit(attachment.maxMigrations, "\(path).maxMigrations")
            if let key = attachment.hashKey, !(0...(1 << 48)).contains(key) {
                report("\(path).hashKey", "must be an integer in [0, 2^48] (a MAC address fits), found \(key)")
            }
        }
    }

    private mutating func checkEveryHostAttached() {
        for host in instance.cluster.hosts.map(\.id) where attached[host] == nil { report("network.hosts", "host '\(host)' is attached to no switch") }
    }

    private mutating func checkReachability() {
        let topology = NetworkTopology(cluster: instance.cluster, network: network)
        let attachedSwitches = Set(network.hosts.map(\.switchID)).sorted()
        guard let first = attachedSwitches.first else { return }
        let probe = network.hosts.first { $0.switchID == first }!.host
        for sw in attachedSwitches.dropFirst() {
            let other = network.hosts.first { $0.switchID == sw }!.host
            if !topology.isReachable(from: probe, to: other) {
                report("network.links", "switch '\(sw)' cannot be reached from switch '\(first)'")
            }
        }
    }
}
