/// Semantic checks on the scheduling side of an instance (network, scheduling constraints), with JSON paths.
enum ScheduleValidation {
    static func issues(in instance: Instance) -> [InputIssue] {
        var issues: [InputIssue] = []
        func report(_ path: String, _ message: String) { issues.append(InputIssue(path: path, message: message)) }
        for (i, constraint) in instance.constraints.enumerated() {
            switch constraint {
            case .powerBudget(let c) where !(c.watts > 0 && c.watts.isFinite):
                report("constraints[\(i)].watts", "a power budget must be > 0 W, found \(c.watts)")
            case .deadline(let c) where !(c.seconds >= 0 && c.seconds.isFinite):
                report("constraints[\(i)].seconds", "a deadline must be a finite number of seconds ≥ 0, found \(c.seconds)")
            case .sync(let c) where c.vms.count < 2:
                report("constraints[\(i)].vms", "sync needs at least two VMs")
            case .noDelay(let c) where c.vms.isEmpty:
                report("constraints[\(i)].vms", "noDelay needs at least one VM")
            case .seq(let c) where c.vms.count < 2:
                report("constraints[\(i)].vms", "seq needs at least two VMs")
            case .seq(let c) where Set(c.vms).count < c.vms.count:
                report("constraints[\(i)].vms", "seq lists a VM twice")
            case .serialize(let c) where c.vms.count < 2:
                report("constraints[\(i)].vms", "serialize needs at least two VMs")
            case .serializeReboots(let c) where c.hosts.count < 2:
                report("constraints[\(i)].hosts", "serializeReboots needs at least two hosts")
            case .maxConcurrentMigrations(let c):
                if c.amount < 1 { report("constraints[\(i)].amount", "a migration limit must be ≥ 1, found \(c.amount)") }
                if let hosts = c.hosts, hosts.isEmpty { report("constraints[\(i)].hosts", "omit 'hosts' to count every migration; an empty set counts none") }
                if let links = c.links {
                    if links.isEmpty { report("constraints[\(i)].links", "omit 'links' or name at least one link") }
                    let known = instance.network?.links.map(\.id) ?? []
                    for (j, link) in links.enumerated() where !known.contains(link) {
                        report("constraints[\(i)].links[\(j)]", "unknown link '\(link)'" + suggestion(for: link, among: known))
                    }
                }
            case .precedence(let c):
                if c.before.isEmpty || c.after.isEmpty { report("constraints[\(i)]", "precedence needs VMs in both 'before' and 'after'") }
                let known = Set(instance.cluster.vms.map(\.id)), list = instance.cluster.vms.map(\.id)
                for (field, vms) in [("before", c.before), ("after", c.after)] {
                    for (j, vm) in vms.enumerated() where !known.contains(vm) {
                        report("constraints[\(i)].\(field)[\(j)]", "unknown VM '\(vm)'" + suggestion(for: vm, among: list))
                    }
                }
            default: break
            }
        }
        guard let network = instance.network else { return issues }
        let hostIDs = instance.cluster.hosts.map(\.id)
        let known = Set(hostIDs)
        func positive(_ value: Double?, _ path: String) {
            if let value, !(value > 0 && value.isFinite) { report(path, "must be a finite number > 0, found \(value)") }
        }
        func limit(_ value: Int?, _ path: String) {
            if let value, value < 1 { report(path, "a migration limit must be ≥ 1, found \(value)") }
        }
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

        var switches: [String: Int] = [:]
        for (i, sw) in network.switches.enumerated() {
            if sw.id.isEmpty { report("network.switches[\(i)].id", "empty switch id") }
            if let first = switches[sw.id] { report("network.switches[\(i)].id", "duplicate switch id '\(sw.id)' (first at network.switches[\(first)])") }
            else { switches[sw.id] = i }
            positive(sw.backplaneGbps, "network.switches[\(i)].backplaneGbps")
        }
        let switchList = network.switches.map(\.id)
        func unknownSwitch(_ id: String) -> String { "unknown switch '\(id)'" + suggestion(for: id, among: switchList) }
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
            var pinned: [String: Int] = [:]
            for (j, pin) in link.pins.enumerated() {
                let pinPath = "\(path).pins[\(j)]"
                for (field, host) in [("from", pin.from), ("to", pin.to)] where !known.contains(host) {
                    report("\(pinPath).\(field)", "unknown host '\(host)'" + suggestion(for: host, among: hostIDs))
                }
                if !(1...max(1, link.members)).contains(pin.member) {
                    report("\(pinPath).member", "must be a member of the link, 1 to \(link.members), found \(pin.member)")
                }
                let pair = "\(pin.from)→\(pin.to)"
                if let first = pinned[pair] { report(pinPath, "flow \(pair) pinned twice (first at \(path).pins[\(first)])") }
                else { pinned[pair] = j }
            }
        }
        var attached: [String: Int] = [:]
        for (i, attachment) in network.hosts.enumerated() {
            let path = "network.hosts[\(i)]"
            if !known.contains(attachment.host) {
                report("\(path).host", "unknown host '\(attachment.host)'" + suggestion(for: attachment.host, among: hostIDs))
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
        guard issues.isEmpty, !network.switches.isEmpty else { return issues }
        for host in hostIDs where attached[host] == nil {
            report("network.hosts", "host '\(host)' is attached to no switch")
        }
        guard issues.isEmpty else { return issues }
        let topology = NetworkTopology(cluster: instance.cluster, network: network)
        let attachedSwitches = Set(network.hosts.map(\.switchID)).sorted()
        if let first = attachedSwitches.first {
            let probe = network.hosts.first { $0.switchID == first }!.host
            for sw in attachedSwitches.dropFirst() {
                let other = network.hosts.first { $0.switchID == sw }!.host
                if !topology.isReachable(from: probe, to: other) {
                    report("network.links", "switch '\(sw)' cannot be reached from switch '\(first)'")
                }
            }
        }
        return issues
    }
}
