/// What every packer needs for one instance, compiled once: domains, the constraints' admission
/// tests indexed by VM and host, gather units and the order in which to switch hosts on.
struct PackingContext: Sendable {
    let problem: PlacementProblem
    let domains: PlacementDomains
    let objective: Objective
    let tests: [AdmissionTest]
    private let testsOfVM: [[Int]]
    private let testsOfHost: [[Int]]
    private let everyVMTests: [Int]
    /// Running VMs grouped into units placed together (gather), each unit in cluster order.
    let units: [[Int]]
    /// Unit index of each VM (`-1` for non-running VMs).
    let unitOf: [Int]
    /// Normalised demand (share of the largest capacity per resource), `[vm][resource]`.
    let size: [[Double]]
    /// Scarcity of each resource: total running demand ÷ total usable capacity.
    let scarcity: [Double]
    /// Largest capacity per resource: the unit of `size`.
    let reference: [Double]
    /// Hosts in the order packers switch them on: largest normalised capacity first, then index.
    let openingOrder: [Int]

    /// Cost of switching each host on (`minHosts` then minimises the total cost instead of the count).
    let hostCost: [Double]?

    init(problem: PlacementProblem, objective: Objective, hostCost: [Double]? = nil) {
        self.problem = problem
        self.objective = objective
        self.hostCost = hostCost
        let selection = RuleSelection.all(problem.instance)
        domains = PlacementDomains(problem: problem, selection: selection)
        var tests: [AdmissionTest] = []
        for constraint in problem.instance.constraints {
            if let test = constraint.rule.admission(in: problem) { tests.append(test) }
        }
        self.tests = tests
        var testsOfVM = [[Int]](repeating: [], count: problem.vmIDs.count)
        var testsOfHost = [[Int]](repeating: [], count: problem.hostIDs.count)
        var everyVMTests: [Int] = []
        for (t, test) in tests.enumerated() {
            if test.asksEveryVM { everyVMTests.append(t) }
            for v in Set(test.vms).sorted() { testsOfVM[v].append(t) }
            for h in Set(test.hosts).sorted() { testsOfHost[h].append(t) }
        }
        self.testsOfVM = testsOfVM
        self.testsOfHost = testsOfHost
        self.everyVMTests = everyVMTests

        // Gather units: union-find over the tests' units.
        var parent = Array(problem.vmIDs.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for test in tests { if let unit = test.unit, let first = unit.first { for v in unit { parent[find(v)] = find(first) } } }
        var unitByRoot: [Int: Int] = [:]
        var units: [[Int]] = []
        var unitOf = [Int](repeating: -1, count: problem.vmIDs.count)
        for v in problem.running {
            let root = find(v)
            if let u = unitByRoot[root] { units[u].append(v); unitOf[v] = u } else {
                unitByRoot[root] = units.count
                unitOf[v] = units.count
                units.append([v])
            }
        }
        self.units = units
        self.unitOf = unitOf

        let resources = problem.resources.indices
        let reference = resources.map { r in max(problem.capacity.map { $0[r] }.max() ?? 0, 1e-12) }
        self.reference = reference
        size = problem.demand.map { row in resources.map { row[$0] / reference[$0] } }
        let usable = problem.hostIDs.indices.filter { problem.hostStates[$0] != .maintenance }
        scarcity = resources.map { r in
            let demand = problem.running.reduce(0.0) { $0 + problem.demand[$1][r] }
            let capacity = usable.reduce(0.0) { $0 + problem.capacity[$1][r] }
            return capacity > 0 ? demand / capacity : 1
        }
        let capacityScore = problem.hostIDs.indices.map { h in resources.reduce(0.0) { $0 + problem.capacity[h][$1] / reference[$1] } }
        if let hostCost {
            // Cheapest capacity first: cost per unit of normalised capacity.
            let price = problem.hostIDs.indices.map { hostCost[$0] / max(capacityScore[$0], 1e-12) }
            openingOrder = problem.hostIDs.indices.sorted { (price[$0], $0) < (price[$1], $1) }
        } else {
            openingOrder = problem.hostIDs.indices.sorted { (-capacityScore[$0], $0) < (-capacityScore[$1], $1) }
        }
    }

    /// Domains of the placement formulation: every constraint's pruning, pinned VMs on their host.
    static func pinnedDomains(_ problem: PlacementProblem, pinned: Set<Int>) -> PlacementDomains {
        var domains = PlacementDomains(problem: problem, selection: .all(problem.instance))
        for v in pinned.sorted() { if let h = problem.current[v] { domains.pin(v, to: h) } }
        return domains
    }

    /// The placement's score under the objective (host costs included when given).
    func score(_ placement: Placement) -> PlacementScore {
        PlacementScore(placement, problem: problem, objective: objective, hostCost: hostCost)
    }

    /// Whether the objective wants hosts that are on now to stay on when empty.
    var keepsOnlineHostsOn: Bool { objective != .minHosts }

    func emptyState() -> PackingState { PackingState(problem: problem, keepOnlineHostsOn: keepsOnlineHostsOn) }

    /// Domain, remaining capacity and every relevant admission test: O(resources + tests of vm and host).
    func admits(_ vm: Int, _ host: Int, _ state: PackingState) -> Bool {
        guard !state.forcedOff[host], domains.isAllowed(vm, host), state.fits(vm, on: host) else { return false }
        for t in testsOfVM[vm] where !tests[t].admits(vm, host, state) { return false }
        for t in testsOfHost[host] where !tests[t].admits(vm, host, state) { return false }
        for t in everyVMTests where !tests[t].admits(vm, host, state) { return false }
        return true
    }

    /// Whether hosts forced on already break a `maxOnline` limit (no packing can then succeed).
    func exceedsMaxOnline(_ state: PackingState) -> Bool {
        for constraint in problem.instance.constraints {
            guard case let rule as MaxOnline = constraint.rule else { continue }
            if problem.hostIndices(of: rule.hosts).filter(state.isOn).count > rule.amount { return true }
        }
        return false
    }

    /// Places a whole unit on `host` when every member is admitted in turn; leaves `state` unchanged otherwise.
    func tryPlace(_ unit: [Int], on host: Int, _ state: inout PackingState) -> Bool {
        var placed: [Int] = []
        for v in unit {
            guard admits(v, host, state) else {
                for p in placed.reversed() { state.remove(p) }
                return false
            }
            state.place(v, on: host)
            placed.append(v)
        }
        return true
    }

    /// Whether `tryPlace` would succeed, without changing `state`: O(d + t) for a single VM.
    func admits(unit: [Int], _ host: Int, _ state: PackingState) -> Bool {
        if unit.count == 1 { return admits(unit[0], host, state) }
        guard state.fits(demand(of: unit), on: host) else { return false }
        var scratch = state
        return tryPlace(unit, on: host, &scratch)
    }

    /// The admitting host, among those `candidate` accepts, that the unit leaves with the least
    /// normalised slack (first in opening order on ties): best fit.
    func tightestHost(for unit: [Int], _ state: PackingState, where candidate: (Int) -> Bool) -> Int? {
        let size = size(of: unit)
        var best: (host: Int, slack: Double)?
        for h in openingOrder where candidate(h) && admits(unit: unit, h, state) {
            let slack = normalisedSlack(h, state, after: size)
            if best == nil || slack < best!.slack - 1e-12 { best = (h, slack) }
        }
        return best?.host
    }

    /// The host where every VM of the unit runs now, or nil (new VMs, or members on different hosts).
    func home(of unit: [Int]) -> Int? {
        guard let home = problem.current[unit[0]], unit.allSatisfy({ problem.current[$0] == home }) else { return nil }
        return home
    }

    /// Demand of a unit, summed per resource.
    func demand(of unit: [Int]) -> [Double] {
        var total = [Double](repeating: 0, count: problem.resources.count)
        for v in unit { for r in total.indices { total[r] += problem.demand[v][r] } }
        return total
    }

    /// Normalised size of a unit, summed per resource.
    func size(of unit: [Int]) -> [Double] {
        var total = [Double](repeating: 0, count: problem.resources.count)
        for v in unit { for r in total.indices { total[r] += size[v][r] } }
        return total
    }

    /// Remaining capacity of a host, normalised like `size`.
    /// Σ over resources of the normalised residual left on `h` once `demand` (normalised) is placed,
    /// without allocating: host choice calls it for every VM and host.
    func normalisedSlack(_ h: Int, _ state: PackingState, after demand: [Double]) -> Double {
        let capacity = problem.capacity[h], load = state.load[h]
        var total = 0.0
        for r in demand.indices { total += (capacity[r] - load[r]) / reference[r] - demand[r] }
        return total
    }

    func normalisedResidual(_ h: Int, _ state: PackingState) -> [Double] {
        let residual = state.residual(h)
        return problem.resources.indices.map { residual[$0] / reference[$0] }
    }
}
