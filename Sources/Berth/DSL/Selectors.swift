import Synchronization

/// VM ids chosen by a selector, in cluster order.
public struct VMSet: Hashable, Sendable, ExpressibleByArrayLiteral {
    public var ids: [String]
    public init(_ ids: [String]) { self.ids = ids }
    public init(arrayLiteral elements: String...) { ids = elements }

    /// Both sets, without repeats, in first-seen order.
    public static func + (a: VMSet, b: VMSet) -> VMSet { VMSet(uniqued(a.ids + b.ids)) }
}

/// Host ids chosen by a selector, in cluster order.
public struct HostSet: Hashable, Sendable, ExpressibleByArrayLiteral {
    public var ids: [String]
    public init(_ ids: [String]) { self.ids = ids }
    public init(arrayLiteral elements: String...) { ids = elements }

    public static func + (a: HostSet, b: HostSet) -> HostSet { HostSet(uniqued(a.ids + b.ids)) }
    public static func - (a: HostSet, b: HostSet) -> HostSet { HostSet(a.ids.filter { !Set(b.ids).contains($0) }) }
}

/// The cluster that `vms(…)` and `hosts(…)` read inside an `Instance(cluster) { … }` block, and
/// where ``Instance/adding(_:)`` collects the selectors that name nothing.
enum SelectionContext {
    @TaskLocal static var cluster: Cluster?
    @TaskLocal static var issues: SelectionIssues?

    /// Records a selector that names an unknown id or matches nothing (inside `adding { }` only).
    static func note(_ selector: String, _ message: String) {
        issues?.append(InputIssue(path: selector, message: message))
    }

    /// Notes each of `ids` that is not among `all`, with the closest id suggested.
    static func noteUnknown(_ ids: [String], among all: [String], kind: String, selector: String) {
        let present = Set(all)
        for id in ids where !present.contains(id) { note(selector, "unknown \(kind) '\(id)'" + suggestion(for: id, among: all)) }
    }

    static func current(_ selector: String) -> Cluster {
        guard let cluster else {
            fatalError("\(selector) selects from the cluster of an enclosing Instance(cluster) { … } block; "
                + "outside one, use VMSelector(cluster) / HostSelector(cluster)")
        }
        return cluster
    }
}

/// Chooses VMs: `vms("web-1", "web-2")`, `vms(tagged: "db")`, `vms(prefix: "web-", 1...3)`, `vms.all`.
///
/// Like BtrPlace's `VM[1..20]`. The global `vms` reads the cluster of the enclosing `Instance { }` block.
public struct VMSelector: Sendable {
    private let fixed: Cluster?

    /// A selector over a given cluster, for use outside `Instance { }` blocks.
    public init(_ cluster: Cluster) { fixed = cluster }
    init() { fixed = nil }

    private var cluster: Cluster { fixed ?? SelectionContext.current("vms") }

    public func callAsFunction(_ ids: String...) -> VMSet { self(ids) }
    public func callAsFunction(_ ids: [String]) -> VMSet { known(ids, selector: "vms(\(quoted(ids)))") }

    /// VMs carrying a tag.
    public func callAsFunction(tagged tag: String) -> VMSet {
        let set = self(where: { $0.tags.contains(tag) })
        if set.ids.isEmpty, SelectionContext.issues != nil {
            let tags = Set(cluster.vms.flatMap(\.tags)).sorted()
            SelectionContext.note("vms(tagged: \"\(tag)\")", "no VM is tagged '\(tag)'" + suggestion(for: tag, among: tags))
        }
        return set
    }

    /// The ids as given, noting the unknown ones.
    private func known(_ ids: [String], selector: String) -> VMSet {
        if SelectionContext.issues != nil { SelectionContext.noteUnknown(ids, among: cluster.vms.map(\.id), kind: "VM", selector: selector) }
        return VMSet(ids)
    }

    /// VMs of a group: the VMs tagged with the group's name.
    public func callAsFunction(group: String) -> VMSet { self(tagged: group) }

    /// `prefix` + n for n in `range`, zero-padded to `width` digits: `vms(prefix: "vm-", 1...60, width: 2)`.
    public func callAsFunction(prefix: String, _ range: ClosedRange<Int>, width: Int = 0, suffix: String = "") -> VMSet {
        known(range.map { prefix + padded($0, width) + suffix }, selector: "vms(prefix: \"\(prefix)\", \(range))")
    }

    public func callAsFunction(where predicate: (VM) -> Bool) -> VMSet { VMSet(cluster.vms.filter(predicate).map(\.id)) }

    /// VMs running now on any of `hosts`.
    public func on(_ hosts: HostSet) -> VMSet {
        let set = Set(hosts.ids)
        return self(where: { vm in vm.host.map(set.contains) ?? false })
    }

    public var all: VMSet { VMSet(cluster.vms.map(\.id)) }
    public var running: VMSet { self(where: { $0.state == .running }) }
}

/// Chooses hosts: `hosts("h1")`, `hosts(rack: "r7")`, `hosts(bladeCenter: "bc1")`, `hosts(prefix: "bc1-", 1...15, width: 2)`,
/// `hosts.all`, `hosts.byRack` (one set per rack) — like BtrPlace's `@N[1..4]`.
public struct HostSelector: Sendable {
    private let fixed: Cluster?

    public init(_ cluster: Cluster) { fixed = cluster }
    init() { fixed = nil }

    private var cluster: Cluster { fixed ?? SelectionContext.current("hosts") }

    public func callAsFunction(_ ids: String...) -> HostSet { self(ids) }
    public func callAsFunction(_ ids: [String]) -> HostSet { known(ids, selector: "hosts(\(quoted(ids)))") }
    public func callAsFunction(rack: String) -> HostSet { self(attribute: "rack", rack) }
    public func callAsFunction(bladeCenter: String) -> HostSet { self(attribute: "bladeCenter", bladeCenter) }

    /// Hosts whose attribute `key` equals `value`.
    public func callAsFunction(attribute key: String, _ value: String) -> HostSet {
        let set = self(where: { $0.attributes[key] == value })
        if set.ids.isEmpty, SelectionContext.issues != nil {
            let values = Set(cluster.hosts.compactMap { $0.attributes[key] }).sorted()
            let keys = Set(cluster.hosts.flatMap(\.attributes.keys)).sorted()
            SelectionContext.note("hosts(\(key): \"\(value)\")", values.isEmpty
                ? "no host has the attribute '\(key)'" + suggestion(for: key, among: keys)
                : "no host has \(key)=\(value)" + suggestion(for: value, among: values))
        }
        return set
    }

    /// Hosts offering a feature (CPU flag, accelerator, storage).
    public func callAsFunction(feature: String) -> HostSet {
        let set = self(where: { $0.features.contains(feature) })
        if set.ids.isEmpty, SelectionContext.issues != nil {
            let features = Set(cluster.hosts.flatMap(\.features)).sorted()
            SelectionContext.note("hosts(feature: \"\(feature)\")", "no host offers '\(feature)'" + suggestion(for: feature, among: features))
        }
        return set
    }
    public func callAsFunction(state: HostState) -> HostSet { self(where: { $0.state == state }) }

    public func callAsFunction(prefix: String, _ range: ClosedRange<Int>, width: Int = 0, suffix: String = "") -> HostSet {
        known(range.map { prefix + padded($0, width) + suffix }, selector: "hosts(prefix: \"\(prefix)\", \(range))")
    }

    /// The ids as given, noting the unknown ones.
    private func known(_ ids: [String], selector: String) -> HostSet {
        if SelectionContext.issues != nil { SelectionContext.noteUnknown(ids, among: cluster.hosts.map(\.id), kind: "host", selector: selector) }
        return HostSet(ids)
    }

    public func callAsFunction(where predicate: (Server) -> Bool) -> HostSet { HostSet(cluster.hosts.filter(predicate).map(\.id)) }

    public var all: HostSet { HostSet(cluster.hosts.map(\.id)) }

    /// One set per value of the attribute, ordered by value; hosts without it are left out.
    public func by(_ attribute: String) -> [HostSet] {
        var groups: [String: [String]] = [:]
        for host in cluster.hosts { if let value = host.attributes[attribute] { groups[value, default: []].append(host.id) } }
        return groups.keys.sorted().map { HostSet(groups[$0]!) }
    }

    public var byRack: [HostSet] { by("rack") }
    public var byBladeCenter: [HostSet] { by("bladeCenter") }
}

/// Selector issues found while an `adding { }` block runs.
final class SelectionIssues: Sendable {
    private let found = Mutex<[InputIssue]>([])
    func append(_ issue: InputIssue) { found.withLock { $0.append(issue) } }
    var all: [InputIssue] { found.withLock { $0 } }
}

/// `"a", "b"` as a selector call shows them (the first few).
private func quoted(_ ids: [String]) -> String {
    ids.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ") + (ids.count > 4 ? ", …" : "")
}

func padded(_ n: Int, _ width: Int) -> String {
    let digits = String(n)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Selects VMs of the enclosing `Instance(cluster) { … }` block.
public let vms = VMSelector()
/// Selects hosts of the enclosing `Instance(cluster) { … }` block.
public let hosts = HostSelector()
