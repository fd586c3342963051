import BerthMIP

/// Invariant: the running VMs of `vms` end on hosts with at least `minimum` distinct values of the
/// host attribute `attribute` (locations, racks, zones). Hosts without the attribute count for none.
public struct SpreadOver: PlacementRule {
    static let kind = "spreadOver"
    public var label: String?
    public var vms: [String]
    public var attribute: String
    public var minimum: Int

    public init(vms: [String], attribute: String, minimum: Int, label: String? = nil) {
        self.vms = vms
        self.attribute = attribute
        self.minimum = minimum
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var summary: String { "spreadOver: \(listed(vms)) over at least \(minimum) distinct \(attribute) values" }

    /// Distinct attribute values the running members end on, sorted.
    func values(in view: PlacementView) -> [String] {
        var values = Set<String>()
        for vm in vms where view.isRunning(vm) {
            if let host = view.finalHost(of: vm), let value = view.host(host)?.attributes[attribute] { values.insert(value) }
        }
        return values.sorted()
    }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let values = values(in: view)
        guard values.count < minimum else { return [] }
        return [Violation(
            constraint: id, kind: Self.kind, vms: vms.filter(view.isRunning), measured: Double(values.count), limit: Double(minimum),
            message: "the VMs cover \(values.count) distinct \(attribute) values (\(listed(values))), fewer than \(minimum)")]
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms)
        var byValue: [String: [Int]] = [:]
        for host in encoding.problem.hostIDs.indices {
            if let value = encoding.problem.instance.cluster.hosts[host].attributes[attribute] { byValue[value, default: []].append(host) }
        }
        var covered = LinearExpr()
        for (index, value) in byValue.keys.sorted().enumerated() {
            let used = encoding.newBinary("\(id)_u\(index)")
            var placed = LinearExpr()
            for host in byValue[value]! { for vm in members { placed += encoding.assignment(vm, host) } }
            encoding.add(used - placed <= 0, name: "\(id)_v\(index)")
            covered += used
        }
        encoding.add(covered >= Double(minimum), name: "\(id)_min")
    }
}

extension SpreadOver {
    enum CodingKeys: String, CodingKey { case label = "id", vms, attribute, minimum }
}
