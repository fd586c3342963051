import BerthMIP

/// Invariant: each VM group ends inside one host group, and distinct VM groups in distinct host groups.
public struct SplitAmong: PlacementRule, ContinuityChoosing {
    static let kind = "splitAmong"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vmGroups: [[String]]
    public var hostGroups: [[String]]

    public init(vmGroups: [[String]], hostGroups: [[String]], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vmGroups = vmGroups
        self.hostGroups = hostGroups
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vmGroups.flatMap { $0 } }
    var referencedHosts: [String] { hostGroups.flatMap { $0 } }
    var summary: String { "splitAmong of \(vmGroups.count) VM groups over \(hostGroups.count) host groups, one group each" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        // For each VM group, the host groups that contain all its hosts; then a distinct choice per group.
        var options: [[Int]] = []
        var used: [[String]] = []
        for group in vmGroups {
            let hosts = view.hosts(occupiedBy: group)
            used.append(hosts)
            options.append(hostGroups.indices.filter { k in hosts.allSatisfy(Set(hostGroups[k]).contains) })
        }
        var found: [Violation] = []
        for (g, choice) in options.enumerated() where choice.isEmpty {
            found.append(Violation(
                constraint: id, kind: Self.kind, vms: vmGroups[g], hosts: used[g],
                message: "VM group \(g + 1) ends on \(listed(used[g])), which no single host group contains"))
        }
        if found.isEmpty, !distinctChoice(options.indices.filter { !used[$0].isEmpty }.map { options[$0] }) {
            found.append(Violation(
                constraint: id, kind: Self.kind, vms: vmGroups.flatMap { $0 }, hosts: used.flatMap { $0 },
                message: "two VM groups end inside the same host group"))
        }
        return found
    }

    /// Whether every VM group can get its own host group (bipartite matching by augmenting paths).
    private func distinctChoice(_ options: [[Int]]) -> Bool {
        var owner = [Int?](repeating: nil, count: hostGroups.count)
        func augment(_ g: Int, _ seen: inout Set<Int>) -> Bool {
            for k in options[g] where seen.insert(k).inserted {
                if owner[k] == nil || augment(owner[k]!, &seen) {
                    owner[k] = g
                    return true
                }
            }
            return false
        }
        for g in options.indices {
            var seen = Set<Int>()
            if !augment(g, &seen) { return false }
        }
        return true
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        let union = hostGroups.flatMap { $0 }
        for vm in vmGroups.flatMap({ $0 }) { domains.restrict(vm: vm, to: union, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let hostSets = hostGroups.map { Set(encoding.hostIndices(of: $0)) }
        var byHostGroup = [LinearExpr](repeating: LinearExpr(), count: hostGroups.count)
        for (g, group) in vmGroups.enumerated() {
            let members = encoding.runningIndices(of: group)
            guard !members.isEmpty else { continue }
            let choose = hostGroups.indices.map { encoding.newBinary("\(id)_c\(g)_\($0)") }
            encoding.add(LinearExpr.sum(choose) == 1, name: "\(id)_one\(g)")
            for (k, c) in choose.enumerated() { byHostGroup[k].add(1, c) }
            for vm in members {
                for host in encoding.candidateHosts(of: [vm]) {
                    guard let x = encoding.assignmentVariable(vm, host) else { continue }
                    var expr = LinearExpr(x)
                    for (k, hosts) in hostSets.enumerated() where hosts.contains(host) { expr.add(-1, choose[k]) }
                    encoding.add(expr <= 0, name: "\(id)_v\(vm)_h\(host)")
                }
            }
        }
        for (k, expr) in byHostGroup.enumerated() where expr.terms.count > 1 {
            encoding.add(expr <= 1, name: "\(id)_k\(k)")
        }
    }
}

extension SplitAmong {
    enum CodingKeys: String, CodingKey { case label = "id", vmGroups, hostGroups, continuous }
}

extension SplitAmong {
    func validate(_ check: inout RuleValidation) {
        check.groups(vmGroups, "vmGroups", hosts: false, disjoint: true)
        check.groups(hostGroups, "hostGroups", hosts: true)
        if vmGroups.count > hostGroups.count {
            check.report("hostGroups", "\(vmGroups.count) VM groups need at least as many host groups, found \(hostGroups.count)")
        }
    }

    static let scriptNames = ["splitAmong"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(2...2, "([VMs, …], host groups)")
        return .splitAmong(SplitAmong(vmGroups: try args.vmGroups(0), hostGroups: try args.hostGroups(1), label: label))
    }

    static let fields = ["id", "vmGroups", "hostGroups", "continuous"]
    static let nature = RuleNature.hard

    /// Admits a VM when its group's hosts stay inside one host group that no other VM group uses.
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let members = vmGroups.map { problem.runningIndices(of: $0) }
        let hostSets = hostGroups.map { Set(problem.hostIndices(of: $0)) }
        var groupOf = [Int?](repeating: nil, count: problem.vmIDs.count)
        for (g, group) in members.enumerated() { for v in group where groupOf[v] == nil { groupOf[v] = g } }
        let membership = groupOf
        return AdmissionTest(vms: members.flatMap { $0 }) { vm, host, state in
            guard let mine = membership[vm] else { return true }
            func used(_ g: Int, adding: Int?) -> Set<Int> {
                var hosts = Set(members[g].filter { $0 != vm }.compactMap { state.host(of: $0) })
                if let adding { hosts.insert(adding) }
                return hosts
            }
            let mineUsed = used(mine, adding: host)
            let taken = Set(members.indices.filter { $0 != mine }.flatMap { g -> [Int] in
                let hosts = used(g, adding: nil)
                guard !hosts.isEmpty else { return [] }
                return hostSets.indices.filter { hosts.isSubset(of: hostSets[$0]) }
            })
            return hostSets.indices.contains { k in mineUsed.isSubset(of: hostSets[k]) && !taken.contains(k) }
        }
    }
}

extension SplitAmong {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `SplitAmong` rule as a catalog constraint (`.splitAmong(SplitAmong(…))`).
    public static func splitAmong(_ rule: SplitAmong) -> Constraint { Constraint(rule) }
}
