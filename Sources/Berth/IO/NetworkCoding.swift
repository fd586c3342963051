// JSON shape of the optional `network` of an instance (berth/1): strict keys, defaults for absent fields.

extension Network: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case switches, links, hosts, defaultNicGbps, efficiency, maxMigrations, downtimeTargetMs, maxRounds
        case migrationTimeoutSeconds, onTimeout, maxBandwidthMiBps, resumeMs, autoConverge
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a network")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            switches: try c.decodeIfPresent([NetworkSwitch].self, forKey: .switches) ?? [],
            links: try c.decodeIfPresent([NetworkLink].self, forKey: .links) ?? [],
            hosts: try c.decodeIfPresent([HostAttachment].self, forKey: .hosts) ?? [],
            defaultNicGbps: try c.decodeIfPresent(Double.self, forKey: .defaultNicGbps) ?? 1,
            efficiency: try c.decodeIfPresent(Double.self, forKey: .efficiency) ?? 0.94,
            maxMigrations: try c.decodeIfPresent(Int.self, forKey: .maxMigrations),
            downtimeTargetMs: try c.decodeIfPresent(Double.self, forKey: .downtimeTargetMs) ?? 300,
            maxRounds: try c.decodeIfPresent(Int.self, forKey: .maxRounds) ?? 30,
            // `null` turns the timeout off; absent keeps QEMU's 600 s.
            migrationTimeoutSeconds: c.contains(.migrationTimeoutSeconds)
                ? try c.decodeIfPresent(Double.self, forKey: .migrationTimeoutSeconds) : 600,
            onTimeout: try c.decodeIfPresent(MigrationTimeoutAction.self, forKey: .onTimeout) ?? .forceSwitchover,
            maxBandwidthMiBps: try c.decodeIfPresent(Double.self, forKey: .maxBandwidthMiBps),
            resumeMs: try c.decodeIfPresent(Double.self, forKey: .resumeMs) ?? 0,
            autoConverge: try c.decodeIfPresent(Bool.self, forKey: .autoConverge) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !switches.isEmpty { try c.encode(switches, forKey: .switches) }
        if !links.isEmpty { try c.encode(links, forKey: .links) }
        if !hosts.isEmpty { try c.encode(hosts, forKey: .hosts) }
        try c.encode(defaultNicGbps, forKey: .defaultNicGbps)
        try c.encode(efficiency, forKey: .efficiency)
        try c.encodeIfPresent(maxMigrations, forKey: .maxMigrations)
        try c.encode(downtimeTargetMs, forKey: .downtimeTargetMs)
        try c.encode(maxRounds, forKey: .maxRounds)
        if let timeout = migrationTimeoutSeconds { try c.encode(timeout, forKey: .migrationTimeoutSeconds) }
        else { try c.encodeNil(forKey: .migrationTimeoutSeconds) }
        try c.encode(onTimeout, forKey: .onTimeout)
        try c.encodeIfPresent(maxBandwidthMiBps, forKey: .maxBandwidthMiBps)
        if resumeMs != 0 { try c.encode(resumeMs, forKey: .resumeMs) }
        if autoConverge { try c.encode(autoConverge, forKey: .autoConverge) }
    }
}

extension NetworkSwitch: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, backplaneGbps }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a switch")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), backplaneGbps: try c.decodeIfPresent(Double.self, forKey: .backplaneGbps))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(backplaneGbps, forKey: .backplaneGbps)
    }
}

extension NetworkLink: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case id, between, gbps, members, maxMigrations, hash, pins }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a link")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id),
            between: try c.decode([String].self, forKey: .between),
            gbps: try c.decode(Double.self, forKey: .gbps),
            members: try c.decodeIfPresent(Int.self, forKey: .members) ?? 1,
            maxMigrations: try c.decodeIfPresent(Int.self, forKey: .maxMigrations),
            hash: try c.decodeIfPresent(LinkHash.self, forKey: .hash) ?? .sum,
            pins: try c.decodeIfPresent([LinkPin].self, forKey: .pins) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(between, forKey: .between)
        try c.encode(gbps, forKey: .gbps)
        if members != 1 { try c.encode(members, forKey: .members) }
        try c.encodeIfPresent(maxMigrations, forKey: .maxMigrations)
        if hash != .sum { try c.encode(hash, forKey: .hash) }
        if !pins.isEmpty { try c.encode(pins, forKey: .pins) }
    }
}

extension LinkPin: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case from, to, member }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a link pin")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to),
            member: try c.decode(Int.self, forKey: .member))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(member, forKey: .member)
    }
}

extension HostAttachment: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case host, switchID = "switch", nicGbps, maxMigrations, hashKey }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue), context: "a host attachment")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            host: try c.decode(String.self, forKey: .host),
            switchID: try c.decode(String.self, forKey: .switchID),
            nicGbps: try c.decodeIfPresent(Double.self, forKey: .nicGbps),
            maxMigrations: try c.decodeIfPresent(Int.self, forKey: .maxMigrations),
            hashKey: try c.decodeIfPresent(Int.self, forKey: .hashKey))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(host, forKey: .host)
        try c.encode(switchID, forKey: .switchID)
        try c.encodeIfPresent(nicGbps, forKey: .nicGbps)
        try c.encodeIfPresent(maxMigrations, forKey: .maxMigrations)
        try c.encodeIfPresent(hashKey, forKey: .hashKey)
    }
}
