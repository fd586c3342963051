/// A set of hosts named by the operator: explicit ids, or every host with an attribute value.
public enum HostSelection: Hashable, Sendable, CustomStringConvertible {
    case hosts([String])
    /// Hosts whose `attributes[key] == value` (`rack=r3`, `bladeCenter=bc1`).
    case attribute(key: String, value: String)

    /// The selected host ids, in cluster order; unknown ids or an empty selection are request errors.
    public func resolve(in cluster: Cluster, path: String = "hosts") throws(WorkflowError) -> [String] {
        switch self {
        case .hosts(let ids):
            let known = Set(cluster.hosts.map(\.id))
            let unknown = ids.filter { !known.contains($0) }
            guard unknown.isEmpty else {
                throw .invalidRequest(unknown.map { InputIssue(path: path, message: "unknown host '\($0)'") })
            }
            guard !ids.isEmpty else { throw .invalid(path, "no host selected") }
            let wanted = Set(ids)
            return cluster.hosts.map(\.id).filter(wanted.contains)
        case .attribute(let key, let value):
            let ids = cluster.hosts.filter { $0.attributes[key] == value }.map(\.id)
            guard !ids.isEmpty else { throw .invalid(path, "no host has \(key) '\(value)'") }
            return ids
        }
    }

    /// Parses `h1,h2` or `key=value`.
    public static func parse(_ text: String) -> HostSelection {
        if let equals = text.firstIndex(of: "="), !text.contains(",") {
            return .attribute(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
        }
        return .hosts(text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) })
    }

    public var description: String {
        switch self {
        case .hosts(let ids): ids.joined(separator: ",")
        case .attribute(let key, let value): "\(key)=\(value)"
        }
    }
}

extension Instance {
    /// A copy with the given hosts put in `state`.
    func settingHosts(_ ids: [String], to state: HostState) -> Instance {
        var copy = self
        let set = Set(ids)
        for i in copy.cluster.hosts.indices where set.contains(copy.cluster.hosts[i].id) { copy.cluster.hosts[i].state = state }
        return copy
    }

    /// Running VMs currently on the given hosts, in cluster order.
    func runningVMs(on ids: [String]) -> [String] {
        let set = Set(ids)
        return cluster.vms.filter { $0.state == .running && $0.host.map(set.contains) == true }.map(\.id)
    }
}
