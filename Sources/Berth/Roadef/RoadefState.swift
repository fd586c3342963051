/// A ROADEF/EURO 2012 assignment with everything the searches need kept up to date
/// incrementally: machine usage and transient usage, per-service machine, location and
/// neighbourhood counts, moved counts, and the weighted objective (`cost`).
///
/// `shiftDelta(_:to:)` prices a shift and checks its feasibility without changing anything
/// (O(R + B) plus the service's dependencies); `move(_:to:)` applies any move, feasible or not,
/// and `isFeasibleAround` checks what a swap can break besides capacity. The independent judge stays
/// `RoadefEvaluator`.
///
/// The hot paths use wrapping arithmetic (`&+`, `&*`): the challenge's amounts are 32-bit and
/// their weighted sums stay far below 2⁶³, and the overflow checks cost about 4 % of the annealing.
struct RoadefState {
    let model: RoadefModel
    let initial: [Int]
    private(set) var machineOf: [Int]
    private(set) var cost: Int64 = 0

    let R: Int, M: Int, S: Int
    private let locations: Int, neighborhoods: Int
    let capacity: [Int64], safety: [Int64]  // [m * R + r]
    let requirement: [Int64]  // [p * R + r]
    private let transient: [Bool]
    private let loadWeight: [Int64]
    private let balanceResource: [Int], balanceAgainst: [Int], balanceTarget: [Int64], balanceWeight: [Int64]
    let serviceOf: [Int]
    let locationOf: [Int], neighborhoodOf: [Int]  // per machine
    private let weightedProcessMove: [Int64]  // per process
    private let weightedMachineMove: [Int64]  // [from * M + to]
    private let serviceMoveWeight: Int64
    private let dependencies: [[Int]]  // services s depends on
    private let dependents: [[Int]]  // services that depend on s
    private let spreadMin: [Int]
    /// Per machine m, from `roomAt(m)`: the room left under capacity for each resource
    /// (capacity − usage − held), then from `excessAt(m)` the use above the safety capacity
    /// (usage − safety); usage is what the processes on m require, held the transient resources
    /// that processes which left m still hold there. Both are read back from these two
    /// (`usage(_:_:)`, `held(_:_:)`). Kept side by side for the moves' pricing: a shift reads both
    /// halves of its target and the second half of its source, three or four cache lines where
    /// separate usage, held, capacity and safety arrays took eight to twelve.
    private var slack: [Int64]
    private(set) var onMachine: [Int32]  // [s * M + m]
    private(set) var inLocation: [Int32]  // [s * locations + l]
    private(set) var distinctLocations: [Int]
    private(set) var inNeighborhood: [Int32]  // [s * neighborhoods + n]
    private(set) var movedIn: [Int]  // per service
    private var servicesWithMoved: [Int]  // histogram: how many services have k moved processes
    private(set) var mostMoved = 0
    private(set) var machineCost: [Int64]
    /// Processes on each machine (unordered; positions kept in `slot`).
    private(set) var processesOn: [[Int]]
    private var slot: [Int]

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
        loadWeight = model.resources.map { Int64($0.loadCostWeight) }
        balanceResource = model.balances.map(\.resource)
        balanceAgainst = model.balances.map(\.against)
        balanceTarget = model.balances.map { Int64($0.target) }
        balanceWeight = model.balances.map { Int64($0.weight) }
        serviceOf = model.processes.map(\.service)
        locationOf = model.machines.map(\.location)
        neighborhoodOf = model.machines.map(\.neighborhood)
        weightedProcessMove = model.processes.map { Int64($0.moveCost) * Int64(model.processMoveWeight) }
        weightedMachineMove = model.machines.flatMap { machine in machine.moveCosts.map { Int64($0) * Int64(model.machineMoveWeight) } }
        serviceMoveWeight = Int64(model.serviceMoveWeight)
        var dependents = model.services.map { _ in [Int]() }
        for (s, service) in model.services.enumerated() { for d in service.dependencies where d != s { dependents[d].append(s) } }
        self.dependents = dependents
        dependencies = model.services.enumerated().map { s, service in service.dependencies.filter { $0 != s } }
        spreadMin = model.services.map(\.spreadMin)
        machineOf = initial
        slack = Array(repeating: 0, count: 2 * M * R)
        for m in 0..<M {
            for r in 0..<R {
                slack[2 * m * R + r] = capacity[m * R + r]
                slack[2 * m * R + R + r] = -safety[m * R + r]
            }
        }
        onMachine = Array(repeating: 0, count: S * M)
        inLocation = Array(repeating: 0, count: S * locations)
        distinctLocations = Array(repeating: 0, count: S)
        inNeighborhood = Array(repeating: 0, count: S * neighborhoods)
        movedIn = Array(repeating: 0, count: S)
        servicesWithMoved = Array(repeating: 0, count: model.processes.count + 2)
        servicesWithMoved[0] = S
        machineCost = Array(repeating: 0, count: M)
        processesOn = Array(repeating: [], count: M)
        slot = Array(repeating: 0, count: initial.count)
        for p in initial.indices {
            add(p, initial[p])
            slot[p] = processesOn[initial[p]].count
            processesOn[initial[p]].append(p)
        }
        for m in 0..<M { machineCost[m] = terms(m, exceptFor: -1, plus: -1) }
        cost = machineCost.reduce(0, +)
        if let assignment { for p in assignment.indices where assignment[p] != initial[p] { move(p, to: assignment[p]) } }
    }

    var processCount: Int { initial.count }
    var machineCount: Int { M }
    /// Weighted process-move plus machine-move cost of `p` sitting on `m` (0 on its initial machine).
    func moveCost(of p: Int, on m: Int) -> Int64 {
        let home = initial[p]
        return m == home ? 0 : weightedProcessMove[p] + weightedMachineMove[home * M + m]
    }
    /// The weighted service-move cost per unit of the most-moved count.
    var serviceMoveUnit: Int64 { serviceMoveWeight }
    func loadWeight(_ r: Int) -> Int64 { loadWeight[r] }
    func isTransient(_ r: Int) -> Bool { transient[r] }
    func dependencies(of s: Int) -> [Int] { dependencies[s] }
    func spreadMin(of s: Int) -> Int { spreadMin[s] }
    func inLocationCount(_ s: Int, _ l: Int) -> Int32 { inLocation[s * locations + l] }
    func inNeighborhoodCount(_ s: Int, _ n: Int) -> Int32 { inNeighborhood[s * neighborhoods + n] }
    var balanceCount: Int { balanceWeight.count }
    /// Where machine `m`'s room under capacity starts in `slack`.
    @inline(__always)
    private func roomAt(_ m: Int) -> Int { 2 &* m &* R }
    /// Where machine `m`'s use above the safety capacity starts in `slack`.
    @inline(__always)
    private func excessAt(_ m: Int) -> Int { 2 &* m &* R &+ R }
    /// What the processes on machine `m` require of resource `r`.
    @inline(__always)
    func usage(_ m: Int, _ r: Int) -> Int64 { slack[excessAt(m) &+ r] &+ safety[m &* R &+ r] }
    /// Transient resource `r` held on machine `m` by processes that left it (0 for the others).
    func held(_ m: Int, _ r: Int) -> Int64 { capacity[m * R + r] - usage(m, r) - room(m, r) }
    /// Use of resource `r` on machine `m` above its safety capacity (negative below it).
    func excess(_ m: Int, _ r: Int) -> Int64 { slack[excessAt(m) &+ r] }
    /// Capacity of resource `r` left on machine `m`, with the transient copies held there counted.
    func room(_ m: Int, _ r: Int) -> Int64 { slack[roomAt(m) &+ r] }
    func balance(_ b: Int) -> (resource: Int, against: Int, target: Int64, weight: Int64) {
        (balanceResource[b], balanceAgainst[b], balanceTarget[b], balanceWeight[b])
    }

    /// Load and balance costs of machine `m`, weighted, with process `minus` taken off and process
    /// `plus` added (−1 for none).
    @inline(__always)
    private func terms(_ m: Int, exceptFor minus: Int, plus: Int) -> Int64 {
        var total: Int64 = 0
        let base = m &* R, excess = excessAt(m)
        for r in 0..<R where loadWeight[r] != 0 {
            var over = slack[excess &+ r]
            if minus >= 0 { over &-= requirement[minus &* R &+ r] }
            if plus >= 0 { over &+= requirement[plus &* R &+ r] }
            // max(0, over) without a branch: whether a machine is over its safety capacity is a
            // coin toss to the branch predictor.
            total &+= loadWeight[r] &* (over & ~(over &>> 63))
        }
        for b in 0..<balanceWeight.count {
            let r1 = balanceResource[b], r2 = balanceAgainst[b]
            var u1 = usage(m, r1), u2 = usage(m, r2)
            if minus >= 0 { u1 &-= requirement[minus &* R &+ r1]; u2 &-= requirement[minus &* R &+ r2] }
            if plus >= 0 { u1 &+= requirement[plus &* R &+ r1]; u2 &+= requirement[plus &* R &+ r2] }
            let short = balanceTarget[b] &* (capacity[base &+ r1] &- u1) &- (capacity[base &+ r2] &- u2)
            total &+= balanceWeight[b] &* (short & ~(short &>> 63))
        }
        return total
    }

    private mutating func add(_ p: Int, _ m: Int) {
        let s = serviceOf[p]
        for r in 0..<R {
            let need = requirement[p &* R &+ r]
            slack[roomAt(m) &+ r] &-= need
            slack[excessAt(m) &+ r] &+= need
        }
        onMachine[s &* M &+ m] &+= 1
        let l = locationOf[m]
        inLocation[s &* locations &+ l] &+= 1
        if inLocation[s &* locations &+ l] == 1 { distinctLocations[s] &+= 1 }
        inNeighborhood[s &* neighborhoods &+ neighborhoodOf[m]] &+= 1
    }

    private mutating func remove(_ p: Int, _ m: Int) {
        let s = serviceOf[p]
        for r in 0..<R {
            let need = requirement[p &* R &+ r]
            slack[roomAt(m) &+ r] &+= need
            slack[excessAt(m) &+ r] &-= need
        }
        onMachine[s &* M &+ m] &-= 1
        let l = locationOf[m]
        inLocation[s &* locations &+ l] &-= 1
        if inLocation[s &* locations &+ l] == 0 { distinctLocations[s] &-= 1 }
        inNeighborhood[s &* neighborhoods &+ neighborhoodOf[m]] &-= 1
    }

    private mutating func setMoved(_ s: Int, by delta: Int) {
        servicesWithMoved[movedIn[s]] -= 1
        movedIn[s] += delta
        servicesWithMoved[movedIn[s]] += 1
        if movedIn[s] > mostMoved { mostMoved = movedIn[s] }
        while mostMoved > 0 && servicesWithMoved[mostMoved] == 0 { mostMoved -= 1 }
    }

    /// The cost change of shifting `p` to machine `to`, or `nil` when the shift would break a hard
    /// constraint (or `to` is where `p` already is). Changes nothing.
    /// With `ignoringCapacity`, the capacity of `to` is not checked (for ejection chains that
    /// repair it afterwards).
    /// `mutating` only so that callers hand over the state by reference: a call from a mutating
    /// context to a non-mutating method copies the whole struct first (measured: about 5% of the
    /// annealing). It changes nothing.
    mutating func shiftDelta(_ p: Int, to: Int, ignoringCapacity: Bool = false) -> Int64? {
        shiftPrice(p, to: to, ignoringCapacity: ignoringCapacity)?.delta
    }

    /// A move's cost change, with the load and balance costs of the two machines it touches once
    /// made where its pricing worked them out: `move(_:to:terms:)` and `swap(_:_:terms:)` take
    /// them instead of working them out again.
    struct Price {
        struct Terms { var first: Int64, second: Int64 }
        var delta: Int64
        var terms: Terms? = nil
    }

    /// `shiftDelta`, with the load and balance costs of `p`'s machine and of `to` after the shift.
    @inline(__always)
    mutating func shiftPrice(_ p: Int, to: Int, ignoringCapacity: Bool = false) -> Price? {
        let from = machineOf[p]
        guard from != to else { return nil }
        let s = serviceOf[p], home = initial[p]
        if onMachine[s &* M &+ to] > 0 { return nil }
        let room = roomAt(to), pBase = p &* R
        if !ignoringCapacity {
            // The sign of the OR of every room − need says whether one is short (32-bit amounts:
            // no overflow): one branch for all resources, where an exit at the first short one
            // mispredicts on most moves.
            var short: Int64 = 0
            if to == home {
                for r in 0..<R where !transient[r] { short |= slack[room &+ r] &- requirement[pBase &+ r] }  // its transient copy was held there all along
            } else {
                for r in 0..<R { short |= slack[room &+ r] &- requirement[pBase &+ r] }
            }
            if short < 0 { return nil }
        }
        let lf = locationOf[from], lt = locationOf[to]
        if lf != lt && losesSpread(s, from: lf, to: lt) { return nil }
        let nf = neighborhoodOf[from], nt = neighborhoodOf[to]
        if nf != nt && breaksDependencies(s, from: nf, to: nt) { return nil }
        let first = terms(from, exceptFor: p, plus: -1), second = terms(to, exceptFor: -1, plus: p)
        var delta = first &- machineCost[from] &+ second &- machineCost[to]
        delta &+= moveCost(of: p, on: to) &- moveCost(of: p, on: from)
        if from == home {
            if movedIn[s] &+ 1 > mostMoved { delta &+= serviceMoveWeight }
        } else if to == home {
            if movedIn[s] == mostMoved && servicesWithMoved[mostMoved] == 1 { delta &-= serviceMoveWeight }
        }
        return Price(delta: delta, terms: .init(first: first, second: second))
    }

    /// Moves process `p` to machine `to`, keeping every count and the cost exact (no feasibility check).
    /// `terms`, when given, are the load and balance costs of `p`'s machine and of `to` after the
    /// move, as its pricing found them (`shiftPrice`): taken as they are rather than worked out again.
    mutating func move(_ p: Int, to: Int, terms known: Price.Terms? = nil) {
        let from = machineOf[p]
        guard from != to else { return }
        let before = cost &- machineCost[from] &- machineCost[to], mostMovedBefore = mostMoved
        let moved = relocate(p, to: to)
        recost(from, to, known, before: before, moved: moved, mostMovedBefore: mostMovedBefore)
    }

    /// Sets the costs of machines `a` and `b` after a move (to `known` when given) and the total:
    /// `before` without those two machines, plus `moved` (the change in process- and machine-move
    /// costs) and the change in the service-move cost since the most-moved count was `mostMovedBefore`.
    @inline(__always)
    private mutating func recost(_ a: Int, _ b: Int, _ known: Price.Terms?, before: Int64, moved: Int64, mostMovedBefore: Int) {
        machineCost[a] = known?.first ?? terms(a, exceptFor: -1, plus: -1)
        machineCost[b] = known?.second ?? terms(b, exceptFor: -1, plus: -1)
        cost = before &+ machineCost[a] &+ machineCost[b] &+ moved &+ serviceMoveWeight &* Int64(mostMoved &- mostMovedBefore)
    }

    /// Moves `p` to `to` in every count but the machines' costs and the total; returns the change
    /// in its process- and machine-move costs.
    @inline(__always)
    private mutating func relocate(_ p: Int, to: Int) -> Int64 {
        let from = machineOf[p], home = initial[p], s = serviceOf[p]
        remove(p, from)
        add(p, to)
        machineOf[p] = to
        let last = processesOn[from].removeLast()
        if last != p {
            processesOn[from][slot[p]] = last
            slot[last] = slot[p]
        }
        slot[p] = processesOn[to].count
        processesOn[to].append(p)
        for r in 0..<R where transient[r] {
            let need = requirement[p &* R &+ r]
            if from == home { slack[roomAt(home) &+ r] &-= need }
            if to == home { slack[roomAt(home) &+ r] &+= need }
        }
        if from == home { setMoved(s, by: 1) }
        if to == home { setMoved(s, by: -1) }
        return moveCost(of: p, on: to) &- moveCost(of: p, on: from)
    }

    /// Whether conflicts, spread and dependencies hold around machines `a` and `b` for the
    /// services of processes `p` and `q`: all that exchanging `p` and `q` between `a` and `b` can
    /// break besides capacity, given they held before.
    func isFeasibleAround(_ a: Int, _ b: Int, _ p: Int, _ q: Int) -> Bool {
        func holds(_ s: Int) -> Bool {
            if onMachine[s &* M &+ a] > 1 || onMachine[s &* M &+ b] > 1 { return false }
            if distinctLocations[s] < spreadMin[s] { return false }
            return dependenciesHold(s, neighborhoodOf[a]) && dependenciesHold(s, neighborhoodOf[b])
        }
        return holds(serviceOf[p]) && holds(serviceOf[q])
    }

    /// Whether service `s` has what it depends on in neighbourhood `n` (when it is there), and
    /// the services depending on it keep it there (when they are).
    @inline(__always)
    private func dependenciesHold(_ s: Int, _ n: Int) -> Bool {
        if inNeighborhood[s &* neighborhoods &+ n] > 0 {
            for d in dependencies[s] where inNeighborhood[d &* neighborhoods &+ n] == 0 { return false }
        } else {
            for t in dependents[s] where inNeighborhood[t &* neighborhoods &+ n] > 0 { return false }
        }
        return true
    }

    /// Exchanges the machines of `p` and `q` (no feasibility check). `terms`, when given, are the
    /// load and balance costs of `p`'s machine and of `q`'s after the exchange (`swapPrice`).
    mutating func swap(_ p: Int, _ q: Int, terms known: Price.Terms? = nil) {
        let a = machineOf[p], b = machineOf[q]
        guard a != b else { return }
        let before = cost &- machineCost[a] &- machineCost[b], mostMovedBefore = mostMoved
        let moved = relocate(p, to: b) &+ relocate(q, to: a)
        recost(a, b, known, before: before, moved: moved, mostMovedBefore: mostMovedBefore)
    }

    /// The cost change of exchanging the machines of `p` and `q`, or `nil` when infeasible (or they
    /// share a machine). Changes nothing, except for services tied by a dependency and a rare case
    /// of the most-moved count, priced by making the exchange and undoing it (the same assignment
    /// after, the processes on `p`'s and `q`'s machines perhaps in another order).
    mutating func swapDelta(_ p: Int, _ q: Int) -> Int64? { swapPrice(p, q)?.delta }

    /// `swapDelta`, with the load and balance costs of `p`'s machine and of `q`'s after the
    /// exchange (unless it was priced by making it).
    @inline(__always)
    mutating func swapPrice(_ p: Int, _ q: Int) -> Price? {
        let a = machineOf[p], b = machineOf[q]
        guard a != b else { return nil }
        let sp = serviceOf[p], sq = serviceOf[q]
        // Cheap refusals first, before anything moves: conflicts and capacity.
        if sp != sq && (onMachine[sp &* M &+ b] > 0 || onMachine[sq &* M &+ a] > 0) { return nil }
        let homeP = initial[p], homeQ = initial[q]
        var short: Int64 = 0  // negative when a machine runs short (see shiftDelta)
        for r in 0..<R {
            let needP = requirement[p &* R &+ r], needQ = requirement[q &* R &+ r]
            var intoB = needP &- needQ, intoA = needQ &- needP
            if transient[r] {
                // A process leaving its initial machine leaves a copy held there; one going back
                // home takes up its held copy again.
                if homeP == a { intoA &+= needP }
                if homeP == b { intoB &-= needP }
                if homeQ == b { intoB &+= needQ }
                if homeQ == a { intoA &-= needQ }
            }
            short |= (slack[roomAt(b) &+ r] &- intoB) | (slack[roomAt(a) &+ r] &- intoA)
        }
        if short < 0 { return nil }
        if sp != sq {
            let la = locationOf[a], lb = locationOf[b]
            if la != lb && (losesSpread(sp, from: la, to: lb) || losesSpread(sq, from: lb, to: la)) { return nil }
            let na = neighborhoodOf[a], nb = neighborhoodOf[b]
            if na != nb {
                // Services tied by a dependency see each other's move: priced by moving them.
                if dependencies[sp].contains(sq) || dependencies[sq].contains(sp) { return pricedByMoving(p, q) }
                if breaksDependencies(sp, from: na, to: nb) || breaksDependencies(sq, from: nb, to: na) { return nil }
            }
        }
        guard let most = mostMovedAfterSwap(p, q) else { return pricedByMoving(p, q) }
        let first = terms(a, exceptFor: p, plus: q), second = terms(b, exceptFor: q, plus: p)
        var delta = first &- machineCost[a] &+ second &- machineCost[b]
        delta &+= moveCost(of: p, on: b) &- moveCost(of: p, on: a) &+ moveCost(of: q, on: a) &- moveCost(of: q, on: b)
        return Price(delta: delta &+ serviceMoveWeight &* Int64(most &- mostMoved), terms: .init(first: first, second: second))
    }

    /// Whether service `s` falls under its spread when one of its processes moves from location
    /// `from` to location `to` (≠ `from`).
    @inline(__always)
    private func losesSpread(_ s: Int, from: Int, to: Int) -> Bool {
        inLocation[s &* locations &+ from] == 1 && inLocation[s &* locations &+ to] > 0 && distinctLocations[s] &- 1 < spreadMin[s]
    }

    /// Whether one process of service `s` moving from neighbourhood `from` to `to` (≠ `from`)
    /// breaks a dependency, the services it depends on and those depending on it staying put.
    @inline(__always)
    private func breaksDependencies(_ s: Int, from: Int, to: Int) -> Bool {
        if inNeighborhood[s &* neighborhoods &+ to] == 0 {
            for d in dependencies[s] where inNeighborhood[d &* neighborhoods &+ to] == 0 { return true }
        }
        if inNeighborhood[s &* neighborhoods &+ from] == 1 {
            for t in dependents[s] where inNeighborhood[t &* neighborhoods &+ from] > 0 { return true }
        }
        return false
    }

    /// The most-moved count once `p` and `q` exchange machines, or `nil` where it takes a scan of
    /// the services (two processes of the service alone at the top both going home).
    @inline(__always)
    private func mostMovedAfterSwap(_ p: Int, _ q: Int) -> Int? {
        let a = machineOf[p], b = machineOf[q], sp = serviceOf[p], sq = serviceOf[q]
        let dp = (a == initial[p] ? 1 : 0) &- (b == initial[p] ? 1 : 0)
        let dq = (b == initial[q] ? 1 : 0) &- (a == initial[q] ? 1 : 0)
        var atTop = servicesWithMoved[mostMoved] &- (movedIn[sp] == mostMoved ? 1 : 0)
        if sp == sq {
            let n = movedIn[sp] &+ dp &+ dq
            if atTop > 0 { return max(mostMoved, n) }
            return n >= mostMoved &- 1 ? n : nil
        }
        atTop &-= movedIn[sq] == mostMoved ? 1 : 0
        // When no other service is at the top, one of these two was, and is at most one below it now.
        let n = max(movedIn[sp] &+ dp, movedIn[sq] &+ dq)
        return atTop > 0 ? max(mostMoved, n) : n
    }

    /// The cost change of exchanging `p` and `q` (capacity and conflicts already checked), found by
    /// making the exchange and undoing it; `nil` when it breaks spread or dependencies.
    private mutating func pricedByMoving(_ p: Int, _ q: Int) -> Price? {
        let a = machineOf[p], b = machineOf[q]
        let before = cost
        swap(p, q)
        let feasible = isFeasibleAround(a, b, p, q)
        let delta = cost &- before
        move(q, to: b)
        move(p, to: a)
        return feasible ? Price(delta: delta) : nil
    }

    /// Whether machine `m` is within its capacities, transient copies included.
    func fits(_ m: Int) -> Bool {
        (0..<R).allSatisfy { room(m, $0) >= 0 }
    }

    /// Services whose spread or dependencies fail (with, for a dependency, the services it misses).
    func servicesBreakingSpreadOrDependencies() -> Set<Int> {
        var breaking = Set<Int>()
        for s in 0..<S {
            if distinctLocations[s] < spreadMin[s] { breaking.insert(s) }
            for n in 0..<neighborhoods where inNeighborhood[s * neighborhoods + n] > 0 {
                for d in dependencies[s] where inNeighborhood[d * neighborhoods + n] == 0 {
                    breaking.insert(s)
                    breaking.insert(d)
                }
            }
        }
        return breaking
    }

    /// Whether every hard constraint holds everywhere (O(P·R + S·deps)): for merges of parallel
    /// walks, neighbourhood results, tests and assertions, not for single moves.
    func isFeasible() -> Bool {
        for m in 0..<M where !fits(m) { return false }
        for v in onMachine where v > 1 { return false }
        return servicesBreakingSpreadOrDependencies().isEmpty
    }
}

extension RoadefState {
    /// The processes on their initial machine where that machine has no safety capacity for any
    /// resource with a load cost (all they use there costs load, whatever else stays: a machine
    /// its operator wants emptied), among those `canMove` allows: the `count` heaviest by
    /// weighted requirement, the lowest index among equals.
    func heaviestOnMachinesWithoutSafety(count: Int, among canMove: (Int) -> Bool) -> [Int] {
        let loaded = (0..<R).filter { loadWeight($0) > 0 }
        let emptied = (0..<M).map { m in !loaded.isEmpty && loaded.allSatisfy { safety[m * R + $0] == 0 } }
        var heavy: [(weight: Int64, process: Int)] = []
        for p in 0..<processCount where machineOf[p] == initial[p] && emptied[initial[p]] && canMove(p) {
            heavy.append((loaded.reduce(0) { $0 + loadWeight($1) * requirement[p * R + $1] }, p))
        }
        heavy.sort { ($0.weight, $1.process) > ($1.weight, $0.process) }
        return heavy.prefix(count).map(\.process)
    }
}
