/// A partial placement under construction: where each VM is, and each host's load.
///
/// Mutations are O(resources) (place) and O(residents) (remove), so heuristics over
/// 5,000 hosts × 30,000 VMs stay cheap.
struct PackingState: Sendable {
    let problem: PlacementProblem
    /// Host of each VM (every index of the cluster), `-1` when not placed.
    private(set) var hostOf: [Int]
    /// Load per host and resource, running VMs only.
    private(set) var load: [[Double]]
    /// Running VMs placed on each host, in placement order.
    private(set) var residents: [[Int]]
    /// Sleeping VMs per host: they pin the host on and count for lonely.
    let sleepingOn: [[Int]]
    /// Hosts that end on whatever they hold (objective keeps them on, `online` constraints, sleeping VMs).
    let forcedOn: [Bool]
    /// Hosts that must end off (`offline` constraints).
    let forcedOff: [Bool]
    /// Some host must end both on (sleeping VMs, `online`) and off (maintenance, `offline`):
    /// no placement exists, so packers report failure.
    let hasHostStateConflict: Bool
    /// Undo log of the open trials (see `beginTrial`): each place/remove with the host's load before it.
    private var journal: [JournalEntry] = []
    private var openTrials = 0

    private struct JournalEntry: Sendable {
        let vm: Int
        let host: Int
        let removed: Bool
        /// Where `remove` took the VM out of `residents[host]`, if it was there.
        let residentIndex: Int?
        let loadBefore: [Double]
    }

    init(problem: PlacementProblem, keepOnlineHostsOn: Bool) {
        self.problem = problem
        hostOf = [Int](repeating: -1, count: problem.vmIDs.count)
        load = problem.hostIDs.map { _ in [Double](repeating: 0, count: problem.resources.count) }
        residents = [[Int]](repeating: [], count: problem.hostIDs.count)
        var sleepingOn = [[Int]](repeating: [], count: problem.hostIDs.count)
        for (v, vm) in problem.vms.enumerated() where vm.state == .sleeping {
            if let h = problem.current[v] { sleepingOn[h].append(v) }
        }
        self.sleepingOn = sleepingOn
        // Hosts under a maxOnline limit or a power budget stay on only when used, so their admission
        // tests decide. Hard: sleeping VMs and `online` constraints. Soft: hosts on now stay on (unless limited).
        var limited = [Bool](repeating: false, count: problem.hostIDs.count)
        var mustBeOn = problem.hostIDs.indices.map { !sleepingOn[$0].isEmpty }
        var forcedOff = [Bool](repeating: false, count: problem.hostIDs.count)
        for constraint in problem.instance.constraints {
            switch constraint.rule.hostStateDemand {
            case .onOnlyWhenUsed(let hosts?): for h in problem.hostIndices(of: hosts) { limited[h] = true }
            case .onOnlyWhenUsed(nil): for h in limited.indices { limited[h] = true }
            case .on(let hosts): for h in problem.hostIndices(of: hosts) { mustBeOn[h] = true }
            case .off(let hosts): for h in problem.hostIndices(of: hosts) { forcedOff[h] = true }
            case nil: break
            }
        }
        var forcedOn = problem.hostIDs.indices.map { h in
            mustBeOn[h] || (keepOnlineHostsOn && problem.hostStates[h] == .online && !limited[h])
        }
        var conflict = false
        for h in forcedOff.indices where forcedOff[h] || problem.hostStates[h] == .maintenance {
            if mustBeOn[h] { conflict = true }
            forcedOn[h] = false
        }
        self.forcedOn = forcedOn
        hasHostStateConflict = conflict
        self.forcedOff = forcedOff
    }

    func host(of vm: Int) -> Int? { hostOf[vm] >= 0 ? hostOf[vm] : nil }

    /// Whether the host ends on in the placement built so far.
    func isOn(_ h: Int) -> Bool { forcedOn[h] || !residents[h].isEmpty }

    /// Whether the host has room for `demand` on every resource.
    func fits(_ demand: [Double], on h: Int) -> Bool {
        let capacity = problem.capacity[h]
        for r in demand.indices where load[h][r] + demand[r] > capacity[r] + 1e-9 * abs(capacity[r]) { return false }
        return true
    }

    /// Whether a VM fits on a host's remaining capacity.
    func fits(_ vm: Int, on h: Int) -> Bool { fits(problem.demand[vm], on: h) }

    /// Whether a host is over capacity on some resource.
    func isOverloaded(_ h: Int) -> Bool {
        let capacity = problem.capacity[h]
        for r in capacity.indices where load[h][r] > capacity[r] + 1e-9 * abs(capacity[r]) { return true }
        return false
    }

    /// Remaining capacity of a host per resource (negative when overloaded).
    func residual(_ h: Int) -> [Double] { zip(problem.capacity[h], load[h]).map { $0 - $1 } }

    mutating func place(_ vm: Int, on h: Int) {
        precondition(hostOf[vm] < 0, "VM already placed")
        if openTrials > 0 { journal.append(JournalEntry(vm: vm, host: h, removed: false, residentIndex: nil, loadBefore: load[h])) }
        hostOf[vm] = h
        residents[h].append(vm)
        for r in load[h].indices { load[h][r] += problem.demand[vm][r] }
    }

    mutating func remove(_ vm: Int) {
        let h = hostOf[vm]
        guard h >= 0 else { return }
        hostOf[vm] = -1
        let i = residents[h].lastIndex(of: vm)
        if openTrials > 0 { journal.append(JournalEntry(vm: vm, host: h, removed: true, residentIndex: i, loadBefore: load[h])) }
        if let i { residents[h].remove(at: i) }
        for r in load[h].indices { load[h][r] -= problem.demand[vm][r] }
        if residents[h].isEmpty { for r in load[h].indices { load[h][r] = 0 } }  // no drift on empty hosts
    }

    /// Opens a trial: the changes made until `rollback(to:)` can be undone exactly (residents'
    /// order and loads bit for bit), in O(changes) instead of copying the whole state (O(hosts)),
    /// which made local searches over 10,000+ hosts quadratic. Trials nest; close each with
    /// `commit(_:)` or `rollback(to:)`.
    mutating func beginTrial() -> Int {
        openTrials += 1
        return journal.count
    }

    /// Keeps the trial's changes.
    mutating func commit(_ mark: Int) {
        openTrials -= 1
        if openTrials == 0 { journal.removeAll(keepingCapacity: true) }
    }

    /// Undoes every change since `beginTrial` returned `mark`.
    mutating func rollback(to mark: Int) {
        while journal.count > mark {
            let entry = journal.removeLast()
            if entry.removed {
                hostOf[entry.vm] = entry.host
                if let i = entry.residentIndex { residents[entry.host].insert(entry.vm, at: i) }
            } else {
                hostOf[entry.vm] = -1
                residents[entry.host].removeLast()
            }
            load[entry.host] = entry.loadBefore
        }
        openTrials -= 1
        if openTrials == 0 { journal.removeAll(keepingCapacity: true) }
    }

    /// Running VMs not placed yet, in cluster order.
    var unplaced: [Int] { problem.running.filter { hostOf[$0] < 0 } }

    /// The placement as the checker reads it.
    var placement: Placement {
        var vmHosts: [String: String] = [:]
        for v in problem.running where hostOf[v] >= 0 { vmHosts[problem.vmIDs[v]] = problem.hostIDs[hostOf[v]] }
        var online = Set<String>()
        for h in problem.hostIDs.indices where isOn(h) && !forcedOff[h] && problem.hostStates[h] != .maintenance {
            online.insert(problem.hostIDs[h])
        }
        // A resident on a closed host must still read as on, so the checker names the real fault.
        for h in problem.hostIDs.indices where !residents[h].isEmpty { online.insert(problem.hostIDs[h]) }
        online.subtract(problem.hostIDs.indices.filter { problem.hostStates[$0] == .maintenance }.map { problem.hostIDs[$0] })
        return Placement(vmHosts: vmHosts, onlineHosts: online)
    }
}
