import BerthMIP

/// Invariant: `resource` is transient (a disk being copied, memory during a live migration): a VM
/// that moves holds its demand of it on both its current host and its new one.
///
/// Per host: load + demand of the VMs (of `vms`, every VM when `nil`) that leave it ≤ usable capacity.
public struct TransientResource: PlacementRule {
    static let kind = "transient"
    public var label: String?
    public var resource: String
    /// VMs the rule applies to; `nil` means every VM.
    public var vms: [String]?

    public init(resource: String, vms: [String]? = nil, label: String? = nil) {
        self.resource = resource
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms ?? [] }
    var summary: String { "transient \(resource): a moving VM holds it on its old and its new host" }

    /// Demand of `resource` still held on each host by VMs that leave it, by host id.
    func held(in view: PlacementView) -> [String: Double] {
        var held: [String: Double] = [:]
        let members = vms ?? view.cluster.vms.map(\.id)
        for id in members {
            guard view.isRunning(id), let vm = view.vm(id), let from = vm.host, let to = view.finalHost(of: id), from != to else { continue }
            held[from, default: 0] += view.semantics.demand(vm: vm, resource: resource)
        }
        return held
    }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let held = held(in: view)
        return held.keys.sorted().compactMap { hostID in
            guard let host = view.host(hostID) else { return nil }
            let total = view.load(on: hostID, resource) + held[hostID]!
            let limit = view.semantics.capacity(host: host, resource: resource)
            guard CapacityTolerance.exceeds(total, limit) else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: view.runningResidents(of: hostID), hosts: [hostID], resource: resource,
                measured: total, limit: limit,
                message: "\(hostID) is over \(resource) capacity once leaving VMs still hold it: \(format(total)) > \(format(limit))")
        }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {
        guard let r = encoding.resourceIndex(resource) else { return }
        let problem = encoding.problem
        let members = Set(vms.map { encoding.runningIndices(of: $0) } ?? problem.running)
        var leaving = problem.hostIDs.map { _ in [Int]() }
        for v in members.sorted() {
            if let from = problem.vms[v].host, let h = problem.hostIndex[from] { leaving[h].append(v) }
        }
        for host in problem.hostIDs.indices where !leaving[host].isEmpty {
            // A member now on `host` holds its demand there whether it stays or leaves.
            var load = LinearExpr()
            var fixed = 0.0
            let current = Set(leaving[host])
            for vm in encoding.candidateVMs(of: host) where !current.contains(vm) {
                load += encoding.demand(vm, r) * encoding.assignment(vm, host)
            }
            for vm in leaving[host] { fixed += encoding.demand(vm, r) }
            encoding.add(load <= encoding.capacity(host, r) - fixed, name: "\(id)_h\(host)")
        }
    }
}

extension TransientResource {
    enum CodingKeys: String, CodingKey { case label = "id", resource, vms }
}

extension TransientResource {
    func validate(_ check: inout RuleValidation) {
        check.names(vms: referencedVMs, hosts: referencedHosts)
        check.resource(resource)
    }

    static let scriptNames = ["transient"]

    /// The rule from its `.berth` line (docs/dsl.md).
    static func fromScript(_ args: some ScriptArguments, label: String?) throws -> Constraint {
        try args.arity(1...2, "(resource) or (resource, VMs)")
        return .transient(TransientResource(resource: try args.resource(0), vms: args.count > 1 ? try args.vms(1) : nil, label: label))
    }

    /// Its semantics are fixed: only the one it has.
    func withContinuity(_ continuous: Bool) -> Constraint? { isContinuous == continuous ? constraint : nil }

    static let fields = ["id", "resource", "vms"]
    static let nature = RuleNature.hard
    static let encodingReachesUnnamedVMs = true

    /// Admits a VM on a host where members of the rule run now only if the host's load, with every
    /// such member's demand held there whether it stays or leaves, still fits: O(residents).
    /// Elsewhere nothing is held, and the packers' capacity check is the rule.
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        guard let r = problem.resources.firstIndex(of: resource) else { return nil }
        let members = vms.map { problem.runningIndices(of: $0) } ?? problem.running
        var isMember = [Bool](repeating: false, count: problem.vmIDs.count)
        var held = [Double](repeating: 0, count: problem.hostIDs.count)
        for v in members {
            isMember[v] = true
            if let h = problem.current[v] { held[h] += problem.demand[v][r] }
        }
        let limit = problem.hostIDs.indices.map { h in problem.capacity[h][r] + 1e-9 * max(1, problem.capacity[h][r]) }
        // A host whose own members hold more than it has, wherever they go: nothing is admitted.
        if held.indices.contains(where: { held[$0] > limit[$0] }) { return AdmissionTest(asksEveryVM: true) { _, _, _ in false } }
        let hosts = held.indices.filter { held[$0] > 0 }
        return AdmissionTest(hosts: hosts) { [held, isMember] vm, host, state in
            // A member placed back on its current host is already counted in `held`.
            func counted(_ v: Int) -> Bool { isMember[v] && problem.current[v] == host }
            var total = held[host] + (counted(vm) ? 0 : problem.demand[vm][r])
            for v in state.residents[host] where v != vm && !counted(v) { total += problem.demand[v][r] }
            return total <= limit[host]
        }
    }
}

extension TransientResource {
    /// It counts or ties over everything it names: whole inside the scope, or not local.
    func projected(onto scope: SubproblemScope) -> Projection { projectedWhole(onto: scope) }
}

extension Constraint {
    /// The `TransientResource` rule as a catalog constraint (`.transient(TransientResource(…))`).
    public static func transient(_ rule: TransientResource) -> Constraint { Constraint(rule) }
}
