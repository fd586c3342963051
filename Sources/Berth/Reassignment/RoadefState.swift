/// A ROADEF/EURO 2012 assignment with everything the local search needs kept up to date
/// incrementally: machine usage and transient usage, per-service machine, location and
/// neighbourhood counts, moved counts, and the weighted objective (`cost`).
///
/// `move(_:to:)` costs O(R + B) plus the service bookkeeping; `isFeasibleAround` checks only what
/// a move of the given processes can break. The independent judge stays `RoadefEvaluator`.
struct RoadefState {
    let model: RoadefModel
    let initial: [Int]
    private(set) var machineOf: [Int]
    private(set) var cost: Int64 = 0

    private let R, M, S: Int
    private let locations: Int, neighborhoods: Int
    private let capacity: [Int64], safety: [Int64]  // [m * R + r]
    private let requirement: [Int64]  // [p * R + r]
    private let transient: [Bool]
    private let dependents: [[Int]]  // services that depend on s
    private var usage: [Int64]  // [m * R + r], final placement
    private var held: [Int64]  // [m * R + r], transient resources held by processes that left m
    private var onMachine: [Int32]  // [s * M + m]
    private var inLocation: [Int32]  // [s * locations + l]
    private var distinctLocations: [Int]
    private var inNeighborhood: [Int32]  // [s * neighborhoods + n]
    private var movedIn: [Int]  // per service
    private var servicesWithMoved: [Int]  // histogram: how many services have k moved processes
    private var mostMoved = 0
    private var machineCost: [Int64]

    init(model: RoadefModel, initial: [Int], assignment: [Int]? = nil) {
        self.model = model
        self.initial = initial
        R = model.resources.count
        M = model.machines.count
        S = model.services.count
        locations = (model.machines.map(\.location).max() ?? 0) + 1
        neighborhoods = (model.machines.map(\.neighborhood).max() ?? 0) + 1
        capacity = model.machines.flatMap { $0.capacity.map(Int64.init) }
        safety = model.machines.flatMap { $0.safetyCapacity.map(Int64.init) }
        requirement = model.processes.flatMap { $0.requirements.map(Int64.init) }
        transient = model.resources.map(\.isTransient)
        var dependents = model.services.map { _ in [Int]() }
        for (s, service) in model.services.enumerated() { for d in service.dependencies { dependents[d].append(s) } }
        self.dependents = dependents
        machineOf = initial
        usage = Array(repeating: 0, count: M * R)
        held = Array(repeating: 0, count: M * R)
        onMachine = Array(repeating: 0, count: S * M)
        inLocation = Array(repeating: 0, count: S * locations)
        distinctLocations = Array(repeating: 0, count: S)
        inNeighborhood = Array(repeating: 0, count: S * neighborhoods)
        movedIn = Array(repeating: 0, count: S)
        servicesWithMoved = Array(repeating: 0, count: model.processes.count + 2)
        servicesWithMoved[0] = S
        machineCost = Array(repeating: 0, count: M)
        for p in initial.indices { add(p, initial[p]) }
        for m in 0..<M { machineCost[m] = machineTerms(m) }
        cost = machineCost.reduce(0, +)
        if let assignment { for p in assignment.indices where assignment[p] != initial[p] { move(p, to: assignment[p]) } }
    }

    var processCount: Int { initial.count }
    var machineCount: Int { M }

    /// Load and balance costs of one machine, weighted.
    private func machineTerms(_ m: Int) -> Int64 {
        var total: Int64 = 0
        for r in 0..<R {
            let over = usage[m * R + r] - safety[m * R + r]
            if over > 0 { total += Int64(model.resources[r].loadCostWeight) * over }
        }
        for b in model.balances {
            let free1 = capacity[m * R + b.resource] - usage[m * R + b.resource]
            let free2 = capacity[m * R + b.against] - usage[m * R + b.against]
            let short = Int64(b.target) * free1 - free2
            if short > 0 { total += Int64(b.weight) * short }
        }
        return total
    }

    private mutating func add(_ p: Int, _ m: Int) {
        let s = model.processes[p].service
        for r in 0..<R { usage[m * R + r] += requirement[p * R + r] }
        onMachine[s * M + m] += 1
        let l = model.machines[m].location
        inLocation[s * locations + l] += 1
        if inLocation[s * locations + l] == 1 { distinctLocations[s] += 1 }
        inNeighborhood[s * neighborhoods + model.machines[m].neighborhood] += 1
    }

    private mutating func remove(_ p: Int, _ m: Int) {
        let s = model.processes[p].service
        for r in 0..<R { usage[m * R + r] -= requirement[p * R + r] }
        onMachine[s * M + m] -= 1
        let l = model.machines[m].location
        inLocation[s * locations + l] -= 1
        if inLocation[s * locations + l] == 0 { distinctLocations[s] -= 1 }
        inNeighborhood[s * neighborhoods + model.machines[m].neighborhood] -= 1
    }

    private mutating func setMoved(_ s: Int, by delta: Int) {
        servicesWithMoved[movedIn[s]] -= 1
        movedIn[s] += delta
        servicesWithMoved[movedIn[s]] += 1
        if movedIn[s] > mostMoved { mostMoved = movedIn[s] }
        while mostMoved > 0 && servicesWithMoved[mostMoved] == 0 { mostMoved -= 1 }
    }

    /// Moves process `p` to machine `to`, keeping every count and the cost exact (no feasibility check).
    mutating func move(_ p: Int, to: Int) {
        let from = machineOf[p]
        guard from != to else { return }
        let home = initial[p], s = model.processes[p].service
        let before = cost - machineCost[from] - machineCost[to]
        let oldMostMoved = mostMoved
        var delta: Int64 = 0
        remove(p, from)
        add(p, to)
        machineOf[p] = to
        for r in 0..<R where transient[r] {
            if from == home { held[home * R + r] += requirement[p * R + r] }
            if to == home { held[home * R + r] -= requirement[p * R + r] }
        }
        let pmc = Int64(model.processes[p].moveCost) * Int64(model.processMoveWeight)
        if from == home { delta += pmc; setMoved(s, by: 1) }
        if to == home { delta -= pmc; setMoved(s, by: -1) }
        delta += Int64(model.serviceMoveWeight) * Int64(mostMoved - oldMostMoved)
        delta += Int64(model.machineMoveWeight) * Int64(model.machines[home].moveCosts[to] - model.machines[home].moveCosts[from])
        machineCost[from] = machineTerms(from)
        machineCost[to] = machineTerms(to)
        cost = before + machineCost[from] + machineCost[to] + delta
    }

    /// Whether the hard constraints hold on `machines` and for the services of `processes` (all that
    /// moving `processes` between `machines` can break, given they held before).
    func isFeasibleAround(machines: [Int], processes: [Int]) -> Bool {
        for m in machines {
            for r in 0..<R where usage[m * R + r] + held[m * R + r] > capacity[m * R + r] { return false }
        }
        for p in processes {
            let s = model.processes[p].service
            for m in machines where onMachine[s * M + m] > 1 { return false }
            if distinctLocations[s] < model.services[s].spreadMin { return false }
            for m in machines {
                let n = model.machines[m].neighborhood
                if inNeighborhood[s * neighborhoods + n] > 0 {
                    for d in model.services[s].dependencies where inNeighborhood[d * neighborhoods + n] == 0 { return false }
                } else {
                    for t in dependents[s] where inNeighborhood[t * neighborhoods + n] > 0 { return false }
                }
            }
        }
        return true
    }
}
