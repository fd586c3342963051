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

extension SpreadOver {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.nonEmpty(vms, "vms")
        if attribute.isEmpty { check.report("attribute", "empty attribute name") }
        if minimum < 0 { check.report("minimum", "minimum must be ≥ 0, found \(minimum)") }
    }

    static let scriptNames = ["spreadOver"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(VMs, attribute, minimum)")
        return .spreadOver(SpreadOver(vms: try args.vms(0), attribute: try args.name(1, "an attribute name"),
                                      minimum: try args.integer(2), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "vms", "attribute", "minimum"]
    static let nature = RuleNature.hard

    /// Admits a member on a host only if the members can still cover `minimum` values: the
    /// distinct values of the placed members and this one, plus one for each member not placed
    /// yet, reach it. O(members).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.runningIndices(of: vms)
        let valueOf = problem.hostAttributeValues(attribute)
        let minimum = minimum
        return AdmissionTest(vms: members) { vm, host, state in
            var covered = Set<Int>()
            var unplaced = 0
            if let value = valueOf[host] { covered.insert(value) }
            for m in members where m != vm {
                if let h = state.host(of: m) {
                    if let value = valueOf[h] { covered.insert(value) }
                } else {
                    unplaced += 1
                }
            }
            return covered.count + unplaced >= minimum
        }
    }
}

extension SpreadOver {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `SpreadOver` rule as a catalog constraint (`.spreadOver(SpreadOver(…))`).
    public static func spreadOver(_ rule: SpreadOver) -> Constraint { Constraint(rule) }
}
