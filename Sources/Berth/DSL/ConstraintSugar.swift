// DSL spellings of the catalog: unlabeled selector arguments, as operators write them.

extension Ban {
    public init(_ vms: VMSet, _ hosts: HostSet) { self.init(vms: vms.ids, hosts: hosts.ids) }
}

extension Fence {
    public init(_ vms: VMSet, _ hosts: HostSet) { self.init(vms: vms.ids, hosts: hosts.ids) }
}

extension Spread {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension Gather {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension Among {
    public init(_ vms: VMSet, groups: [HostSet]) { self.init(vms: vms.ids, groups: groups.map(\.ids)) }
}

extension Lonely {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension Root {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension Online {
    public init(_ hosts: HostSet) { self.init(hosts: hosts.ids) }
}

extension Offline {
    public init(_ hosts: HostSet) { self.init(hosts: hosts.ids) }
}

extension MaxOnline {
    public init(_ hosts: HostSet, _ amount: Int) { self.init(hosts: hosts.ids, amount: amount) }
}

extension Split {
    public init(_ groups: [VMSet]) { self.init(groups: groups.map(\.ids)) }
}

extension SplitAmong {
    public init(_ vmGroups: [VMSet], _ hostGroups: [HostSet]) {
        self.init(vmGroups: vmGroups.map(\.ids), hostGroups: hostGroups.map(\.ids))
    }
}

extension Quarantine {
    public init(_ hosts: HostSet) { self.init(hosts: hosts.ids) }
}

extension Preserve {
    public init(_ vms: VMSet, _ resource: String, _ amount: Double) { self.init(vms: vms.ids, resource: resource, amount: amount) }
}

extension Overbook {
    public init(_ hosts: HostSet, _ resource: String, _ ratio: Double) { self.init(hosts: hosts.ids, resource: resource, ratio: ratio) }
}

extension ResourceCapacity {
    public init(_ hosts: HostSet, _ resource: String, _ amount: Double) { self.init(hosts: hosts.ids, resource: resource, amount: amount) }
}

extension RunningCapacity {
    public init(_ hosts: HostSet, _ amount: Int) { self.init(hosts: hosts.ids, amount: amount) }
}

extension SingleResourceCapacity {
    public init(_ hosts: HostSet, _ resource: String, _ amount: Double) { self.init(hosts: hosts.ids, resource: resource, amount: amount) }
}

extension Compatible {
    public init(_ vms: VMSet, features: [String]) { self.init(vms: vms.ids, features: features) }
}

extension Affinity {
    public init(_ vms: VMSet, weight: Double = 1) { self.init(vms: vms.ids, weight: weight) }
}

extension AntiAffinity {
    public init(_ vms: VMSet, weight: Double = 1) { self.init(vms: vms.ids, weight: weight) }
}

extension PowerBudget {
}

extension Precedence {
    /// The moves of `after` start once every move of `before` has ended.
    public init(_ before: VMSet, before after: VMSet) { self.init(before: before.ids, after: after.ids) }
}

extension Deadline {
    public init(_ vms: VMSet, seconds: Double) { self.init(vms: vms.ids, seconds: seconds) }
}

extension Sync {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension NoDelay {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension Seq {
    /// The VMs move one after another in argument order (within one selector, the selector's order).
    public init(_ vms: VMSet...) { self.init(vms: vms.flatMap(\.ids)) }
}

extension Serialize {
    public init(_ vms: VMSet) { self.init(vms: vms.ids) }
}

extension SerializeReboots {
    public init(_ hosts: HostSet) { self.init(hosts: hosts.ids) }
}

extension MaxConcurrentMigrations {
    /// At most `amount` migrations at once in the whole data center.
    public init(_ amount: Int) { self.init(amount: amount) }
    /// At most `amount` migrations at once with an end on `hosts`.
    public init(_ hosts: HostSet, _ amount: Int) { self.init(hosts: hosts.ids, amount: amount) }
    /// At most `amount` migrations at once across each of the network links `links`.
    public init(links: [String], _ amount: Int) { self.init(links: links, amount: amount) }
}

// Machine-reassignment rules (ROADEF/EURO 2012 concepts as general rules).

extension SoftCapacity {
    /// The same safety threshold on every host of `hosts`.
    public init(_ resource: String, on hosts: HostSet, threshold: Double, weight: Double = 1) {
        self.init(resource: resource, thresholds: Dictionary(uniqueKeysWithValues: uniqued(hosts.ids).map { ($0, threshold) }), weight: weight)
    }
}

extension BalanceTarget {
}

extension TransientResource {
    public init(_ resource: String, vms: VMSet? = nil) { self.init(resource: resource, vms: vms?.ids) }
}

extension SpreadOver {
    public init(_ vms: VMSet, attribute: String, minimum: Int) { self.init(vms: vms.ids, attribute: attribute, minimum: minimum) }
}

extension Dependency {
    public init(_ vms: VMSet, on other: VMSet, attribute: String) { self.init(vms: vms.ids, on: other.ids, attribute: attribute) }
}

extension MoveCost {
    /// The same move cost for every VM of `vms`.
    public init(_ vms: VMSet, cost: Double, weight: Double = 1) {
        self.init(costs: Dictionary(uniqueKeysWithValues: uniqued(vms.ids).map { ($0, cost) }), weight: weight)
    }
}

extension GroupMoveCost {
    public init(_ groups: [VMSet], weight: Double = 1) { self.init(groups: groups.map(\.ids), weight: weight) }
}

extension HostMoveCost {
}
