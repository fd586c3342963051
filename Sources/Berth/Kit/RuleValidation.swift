/// What a rule's `validate` checks its own fields with: the model's VM and host ids and its
/// resources, the rule's path in the document (`constraints[3]`) and its kind. Problems are
/// collected as (path, message); `InstanceValidation` turns them into input issues.
struct RuleValidation {
    let path: String
    let kind: String
    let cluster: Cluster
    let vmIDs: [String: Int]
    let hostIDs: [String: Int]
    /// The network's link ids (none without a network).
    let linkIDs: [String]
    var resources: [String] { cluster.resources }
    let largestAmount: Double
    private(set) var problems: [(path: String, message: String)] = []

    /// A problem with `field` of the rule (`vms`, `amount`, `costs.vm3`…).
    mutating func report(_ field: String, _ message: String) { problems.append(("\(path).\(field)", message)) }

    /// A problem with the rule as a whole.
    mutating func reportRule(_ message: String) { problems.append((path, message)) }

    /// Each id of `ids`, reported as `field[j]`, is a link of the network.
    mutating func links(_ ids: [String], _ field: String) {
        for (j, id) in ids.enumerated() where !linkIDs.contains(id) {
            report("\(field)[\(j)]", "unknown link '\(id)'" + suggestion(for: id, among: linkIDs))
        }
    }

    /// Every VM and host the rule names, under `vms` and `hosts`: the common case.
    mutating func names(vms: [String], hosts: [String]) {
        self.vms(vms, "vms")
        self.hosts(hosts, "hosts")
    }

    /// Each id of `ids`, reported as `field[j]`, is a VM of the model.
    mutating func vms(_ ids: [String], _ field: String) {
        for (j, id) in ids.enumerated() where vmIDs[id] == nil {
            report("\(field)[\(j)]", Self.unknownVM(id, in: cluster))
        }
    }

    /// Each id of `ids`, reported as `field[j]`, is a host of the model.
    mutating func hosts(_ ids: [String], _ field: String) {
        for (j, id) in ids.enumerated() where hostIDs[id] == nil {
            report("\(field)[\(j)]", Self.unknownHost(id, in: cluster))
        }
    }

    /// At least one group, none empty, every member known; `disjoint`: no member in two groups
    /// (a VM in two groups that must be apart would have to be apart from itself).
    mutating func groups(_ groups: [[String]], _ field: String, hosts: Bool, disjoint: Bool = false) {
        if groups.isEmpty { report(field, "\(kind) needs at least one group") }
        var firstGroup: [String: Int] = [:]
        for (g, group) in groups.enumerated() {
            if group.isEmpty { report("\(field)[\(g)]", "empty group") }
            if hosts { self.hosts(group, "\(field)[\(g)]") } else { vms(group, "\(field)[\(g)]") }
            for id in Set(group).sorted() where disjoint {
                if let first = firstGroup[id] { report("\(field)[\(g)]", "'\(id)' is also in group \(first): the groups must not share members") }
                else { firstGroup[id] = g }
            }
        }
    }

    /// `name`, reported under `field`, is a resource of the model.
    mutating func resource(_ name: String, _ field: String = "resource") {
        if !resources.contains(name) { report(field, "unknown resource '\(name)'" + suggestion(for: name, among: resources)) }
    }

    /// A finite amount in [0, largestAmount] (> 0 when `positive`).
    mutating func amount(_ value: Double, _ field: String = "amount", positive: Bool = false) {
        if !value.isFinite || value < 0 || (positive && value == 0) || value > largestAmount {
            report(field, "\(field) must be a finite number \(positive ? ">" : "≥") 0, found \(format(value))")
        }
    }

    /// Each value of a map keyed by ids (`costs.vm3`) is a finite number ≥ 0.
    mutating func nonNegative(_ values: [String: Double], _ field: String, what: String) {
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !value.isFinite || value < 0 {
            report("\(field).\(key)", "\(what) must be a finite number ≥ 0, found \(format(value))")
        }
    }

    /// "unknown host 'x' (did you mean …)": every validator's words for a host id the model lacks.
    static func unknownHost(_ id: String, in cluster: Cluster) -> String {
        "unknown host '\(id)'" + suggestion(for: id, among: cluster.hosts.map(\.id))
    }

    /// "unknown VM 'x' (did you mean …)".
    static func unknownVM(_ id: String, in cluster: Cluster) -> String {
        "unknown VM '\(id)'" + suggestion(for: id, among: cluster.vms.map(\.id))
    }

    /// At least one VM (or host) under `field`.
    mutating func nonEmpty(_ ids: [String], _ field: String) {
        if ids.isEmpty { report(field, "\(kind) needs at least one \(field == "vms" ? "VM" : "host")") }
    }
}
