/// For each running VM, the hosts it may land on. Constraints prune these before any variable exists.
struct PlacementDomains: Sendable {
    let problem: PlacementProblem
    /// `allowed[v][h]` over all VMs (rows of non-running VMs stay empty).
    private(set) var allowed: [[Bool]]
    /// Capacity usable under the selected rules (`overbook` included), `[host][resource]`.
    let capacity: [[Double]]
    /// Demand under the selected rules (`preserve` included), `[vm][resource]`.
    let demand: [[Double]]

    init(problem: PlacementProblem, selection: RuleSelection) {
        self.problem = problem
        let selected = selection.constraints.map { problem.instance.constraints[$0] }
        capacity = problem.hosts.map { host in
            problem.resources.map { ResourceSemantics.capacity(host: host, resource: $0, constraints: selected) }
        }
        demand = problem.vms.map { vm in
            problem.resources.map { ResourceSemantics.demand(vm: vm, resource: $0, constraints: selected) }
        }
        let hostCount = problem.hostIDs.count
        allowed = problem.vmIDs.map { _ in [] }
        for v in problem.running { allowed[v] = [Bool](repeating: true, count: hostCount) }
        let builtins = selection.builtins
        for v in problem.running {
            for h in 0..<hostCount {
                if builtins.contains(.hostState), problem.hostStates[h] == .maintenance { allowed[v][h] = false }
                if builtins.contains(.capacity), !fitsEmpty(v, h) { allowed[v][h] = false }
                if builtins.contains(.compatibility), !problem.vms[v].requires.isSubset(of: problem.hosts[h].features) {
                    allowed[v][h] = false
                }
            }
        }
        for index in selection.constraints {
            problem.instance.constraints[index].rule.restrict(&self, id: problem.instance.constraintID(at: index))
        }
    }

    /// Whether a VM's demand fits an empty host on every resource.
    func fitsEmpty(_ vm: Int, _ host: Int) -> Bool {
        for r in problem.resources.indices where demand[vm][r] > capacity[host][r] + 1e-9 { return false }
        return true
    }

    func isAllowed(_ vm: Int, _ host: Int) -> Bool { !allowed[vm].isEmpty && allowed[vm][host] }

    func hosts(of vm: Int) -> [Int] { allowed[vm].indices.filter { allowed[vm][$0] } }

    /// Running VMs left with no host at all.
    var emptyDomains: [Int] { problem.running.filter { !allowed[$0].contains(true) } }

    func currentHost(of vm: String) -> String? {
        problem.vmIndex[vm].flatMap { problem.current[$0] }.map { problem.hostIDs[$0] }
    }

    mutating func forbid(vm: String, hosts: [String], by id: String) {
        guard let v = problem.vmIndex[vm], !allowed[v].isEmpty else { return }
        for host in hosts { if let h = problem.hostIndex[host] { allowed[v][h] = false } }
    }

    mutating func restrict(vm: String, to hosts: [String], by id: String) {
        guard let v = problem.vmIndex[vm], !allowed[v].isEmpty else { return }
        let keep = Set(hosts.compactMap { problem.hostIndex[$0] })
        for h in allowed[v].indices where !keep.contains(h) { allowed[v][h] = false }
    }

    mutating func forbidAll(hosts: [String], by id: String) {
        let banned = hosts.compactMap { problem.hostIndex[$0] }
        for v in problem.running { for h in banned { allowed[v][h] = false } }
    }

    /// Pins a VM to one host (repair mode: a well-placed VM keeps its place).
    mutating func pin(_ vm: Int, to host: Int) {
        guard !allowed[vm].isEmpty else { return }
        let keep = allowed[vm][host]
        for h in allowed[vm].indices { allowed[vm][h] = false }
        allowed[vm][host] = keep
    }
}
