import BerthMIP

/// Invariant: a host where a VM of `vms` ends hosts no VM outside `vms` (running or sleeping).
public struct Lonely: PlacementRule, ContinuityChoosing {
    static let kind = "lonely"
    public var label: String?
    /// Holds at every instant of the plan (`true`) or only at its end (`false`); `nil` is the kind's default.
    public var continuous: Bool?
    public var vms: [String]

    public init(vms: [String], continuous: Bool? = nil, label: String? = nil) {
        self.continuous = continuous
        self.vms = vms
        self.label = label
    }

    static let continuousByDefault = false
    var isContinuous: Bool { continuous ?? Self.continuousByDefault }
    var referencedVMs: [String] { vms }
    var summary: String { "lonely group of \(vms.count) VMs (\(listed(vms))) sharing hosts with nobody else" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let members = Set(vms)
        return view.hosts(occupiedBy: vms).compactMap { host in
            let residents = view.residents(of: host)
            let outsiders = residents.filter { !members.contains($0) }
            guard !outsiders.isEmpty else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: residents.filter(members.contains) + outsiders, hosts: [host],
                measured: Double(outsiders.count), limit: 0,
                message: "\(host) hosts lonely VMs together with \(listed(outsiders))")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        let memberIDs = Set(vms)
        let members = encoding.runningIndices(of: vms)
        guard !members.isEmpty else { return }
        for host in encoding.candidateHosts(of: members) {
            let memberVars = members.compactMap { encoding.assignmentVariable($0, host) }
            guard !memberVars.isEmpty else { continue }
            // Class counts stand for VMs no rule names, so never for members.
            let outsiders = encoding.columns(on: host).filter { !memberIDs.contains(encoding.vmID($0.vm)) }
            let pinnedOutsiders = encoding.sleepingVMs(on: host).filter { !memberIDs.contains($0) }.count
            guard !outsiders.isEmpty || pinnedOutsiders > 0 else { continue }
            // used[h] = 1 when a member lands on h; then no outsider may.
            let used = encoding.newBinary("\(id)_used_h\(host)")
            for x in memberVars { encoding.add(x - used <= 0, name: "\(id)_m\(x.index)") }
            let bigM = Double(outsiders.reduce(0) { $0 + $1.count } + pinnedOutsiders)
            var expr = LinearExpr.sum(outsiders.map(\.variable))
            expr.add(bigM, used)
            encoding.add(expr <= bigM - Double(pinnedOutsiders), name: "\(id)_out_h\(host)")
            // The host's capacity splits between the group and the others: members' load ≤ capacity × used,
            // outsiders' load ≤ capacity × (on − used). Redundant for integers, it lifts the LP bound by the
            // capacity the group holds apart (a whole host), which branch-and-bound alone rarely proves.
            encoding.add(used - encoding.online(host) <= 0, name: "\(id)_on_h\(host)")
            // Derived from capacity: without it (an explanation testing other rules), they would smuggle it in.
            guard encoding.enforcesCapacity else { continue }
            for r in encoding.problem.resources.indices {
                let capacity = encoding.capacity(host, r)
                guard capacity > 0 else { continue }
                var inside = LinearExpr()
                for m in members { if let x = encoding.assignmentVariable(m, host), encoding.demand(m, r) > 0 { inside.add(encoding.demand(m, r), x) } }
                var outside = LinearExpr()
                for column in outsiders where encoding.demand(column.vm, r) > 0 { outside.add(encoding.demand(column.vm, r), column.variable) }
                if !inside.terms.isEmpty {
                    inside.add(-capacity, used)
                    encoding.add(inside <= 0, name: "\(id)_in_h\(host)_r\(r)")
                }
                if !outside.terms.isEmpty {
                    outside.add(capacity, used)
                    outside.add(encoding.online(host), scaledBy: -capacity)
                    encoding.add(outside <= 0, name: "\(id)_cap_h\(host)_r\(r)")
                }
            }
        }
    }
}

extension Lonely {
    enum CodingKeys: String, CodingKey { case label = "id", vms, continuous }
}

extension Lonely {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
    }

    static let scriptNames = ["lonely"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...1, "(VMs)")
        return .lonely(Lonely(vms: try args.vms(0), label: label))
    }

    static let fields = ["id", "vms", "continuous"]
    static let nature = RuleNature.hard

    /// Members share hosts only with members; outsiders keep off hosts holding a member.
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        var flags = [Bool](repeating: false, count: problem.vmIDs.count)
        for id in vms { if let v = problem.vmIndex[id] { flags[v] = true } }
        let isMember = flags
        return AdmissionTest(asksEveryVM: true) { vm, host, state in
            let others = state.residents[host] + state.sleepingOn[host]
            if isMember[vm] { return others.allSatisfy { isMember[$0] } }
            return !others.contains { isMember[$0] }
        }
    }
}

extension Lonely {
    /// The hosts inside hold only VMs inside, so isolating the members inside from the other VMs
    /// inside isolates them from all.
    func projected(onto scope: SubproblemScope) -> Projection {
        var rule = self
        rule.vms = scope.members(vms)
        return .rules(rule.vms.isEmpty ? [] : [.lonely(rule)])
    }
}

extension Constraint {
    /// The `Lonely` rule as a catalog constraint (`.lonely(Lonely(…))`).
    public static func lonely(_ rule: Lonely) -> Constraint { Constraint(rule) }
}
