/// Invariant: at every instant, at most `amount` migrations (live moves and resumes) run with an
/// end on a host of `hosts`, and at most `amount` cross each link of `links`; with neither given,
/// at most `amount` migrations run in the whole data center.
///
/// A scheduling constraint (BtrPlace's `MaxMigrations`, per host set and per link like the
/// `network` section's `maxMigrations`): the scheduler waits for room; the plan checker enforces it.
public struct MaxConcurrentMigrations: SchedulingRule {
    static let kind = "maxConcurrentMigrations"
    public var label: String?
    /// Hosts whose migrations (in or out) count together; `nil` counts every migration.
    public var hosts: [String]?
    /// Network links (ids of the `network` section) each limited to `amount` migrations at once.
    public var links: [String]?
    public var amount: Int

    public init(hosts: [String]? = nil, links: [String]? = nil, amount: Int, label: String? = nil) {
        self.hosts = hosts
        self.links = links
        self.amount = amount
        self.label = label
    }

    var referencedHosts: [String] { hosts ?? [] }
    var summary: String {
        var scope = hosts.map { "on \(listed($0))" } ?? "in the data center"
        if let links { scope = hosts == nil ? "per link of \(listed(links))" : scope + " and per link of \(listed(links))" }
        return "maxConcurrentMigrations: at most \(amount) at once \(scope)"
    }
}

extension MaxConcurrentMigrations {
    enum CodingKeys: String, CodingKey { case label = "id", hosts, links, amount }
}

extension MaxConcurrentMigrations {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        if amount < 1 { check.report("amount", "a migration limit must be ≥ 1, found \(amount)") }
        if let hosts, hosts.isEmpty { check.report("hosts", "omit 'hosts' to count every migration; an empty set counts none") }
        if let links {
            if links.isEmpty { check.report("links", "omit 'links' or name at least one link") }
            check.links(links, "links")
        }
    }

    static let scriptNames = ["maxConcurrentMigrations"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...2, "(amount), (hosts, amount) or (link=id, amount)")
        let amount = try args.integer(args.count - 1)
        guard args.count == 2 else { return .maxConcurrentMigrations(MaxConcurrentMigrations(amount: amount, label: label)) }
        if let links = args.links(0) { return .maxConcurrentMigrations(MaxConcurrentMigrations(links: links, amount: amount, label: label)) }
        return .maxConcurrentMigrations(MaxConcurrentMigrations(hosts: try args.hosts(0), amount: amount, label: label))
    }

    static let fields = ["id", "hosts", "links", "amount"]
}

extension MaxConcurrentMigrations {
    // The scheduler's side (what it must honour) and the plan checker's (what it verifies).

    func require(in timing: inout TimingRequirements, id: String) {
        timing.migrationCaps.append((id, hosts.map(Set.init), Set(links ?? []), amount))
    }

    func violations(in plan: PlanTiming, id: String) -> [Violation] { [] }
    static let checkedAtInstants = true

    func violations(at instant: PlanInstant, id: String) -> [Violation] {
        var found: [Violation] = []
        func report(_ crossing: [PlanAction], _ what: String) {
            found.append(Violation(constraint: id, kind: Self.kind, vms: crossing.compactMap(\.vm), measured: Double(crossing.count), limit: Double(amount),
                                   message: "at t = \(format(instant.t)) s: \(crossing.count) migrations at once\(what), at most \(amount) allowed"))
        }
        if let set = hosts.map(Set.init) {
            let inSet = instant.moving.filter { set.contains($0.from!) || set.contains($0.to!) }
            if inSet.count > amount { report(inSet, " on the host set") }
        } else if links == nil, instant.moving.count > amount {
            report(instant.moving, "")
        }
        for link in links ?? [] {
            let crossing = instant.moving.filter { instant.links($0).contains(link) }
            if crossing.count > amount { report(crossing, " across link \(link)") }
        }
        return found
    }
}

extension Constraint {
    /// The `MaxConcurrentMigrations` rule as a catalog constraint (`.maxConcurrentMigrations(MaxConcurrentMigrations(…))`).
    public static func maxConcurrentMigrations(_ rule: MaxConcurrentMigrations) -> Constraint { Constraint(rule) }
}
