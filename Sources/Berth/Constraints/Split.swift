import BerthMIP

/// Invariant: running VMs of different groups never end on the same host.
public struct Split: PlacementRule, ContinuityChoosing {
    static let kind = "split"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var groups: [[String]]

    public init(groups: [[String]], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.groups = groups
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { groups.flatMap { $0 } }
    var summary: String { "split of \(groups.count) VM groups (\(groups.map { "{\(listed($0, limit: 3))}" }.joined(separator: ", "))) onto disjoint hosts" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        var groupOf: [String: Int] = [:]
        for (g, group) in groups.enumerated() { for vm in group where groupOf[vm] == nil { groupOf[vm] = g } }
        return view.hosts(occupiedBy: groups.flatMap { $0 }).compactMap { host in
            let members = view.runningResidents(of: host).filter { groupOf[$0] != nil }
            let present = Set(members.compactMap { groupOf[$0] })
            guard present.count > 1 else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: members, hosts: [host], measured: Double(present.count), limit: 1,
                message: "\(host) hosts VMs of \(present.count) split groups: \(listed(members))")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let members = groups.map { encoding.runningIndices(of: $0) }
        for host in encoding.candidateHosts(of: members.flatMap { $0 }) {
            let present = members.enumerated().compactMap { g, vms -> (Int, [Variable])? in
                let vars = vms.compactMap { encoding.assignmentVariable($0, host) }
                return vars.isEmpty ? nil : (g, vars)
            }
            guard present.count > 1 else { continue }
            var used = LinearExpr()
            for (g, vars) in present {
                let z = encoding.newBinary("\(id)_g\(g)_h\(host)")
                for x in vars { encoding.add(x - z <= 0, name: "\(id)_v\(x.index)") }
                used.add(1, z)
            }
            encoding.add(used <= 1, name: "\(id)_h\(host)")
        }
    }
}

extension Split {
    enum CodingKeys: String, CodingKey { case label = "id", groups, continuous }
}

extension Split {
    func validate(_ check: inout RuleValidation) {
        check.groups(groups, "groups", hosts: false, disjoint: true)
    }

    static let scriptNames = ["split"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "([VMs, VMs, …])")
        return .split(Split(groups: try args.vmGroups(0), label: label))
    }

    static let fields = ["id", "groups", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a member only on a host holding no VM of another group: O(residents).
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        var groupOf = [Int?](repeating: nil, count: problem.vmIDs.count)
        for (g, group) in groups.enumerated() { for v in problem.runningIndices(of: group) where groupOf[v] == nil { groupOf[v] = g } }
        let membership = groupOf
        return AdmissionTest(vms: membership.indices.filter { membership[$0] != nil }) { vm, host, state in
            guard let mine = membership[vm] else { return true }
            return state.residents[host].allSatisfy { other in membership[other].map { $0 == mine } ?? true }
        }
    }
}

extension Split {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `Split` rule as a catalog constraint (`.split(Split(…))`).
    public static func split(_ rule: Split) -> Constraint { Constraint(rule) }
}
