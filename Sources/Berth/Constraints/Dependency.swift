import BerthMIP

/// Invariant: wherever a running VM of `vms` ends, some running VM of `on` ends on a host with the
/// same value of the host attribute `attribute` (a service depends on another within a neighbourhood).
/// Hosts without the attribute neither need nor provide anything.
public struct Dependency: PlacementRule {
    static let kind = "dependency"
    public var label: String?
    public var vms: [String]
    /// The VMs depended on.
    public var on: [String]
    public var attribute: String

    public init(vms: [String], on: [String], attribute: String, label: String? = nil) {
        self.vms = vms
        self.on = on
        self.attribute = attribute
        self.label = label
    }

    var referencedVMs: [String] { vms + on }
    var summary: String { "dependency: \(listed(vms)) need \(listed(on)) in the same \(attribute)" }

    private func values(of group: [String], in view: PlacementView) -> Set<String> {
        var values = Set<String>()
        for vm in group where view.isRunning(vm) {
            if let host = view.finalHost(of: vm), let value = view.host(host)?.attributes[attribute] { values.insert(value) }
        }
        return values
    }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let provided = values(of: on, in: view)
        return values(of: vms, in: view).subtracting(provided).sorted().map { value in
            let stranded = vms.filter { vm in
                view.isRunning(vm) && view.finalHost(of: vm).flatMap { view.host($0)?.attributes[attribute] } == value
            }
            return Violation(
                constraint: id, kind: Self.kind, vms: stranded,
                message: "\(listed(stranded)) run in \(attribute) \(value), where none of \(listed(on)) runs")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = encoding.runningIndices(of: vms), providers = encoding.runningIndices(of: on)
        var byValue: [String: [Int]] = [:]
        for host in encoding.problem.hostIDs.indices {
            if let value = encoding.problem.instance.cluster.hosts[host].attributes[attribute] { byValue[value, default: []].append(host) }
        }
        for (index, value) in byValue.keys.sorted().enumerated() {
            let hosts = byValue[value]!
            var provided = LinearExpr()
            for host in hosts { for vm in providers { provided += encoding.assignment(vm, host) } }
            for vm in members {
                var there = LinearExpr()
                for host in hosts { there += encoding.assignment(vm, host) }
                guard !there.terms.isEmpty else { continue }
                encoding.add(there - provided <= 0, name: "\(id)_v\(index)_\(vm)")
            }
        }
    }
}

extension Dependency {
    enum CodingKeys: String, CodingKey { case label = "id", vms, on, attribute }
}

extension Dependency {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.nonEmpty(vms, "vms")
        if attribute.isEmpty { check.report("attribute", "empty attribute name") }
    }

    static let scriptNames = ["dependency"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(3...3, "(VMs, VMs they depend on, attribute)")
        return .dependency(Dependency(vms: try args.vms(0), on: try args.vms(1),
                                      attribute: try args.name(2, "an attribute name"), label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "vms", "on", "attribute"]
    static let nature = RuleNature.hard

    /// Admits a member or a provider on a host only if every value where placed members run
    /// without a placed provider (this VM counted where it would run) can still get one of the
    /// providers not placed yet, a distinct one each. O(members + providers).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = problem.runningIndices(of: vms), providers = problem.runningIndices(of: on)
        let valueOf = problem.hostAttributeValues(attribute)
        return AdmissionTest(vms: Array(Set(members + providers)).sorted()) { vm, host, state in
            func value(of v: Int) -> Int? { v == vm ? valueOf[host] : state.host(of: v).flatMap { valueOf[$0] } }
            var needed = Set<Int>(), provided = Set<Int>()
            var spare = 0
            for m in members { if let value = value(of: m) { needed.insert(value) } }
            for p in providers {
                if p == vm || state.host(of: p) != nil {
                    if let value = value(of: p) { provided.insert(value) }
                } else {
                    spare += 1
                }
            }
            return needed.subtracting(provided).count <= spare
        }
    }
}

extension Dependency {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `Dependency` rule as a catalog constraint (`.dependency(Dependency(…))`).
    public static func dependency(_ rule: Dependency) -> Constraint { Constraint(rule) }
}
