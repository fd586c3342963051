/// For each running VM, the hosts it may land on. Constraints prune these before any variable exists.
///
/// Sparse, so that 5,000 hosts × 30,000 VMs fit: the built-in filters (maintenance, capacity of an
/// empty host, required features) are evaluated on demand, and each VM carries at most an explicit
/// allow-list (fence, among, root, pin) and a deny-list (ban). Memory is O(VMs + constrained pairs).
struct PlacementDomains: Sendable {
    let problem: PlacementProblem
    /// The selected built-ins, as flags: `isAllowed` runs per VM and host, where hashing a set showed in profiles.
    private let checksCapacity: Bool
    private let checksCompatibility: Bool
    /// Running VMs (only they have a domain).
    private let isRunning: [Bool]
    /// Hosts no VM may use (maintenance, `offline` constraints).
    private var closedHosts: [Bool]
    /// Per VM: `nil` = every host, else the only hosts left.
    private var allowList: [Set<Int>?]
    /// Per VM: hosts removed one by one.
    private var denyList: [Set<Int>]

    /// Capacity usable under the selected rules (`overbook` included), `[host][resource]`.
    let capacity: [[Double]]
    /// Demand under the selected rules (`preserve` included), `[vm][resource]`.
    let demand: [[Double]]

    init(problem: PlacementProblem, selection: RuleSelection) {
        self.problem = problem
        (capacity, demand) = problem.resources(for: selection)
        checksCapacity = selection.builtins.contains(.capacity)
        checksCompatibility = selection.builtins.contains(.compatibility)
        var isRunning = [Bool](repeating: false, count: problem.vmIDs.count)
        for v in problem.running { isRunning[v] = true }
        self.isRunning = isRunning
        closedHosts = problem.hostStates.map { selection.builtins.contains(.hostState) && $0 == .maintenance }
        allowList = [Set<Int>?](repeating: nil, count: problem.vmIDs.count)
        denyList = [Set<Int>](repeating: [], count: problem.vmIDs.count)
        for index in selection.constraints {
            problem.instance.constraints[index].rule.restrict(&self, id: problem.instance.constraintID(at: index))
        }
    }

    /// The built-in filters alone (capacity of an empty host, features).
    private func passesBuiltins(_ vm: Int, _ host: Int) -> Bool {
        if checksCapacity, !fitsEmpty(vm, host) { return false }
        if checksCompatibility, !problem.vms[vm].requires.isEmpty,
            !problem.vms[vm].requires.isSubset(of: problem.hosts[host].features)
        {
            return false
        }
        return true
    }

    /// Whether a VM's demand fits an empty host on every resource, under the selected rules.
    func fitsEmpty(_ vm: Int, _ host: Int) -> Bool {
        for r in problem.resources.indices where demand[vm][r] > capacity[host][r] + 1e-9 { return false }
        return true
    }

    func isAllowed(_ vm: Int, _ host: Int) -> Bool {
        guard isRunning[vm], !closedHosts[host] else { return false }
        if let list = allowList[vm], !list.contains(host) { return false }
        if !denyList[vm].isEmpty, denyList[vm].contains(host) { return false }
        return passesBuiltins(vm, host)
    }

    /// Allowed hosts in index order: O(hosts) for an unrestricted VM, O(list) otherwise.
    func hosts(of vm: Int) -> [Int] {
        guard isRunning[vm] else { return [] }
        if let list = allowList[vm] { return list.sorted().filter { isAllowed(vm, $0) } }
        return problem.hostIDs.indices.filter { isAllowed(vm, $0) }
    }

    /// Whether a rule removed hosts one by one from a VM's domain (ban, …).
    func hasDenyList(_ vm: Int) -> Bool { !denyList[vm].isEmpty }

    /// Whether a rule lists the hosts a VM may run on (fence, root, among …): such VMs are placed first.
    func isRestricted(_ vm: Int) -> Bool { allowList[vm] != nil }

    /// The one host a VM may run on, when its rules leave it a single one (root, a one-host fence).
    func onlyHost(of vm: Int) -> Int? {
        guard isRunning[vm], let list = allowList[vm] else { return nil }
        let allowed = list.filter { isAllowed(vm, $0) }
        return allowed.count == 1 ? allowed.first : nil
    }

    func hasAnyHost(_ vm: Int) -> Bool {
        guard isRunning[vm] else { return false }
        if let list = allowList[vm] { return list.contains { isAllowed(vm, $0) } }
        return problem.hostIDs.indices.contains { isAllowed(vm, $0) }
    }

    /// Running VMs left with no host at all.
    var emptyDomains: [Int] { problem.running.filter { !hasAnyHost($0) } }

    func currentHost(of vm: String) -> String? {
        problem.vmIndex[vm].flatMap { problem.current[$0] }.map { problem.hostIDs[$0] }
    }

    mutating func forbid(vm: String, hosts: [String], by id: String) {
        guard let v = problem.vmIndex[vm], isRunning[v] else { return }
        for host in hosts { if let h = problem.hostIndex[host] { denyList[v].insert(h) } }
    }

    mutating func restrict(vm: String, to hosts: [String], by id: String) {
        guard let v = problem.vmIndex[vm], isRunning[v] else { return }
        restrict(v, to: Set(hosts.compactMap { problem.hostIndex[$0] }))
    }

    private mutating func restrict(_ v: Int, to keep: Set<Int>) {
        if let list = allowList[v] { allowList[v] = list.intersection(keep) } else { allowList[v] = keep }
    }

    mutating func forbidAll(hosts: [String], by id: String) {
        for host in hosts { if let h = problem.hostIndex[host] { closedHosts[h] = true } }
    }

    /// Pins a VM to one host (repair mode: a well-placed VM keeps its place).
    mutating func pin(_ vm: Int, to host: Int) {
        guard isRunning[vm] else { return }
        restrict(vm, to: [host])
    }
}
