// JSON shapes of the model (format berth/1): optional fields get defaults, unknown fields are
// rejected, and sets are written sorted so the same model always encodes to the same bytes.

extension PowerModel {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case idleWatts, peakWatts, bootSeconds, shutdownSeconds, bootOverhead, wattsPerVM, offWatts
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a power model")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            idleWatts: try c.decodeIfPresent(Double.self, forKey: .idleWatts) ?? 0,
            peakWatts: try c.decodeIfPresent(Double.self, forKey: .peakWatts) ?? 0,
            bootSeconds: try c.decodeIfPresent(Double.self, forKey: .bootSeconds) ?? 0,
            shutdownSeconds: try c.decodeIfPresent(Double.self, forKey: .shutdownSeconds) ?? 0,
            bootOverhead: try c.decodeIfPresent(Double.self, forKey: .bootOverhead),
            wattsPerVM: try c.decodeIfPresent(Double.self, forKey: .wattsPerVM) ?? 0,
            offWatts: try c.decodeIfPresent(Double.self, forKey: .offWatts) ?? 0)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(idleWatts, forKey: .idleWatts)
        try c.encode(peakWatts, forKey: .peakWatts)
        try c.encode(bootSeconds, forKey: .bootSeconds)
        try c.encode(shutdownSeconds, forKey: .shutdownSeconds)
        try c.encodeIfPresent(bootOverhead, forKey: .bootOverhead)
        if wattsPerVM != 0 { try c.encode(wattsPerVM, forKey: .wattsPerVM) }
        if offWatts != 0 { try c.encode(offWatts, forKey: .offWatts) }
    }
}

extension Server {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, capacity, state, attributes, features, overbooking, power }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a host")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            capacity: try c.decode(ResourceVector.self, forKey: .capacity),
            state: try c.decodeIfPresent(HostState.self, forKey: .state) ?? .online,
            attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:],
            features: Set(try c.decodeIfPresent([String].self, forKey: .features) ?? []),
            overbooking: try c.decodeIfPresent([String: Double].self, forKey: .overbooking) ?? [:],
            power: try c.decodeIfPresent(PowerModel.self, forKey: .power))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(capacity, forKey: .capacity)
        try c.encode(state, forKey: .state)
        if !attributes.isEmpty { try c.encode(attributes, forKey: .attributes) }
        if !features.isEmpty { try c.encode(features.sorted(), forKey: .features) }
        if !overbooking.isEmpty { try c.encode(overbooking, forKey: .overbooking) }
        try c.encodeIfPresent(power, forKey: .power)
    }
}

extension VM {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, demand, state, host, memoryMiB, dirtyRateMiBps, hotSetMiB, hotRateMiBps, workload, requires, tags
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a VM")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            demand: try c.decode(ResourceVector.self, forKey: .demand),
            state: try c.decodeIfPresent(VMState.self, forKey: .state) ?? .running,
            host: try c.decodeIfPresent(String.self, forKey: .host),
            memoryMiB: try c.decodeIfPresent(Double.self, forKey: .memoryMiB) ?? 0,
            dirtyRateMiBps: try c.decodeIfPresent(Double.self, forKey: .dirtyRateMiBps) ?? 0,
            hotSetMiB: try c.decodeIfPresent(Double.self, forKey: .hotSetMiB) ?? 0,
            hotRateMiBps: try c.decodeIfPresent(Double.self, forKey: .hotRateMiBps) ?? 0,
            workload: try c.decodeIfPresent(WorkloadClass.self, forKey: .workload) ?? .unknown,
            requires: Set(try c.decodeIfPresent([String].self, forKey: .requires) ?? []),
            tags: Set(try c.decodeIfPresent([String].self, forKey: .tags) ?? []))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(demand, forKey: .demand)
        try c.encode(state, forKey: .state)
        try c.encodeIfPresent(host, forKey: .host)
        if memoryMiB != 0 { try c.encode(memoryMiB, forKey: .memoryMiB) }
        if dirtyRateMiBps != 0 { try c.encode(dirtyRateMiBps, forKey: .dirtyRateMiBps) }
        if hotSetMiB != 0 { try c.encode(hotSetMiB, forKey: .hotSetMiB) }
        if hotRateMiBps != 0 { try c.encode(hotRateMiBps, forKey: .hotRateMiBps) }
        if workload != .unknown { try c.encode(workload, forKey: .workload) }
        if !requires.isEmpty { try c.encode(requires.sorted(), forKey: .requires) }
        if !tags.isEmpty { try c.encode(tags.sorted(), forKey: .tags) }
    }
}

extension Placement {
    enum CodingKeys: String, CodingKey, CaseIterable { case format, vms, onlineHosts }
    /// The JSON format of a placement file.
    public static let format = "berth-placement/1"

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a placement")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let format = try c.decodeIfPresent(String.self, forKey: .format), format != Self.format {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "unsupported placement format '\(format)' (expected '\(Self.format)')")
        }
        self.init(
            vmHosts: try c.decode([String: String].self, forKey: .vms),
            onlineHosts: Set(try c.decode([String].self, forKey: .onlineHosts)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(vmHosts, forKey: .vms)
        try c.encode(onlineHosts.sorted(), forKey: .onlineHosts)
    }
}

extension Instance: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case format, resources, hosts, vms, constraints, objective, timeLimit, network }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "an instance")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Instance.format else {
            throw DecodingError.dataCorruptedError(
                forKey: .format, in: c, debugDescription: "unsupported format '\(format)' (this Berth reads '\(Instance.format)')")
        }
        let cluster = Cluster(
            resources: try c.decode([String].self, forKey: .resources),
            hosts: try c.decode([Server].self, forKey: .hosts),
            vms: try c.decodeIfPresent([VM].self, forKey: .vms) ?? [])
        self.init(
            cluster: cluster,
            constraints: try c.decodeIfPresent([Constraint].self, forKey: .constraints) ?? [],
            objective: try c.decodeIfPresent(Objective.self, forKey: .objective) ?? .minMigrations,
            timeLimit: try c.decodeIfPresent(Double.self, forKey: .timeLimit),
            network: try c.decodeIfPresent(Network.self, forKey: .network))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Instance.format, forKey: .format)
        try c.encode(cluster.resources, forKey: .resources)
        try c.encode(cluster.hosts, forKey: .hosts)
        try c.encode(cluster.vms, forKey: .vms)
        try c.encode(constraints, forKey: .constraints)
        try c.encode(objective, forKey: .objective)
        try c.encodeIfPresent(timeLimit, forKey: .timeLimit)
        try c.encodeIfPresent(network, forKey: .network)
    }
}
