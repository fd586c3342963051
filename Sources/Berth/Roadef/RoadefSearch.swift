import Foundation

/// One search thread of `RoadefSolver`: moves an assignment by local search (shift and swap moves
/// priced incrementally, under simulated annealing or late acceptance), by ejection chains, and by
/// large neighbourhoods solved exactly with GLPK (`RoadefNeighbourhood`). Keeps the best feasible
/// assignment it has seen.
///
/// Everything it does is decided by its random stream and its work budget, so the same seed and
/// budget give the same result; the deadline only cuts the work short.
struct RoadefSearch {
    private(set) var state: RoadefState
    private(set) var best: [Int]
    private(set) var bestCost: Int64
    /// When `bestCost` last improved, if it did.
    var lastImprovement: ContinuousClock.Instant? { improvedAhead.map { deadline - $0 } }
    /// How long before the deadline `bestCost` last improved. Stored as a `Duration`, and the
    /// deadline boxed, because `ContinuousClock.Instant` is a resilient type: one stored here would
    /// make this struct's layout resilient too, and every field read in the annealing loop would
    /// then go through the type's metadata (measured: a metadata call per move).
    private var improvedAhead: Duration?
    private var random: SplitMix64
    private let deadlineBox: InstantBox
    var deadline: ContinuousClock.Instant { deadlineBox.instant }

    /// A search whose random moves draw their targets among the machines each process can reach
    /// (`reach`; `nil`: among all machines), and never send `keepingAway` back to their initial
    /// machines once they have left them (with `reach` only).
    init(
        state: RoadefState, seed: UInt64, deadline: ContinuousClock.Instant, reach: RoadefReach?, keepingAway: [Int] = [],
        cancellation: CancellationToken? = nil
    ) {
        self.state = state
        best = state.machineOf
        bestCost = state.cost
        random = SplitMix64(seed: seed)
        deadlineBox = InstantBox(deadline, cancellation: cancellation)
        var reach = reach
        for p in keepingAway { reach = reach?.excluding(state.initial[p], for: p) }
        self.reach = reach
        keepsAway = reach != nil && !keepingAway.isEmpty
        targets = Array(0..<state.machineCount)
        inPart = Array(repeating: true, count: state.machineCount)
        movable = []
        movable = (0..<state.processCount).filter(canMove)
    }

    /// A search drawing its moves within the reach of each process, tabulated from `state`.
    init(state: RoadefState, seed: UInt64, deadline: ContinuousClock.Instant) {
        self.init(state: state, seed: seed, deadline: deadline, reach: RoadefReach(state))
    }

    /// The processes random moves pick from and the machines they send them to: everything that
    /// can move, unless `restrict(to:)` confined the walk to a part of the machines.
    private var movable: [Int], targets: [Int]
    private var inPart: [Bool]
    private let reach: RoadefReach?
    /// Whether some processes are kept away from their initial machines (`keepingAway`): those
    /// whose initial machine `reach` excludes, which it otherwise always allows.
    private let keepsAway: Bool

    /// Whether `p` can go anywhere but its initial machine (or, kept away from it, anywhere at all).
    private func canMove(_ p: Int) -> Bool {
        reach.map { $0.count(p) > ($0.allows(p, on: state.initial[p]) ? 1 : 0) } ?? true
    }

    /// Whether random moves can be drawn at all: some process can move, and there is a machine
    /// to send it to.
    private var drawsMoves: Bool { P > 1 && targets.count > 1 && !movable.isEmpty }

    /// Confines the random moves to `machines` and the processes now on them (`nil`: everything),
    /// so that searches confined to disjoint parts can walk at the same time and their moves be
    /// merged (`absorb`).
    mutating func restrict(to machines: [Int]?) {
        guard let machines else {
            movable = (0..<P).filter(canMove)
            targets = Array(0..<M)
            inPart = Array(repeating: true, count: M)
            return
        }
        inPart = Array(repeating: false, count: M)
        for m in machines { inPart[m] = true }
        targets = machines
        movable = (0..<P).filter { inPart[state.machineOf[$0]] && canMove($0) }
    }

    /// Continues the walk from `state` (a merge of parallel walks), keeping `best`.
    mutating func resume(from state: RoadefState) {
        self.state = state
        noteCost()
    }

    /// Takes over where `other` put `processes` (which only it moved, within machines only it
    /// used). Capacity and conflicts hold as each walk saw them, but spread and dependencies tie
    /// services across the parts: when they break, the processes of the services involved go back
    /// to where they were, and if that is not enough, all of `processes` do. Says how many
    /// processes it took over.
    mutating func absorb(_ other: RoadefState, processes: [Int]) -> Int {
        var undo: [(process: Int, machine: Int)] = []
        for p in processes where other.machineOf[p] != state.machineOf[p] {
            undo.append((p, state.machineOf[p]))
            state.move(p, to: other.machineOf[p])
        }
        if !state.isFeasible() {
            let breaking = state.servicesBreakingSpreadOrDependencies()
            var kept: [(process: Int, machine: Int)] = []
            for (p, m) in undo.reversed() {
                if breaking.contains(state.serviceOf[p]) { state.move(p, to: m) } else { kept.append((p, m)) }
            }
            undo = kept.reversed()
            if !state.isFeasible() {
                for (p, m) in undo.reversed() { state.move(p, to: m) }
                return 0
            }
        }
        noteCost()
        return undo.count
    }

    /// Out of 1,024 drawn moves, about how many send their process back to its initial machine
    /// (when it is elsewhere). With transient resources such moves free the copy held there, and
    /// random shifts alone find them too rarely (one machine in M).
    var homeShare: UInt64 = 0
    private var P: Int { state.processCount }
    private var M: Int { state.machineCount }

    private mutating func uniform(_ n: Int) -> Int { random.below(n) }

    private mutating func noteCost() {
        if noteBestCost() { best = state.machineOf }
    }

    /// Records the current cost as the best if it beats it (and says so), without copying the
    /// assignment into `best`: the caller does, now or later.
    private mutating func noteBestCost() -> Bool {
        guard state.cost < bestCost else { return false }
        bestCost = state.cost
        improvedAhead = ContinuousClock.now.duration(to: deadline)
        return true
    }

    private var pastDeadline: Bool { ContinuousClock.now >= deadline || deadlineBox.cancellation?.isCancelled == true }

    /// Neighbourhoods solved and those that improved the assignment.
    private(set) var neighbourhoodsSolved = 0, neighbourhoodImprovements = 0
    private var past: [Int64] = []
    private var lateStep = 0

    /// A shift of `process` to `machine`, or a swap of `process` with `partner`.
    private enum Move {
        case shift(process: Int, machine: Int)
        case swap(process: Int, partner: Int)
    }

    /// A random move with its price (`nil`: infeasible): with odds `homeShare`/1,024 a process
    /// away from its initial machine goes back there; otherwise a shift or a swap, even odds.
    /// Within reach, a shift sends the process to a machine it can reach, and a swap exchanges it
    /// with a process on such a machine that can reach its own.
    private mutating func drawMove() -> (move: Move, price: RoadefState.Price?) {
        let p = movable[uniform(movable.count)]
        let coin = random.next()
        if homeShare > 0 && coin % 1024 < homeShare && state.machineOf[p] != state.initial[p] && inPart[state.initial[p]]
            && (!keepsAway || reach?.allows(p, on: state.initial[p]) != false) {
            return (.shift(process: p, machine: state.initial[p]), state.shiftPrice(p, to: state.initial[p]))
        }
        if let reach {
            let target = reach.machine(p, uniform(reach.count(p)))
            if coin & (1 << 20) == 0 {
                return (.shift(process: p, machine: target), inPart[target] ? state.shiftPrice(p, to: target) : nil)
            }
            let there = state.processesOn[target]
            guard inPart[target], !there.isEmpty else { return (.shift(process: p, machine: target), nil) }
            let partner = there[uniform(there.count)]
            guard reach.allows(partner, on: state.machineOf[p]) else { return (.swap(process: p, partner: partner), nil) }
            return (.swap(process: p, partner: partner), state.swapPrice(p, partner))
        }
        if coin & (1 << 20) == 0 {
            let target = targets[uniform(targets.count)]
            return (.shift(process: p, machine: target), state.shiftPrice(p, to: target))
        }
        let partner = movable[uniform(movable.count)]
        return (.swap(process: p, partner: partner), state.swapPrice(p, partner))
    }

    /// Makes `move`, priced at `price`.
    private mutating func apply(_ move: Move, _ price: RoadefState.Price) {
        switch move {
        case let .shift(p, m): state.move(p, to: m, terms: price.terms)
        case let .swap(p, q): state.swap(p, q, terms: price.terms)
        }
    }

    /// The cheapest feasible shift of `p` (the lowest machine index among equals), if any.
    private mutating func bestShift(_ p: Int) -> (machine: Int, delta: Int64)? {
        var best: (machine: Int, delta: Int64)?
        for m in 0..<M {
            if let d = state.shiftDelta(p, to: m), d < best?.delta ?? Int64.max { best = (m, d) }
        }
        return best
    }

    /// Late-acceptance hill climbing for `steps` tried moves, half random shifts and half random
    /// swaps: a feasible move is taken when it does not worsen the current cost or beats the
    /// cost `history` steps ago. The walk and its history carry over between calls (`adopt`
    /// restarts them), so the search may sit above `best` between calls.
    mutating func lateAcceptance(steps: Int, history: Int) {
        guard drawsMoves else { return }
        if past.count != max(1, history) { past = Array(repeating: state.cost, count: max(1, history)) }
        for tried in 0..<steps {
            if tried & 0xFFF == 0 && pastDeadline { break }
            let (move, priced) = drawMove()
            guard let price = priced else { continue }
            let delta = price.delta
            let slot = lateStep % past.count
            lateStep += 1
            if delta <= 0 || state.cost + delta <= past[slot] {
                apply(move, price)
                if delta < 0 { noteCost() }
            }
            if state.cost < past[slot] { past[slot] = state.cost }
        }
    }

    /// Temperatures falling geometrically from `start` (progress 0) to `end` (progress 1).
    struct Cooling: Sendable {
        var start: Double, end: Double
        func temperature(at progress: Double) -> Double { start * pow(end / start, min(1, max(0, progress))) }
    }

    /// The median cost increase among up to 500 feasible worsening moves drawn from the current
    /// assignment (`nil` if none turns up): the scale of the annealing's temperatures.
    mutating func medianWorsening() -> Double? {
        guard drawsMoves else { return nil }
        var worsening: [Int64] = []
        for _ in 0..<20_000 where worsening.count < 500 {
            if let delta = drawMove().price?.delta, delta > 0 { worsening.append(delta) }
        }
        guard !worsening.isEmpty else { return nil }
        worsening.sort()
        return Double(worsening[worsening.count / 2])
    }

    /// Simulated annealing for `steps` tried moves (random shifts and swaps, and with transient
    /// resources also moves back to the initial machine): worsening moves are taken with
    /// probability exp(−Δ/T), T = `cooling` at `progress(step)`, refreshed every 4,096 steps.
    /// The walk carries on from where the last call left it; `best` keeps the best it has seen.
    mutating func anneal(steps: Int, cooling: Cooling, progress: (Int) -> Double) {
        guard steps > 0, drawsMoves else { return }
        var temperature = cooling.temperature(at: progress(0))
        // The walk sits on a new best not yet copied into `best`: copied only when the walk leaves
        // it, since a copy on every new best costs a copy of the assignment on the next move.
        var atBest = false
        for tried in 0..<steps {
            if tried & 0xFFF == 0 {
                if pastDeadline { break }
                temperature = cooling.temperature(at: progress(tried))
            }
            let (move, priced) = drawMove()
            guard let price = priced else { continue }
            let delta = price.delta
            if delta > 0 {
                let u = random.unit()
                if u >= exp(-Double(delta) / temperature) { continue }
            }
            if atBest && delta >= 0 {
                best = state.machineOf
                atBest = false
            }
            apply(move, price)
            if delta < 0 && noteBestCost() { atBest = true }
        }
        if atBest { best = state.machineOf }
    }

    /// Restarts from `assignment` (a better one found elsewhere), forgetting the walk's history.
    mutating func adopt(_ assignment: [Int], cost: Int64) {
        guard cost < bestCost else { return }
        walk(to: assignment)
        best = assignment
        bestCost = cost
        past = []
    }

    /// Sends the walk back to `best` (a search that walked a part of the split annealing, before
    /// it polishes: `adopt` takes only strictly better assignments, and its own best may be the
    /// overall best).
    mutating func returnToBest() { walk(to: best) }

    /// Continues the walk from `assignment` (the best found by any search, `cost` its cost),
    /// taking it as its best too when it beats its own (`adopt`).
    mutating func restart(from assignment: [Int], cost: Int64) {
        if cost < bestCost { adopt(assignment, cost: cost) } else { walk(to: assignment) }
    }

    private mutating func walk(to assignment: [Int]) {
        for p in 0..<P where state.machineOf[p] != assignment[p] { state.move(p, to: assignment[p]) }
    }

    /// Descent: for each process in a random order its best shift, or else the best swap with
    /// `swapPartners` processes drawn at random, until a pass changes nothing or `passes` run out.
    mutating func descend(passes: Int, swapPartners: Int = 64) {
        guard P > 1, M > 1 else { return }
        var order = Array(0..<P)
        for _ in 0..<passes {
            var improved = false
            shuffle(&order)
            for p in order {
                if pastDeadline { break }
                if let shift = bestShift(p), shift.delta < 0 {
                    state.move(p, to: shift.machine)
                    improved = true
                    continue
                }
                var bestSwap = (partner: -1, delta: Int64(0))
                for _ in 0..<swapPartners {
                    let q = uniform(P)
                    if let d = state.swapDelta(p, q), d < bestSwap.delta { bestSwap = (q, d) }
                }
                if bestSwap.partner >= 0 {
                    state.swap(p, bestSwap.partner)
                    improved = true
                }
            }
            noteCost()
            if !improved || pastDeadline { break }
        }
    }

    /// The size of the neighbourhoods that relieve a machine with a high load cost
    /// (`reliefNeighbourhood`): machines, most free processes, GLPK's limit in seconds.
    struct Relief: Sendable {
        var machines: Int, processes: Int, seconds: Double
    }

    /// `count` large-neighbourhood steps, each of one of three kinds drawn at random: 2 to
    /// `machines` machines at random; the same with one among the costliest; and, with `relief`,
    /// a relief of a machine with a high load cost (`reliefNeighbourhood`), else one of
    /// the costliest machines with machines that have room for its worst resource. The first
    /// two free up to `maxFree` processes (in proportion to the machines picked). Each
    /// neighbourhood is solved exactly; strict improvements are kept (re-checked on the state).
    mutating func largeNeighbourhoods(count: Int, machines: Int, maxFree: Int, secondsEach: Double, relief: Relief? = nil) {
        guard P > 1, M > 1 else { return }
        let most = max(2, min(machines, M))
        for _ in 0..<count {
            if pastDeadline { return }
            let kind = random.next() % 3
            let neighbourhood: RoadefNeighbourhood, seconds: Double
            if kind == 2, let relief, let found = reliefNeighbourhood(machines: relief.machines, maxFree: relief.processes) {
                (neighbourhood, seconds) = (found, relief.seconds)
            } else {
                let k = 2 + uniform(most - 1)
                (neighbourhood, seconds) = (pickNeighbourhood(kind: kind, machines: k, maxFree: max(1, maxFree * k / most)), secondsEach)
            }
            let left = deadline - ContinuousClock.now
            let limit = min(seconds, max(0.05, left.inSeconds))
            neighbourhoodsSolved += 1
            guard let moves = neighbourhood.improve(state, timeLimit: limit) else { continue }
            let before = state.cost
            let undo = moves.map { ($0.process, state.machineOf[$0.process]) }
            for (p, m) in moves { state.move(p, to: m) }
            if state.cost >= before || !state.isFeasible() {
                for (p, m) in undo.reversed() { state.move(p, to: m) }
            } else {
                neighbourhoodImprovements += 1
                noteCost()
            }
        }
    }

    /// `count` ejection chains (after the challenge winners' "big process" move): a process from
    /// one of the costliest machines goes to another machine even if it overflows it, then the
    /// other processes there move to their best machines — first only improving shifts, then
    /// whatever restores the capacity — and the chain is kept only if it ends feasible and cheaper.
    mutating func ejectionChains(count: Int) {
        guard P > 1, M > 1 else { return }
        let ranked = costliestFirst
        var machines = Array(0..<M)
        for _ in 0..<count {
            if pastDeadline { return }
            let source = ranked[uniform(min(4, M))]
            guard !state.processesOn[source].isEmpty else { continue }
            let p = state.processesOn[source][uniform(state.processesOn[source].count)]
            shuffle(&machines)
            for target in machines.prefix(100) where target != source && tryEjection(p, to: target) {
                noteCost()
                break
            }
        }
    }

    private mutating func tryEjection(_ p: Int, to target: Int) -> Bool {
        guard state.shiftDelta(p, to: target, ignoringCapacity: true) != nil else { return false }
        let before = state.cost
        var undo: [(Int, Int)] = [(p, state.machineOf[p])]
        state.move(p, to: target)
        // Guests (processes away from their initial machine) first: only their leaving frees
        // transient capacity here, and going home costs them none elsewhere.
        let evicted = state.processesOn[target].filter { $0 != p }.sorted {
            (state.initial[$0] == target ? 1 : 0, $0) < (state.initial[$1] == target ? 1 : 0, $1)
        }
        for repairing in [false, true] {
            if repairing && state.cost >= before { break }  // repairs only add cost
            for q in evicted where state.machineOf[q] == target {
                if repairing && state.fits(target) { break }
                let home = state.initial[q]
                if repairing, home != target, state.shiftDelta(q, to: home) != nil {
                    undo.append((q, target))
                    state.move(q, to: home)
                } else if let shift = bestShift(q), repairing || shift.delta < 0 {
                    undo.append((q, target))
                    state.move(q, to: shift.machine)
                }
            }
        }
        if state.fits(target) && state.cost < before { return true }
        for (q, m) in undo.reversed() { state.move(q, to: m) }
        return false
    }

    /// Machines by weighted load and balance cost, costliest first (lowest index among equals).
    private var costliestFirst: [Int] {
        (0..<M).sorted { (state.machineCost[$0], $1) > (state.machineCost[$1], $0) }
    }

    /// Weighted use above the safety capacity of resource `r` on machine `m`.
    private func overload(_ m: Int, _ r: Int) -> Int64 {
        state.loadWeight(r) * max(0, state.excess(m, r))
    }

    /// A machine drawn with odds in proportion to its load cost, its worst resource (the costliest
    /// overload there) and its up to three biggest processes on that resource, or `nil` when no
    /// machine has a load cost.
    mutating func reliefNeighbourhoodChoices() -> (donor: Int, worst: Int, big: [Int])? {
        let R = state.R
        let loads = (0..<M).map { m in (0..<R).reduce(Int64(0)) { $0 + overload(m, $1) } }
        let total = loads.reduce(0, +)
        guard total > 0 else { return nil }
        var ticket = Int64(random.next() % UInt64(total)), donor = 0
        while ticket >= loads[donor] {
            ticket -= loads[donor]
            donor += 1
        }
        let worst = (0..<R).max { a, b in (overload(donor, a), b) < (overload(donor, b), a) }!
        let big = state.processesOn[donor].filter { state.requirement[$0 * R + worst] > 0 }
            .sorted { (state.requirement[$0 * R + worst], $1) > (state.requirement[$1 * R + worst], $0) }
        return big.isEmpty ? nil : (donor, worst, Array(big.prefix(3)))
    }

    /// The machines other than `donor` that could take `p` once every process away from home on
    /// them left (capacity less transient copies held and the processes at home), and where no
    /// process of its service runs.
    func hosts(for p: Int, except donor: Int) -> [Int] {
        let R = state.R, service = state.serviceOf[p]
        return (0..<M).filter { t in
            guard t != donor, state.onMachine[service * M + t] == 0 else { return false }
            var free = (0..<R).map { state.capacity[t * R + $0] - state.held(t, $0) }
            for q in state.processesOn[t] where state.initial[q] == t {
                for r in 0..<R { free[r] -= state.requirement[q * R + r] }
            }
            return (0..<R).allSatisfy { free[$0] >= state.requirement[p * R + $0] }
        }
    }

    /// A neighbourhood that moves a big process off a machine with a high load cost, or `nil` when
    /// no machine has one or no machine could take the process. It holds a machine drawn with odds
    /// in proportion to its load cost (the donor: where one machine is far over, mostly that one,
    /// but not only, since several may be); a host drawn among the machines that could take one of
    /// the donor's three biggest processes on its worst resource (drawn too) once every process
    /// away from home there left, and where its service has no process yet; and `machines` − 2
    /// drawn among the 2(`machines` − 2) machines with the most room on that resource. Free, in
    /// this order up to `maxFree`: the big process, the host's guests, the donor's other
    /// processes, the host's other processes, the other machines' processes.
    ///
    /// A process at home on an overloaded machine, big enough that no machine has room for it
    /// (ROADEF a1_4: 1.8 M of a transient resource on a machine 0.6 M over its safety capacity),
    /// moves only if several others move with it; the walk decides this early, at random, and
    /// shifts, swaps, ejection chains and random neighbourhoods rarely undo it.
    mutating func reliefNeighbourhood(machines k: Int, maxFree: Int) -> RoadefNeighbourhood? {
        guard let (donor, worst, big) = reliefNeighbourhoodChoices() else { return nil }
        let p = big[uniform(big.count)]
        let hosts = hosts(for: p, except: donor)
        guard !hosts.isEmpty else { return nil }
        let host = hosts[uniform(hosts.count)]
        let others = max(0, min(k, M) - 2)
        let picks = roomiest(others, for: worst, excluding: [donor, host])
        let onHost = state.processesOn[host].sorted()
        var free = [p] + onHost.filter { state.initial[$0] != host }
        free += state.processesOn[donor].sorted().filter { $0 != p } + onHost.filter { state.initial[$0] == host }
        free += picks.sorted().flatMap { state.processesOn[$0].sorted() }
        return RoadefNeighbourhood(machines: ([donor, host] + picks).sorted(), free: Array(free.prefix(maxFree)).sorted())
    }

    /// Room for resource `r` on machine `m`: below its safety capacity, and below its capacity
    /// with the transient copies held there counted.
    private func room(_ m: Int, _ r: Int) -> Int64 {
        min(-state.excess(m, r), state.room(m, r))
    }

    /// `count` machines drawn among the 2·`count` other than `excluded` with the most room for
    /// resource `r` (the lowest index among equals).
    private mutating func roomiest(_ count: Int, for r: Int, excluding excluded: [Int]) -> [Int] {
        let receivers = (0..<M).filter { !excluded.contains($0) }.sorted { (room($0, r), $1) > (room($1, r), $0) }
        var picks = Array(receivers.prefix(2 * count))
        shuffle(&picks)
        return Array(picks.prefix(count))
    }

    /// A neighbourhood of `k` machines: at random (`kind` 0); one among the costliest quarter and
    /// the others at random (1); one among the costliest quarter and machines with room for its
    /// worst resource (2).
    private mutating func pickNeighbourhood(kind: UInt64, machines k: Int, maxFree: Int) -> RoadefNeighbourhood {
        var chosen: [Int] = []
        if kind != 0 {
            // One of the costliest machines: a random pick among the top quarter.
            chosen.append(costliestFirst[uniform(max(1, M / 4))])
        }
        if kind == 2 && k > 1 {
            // With machines that have room for its worst resource: below the safety capacity
            // there, with their transient copies counted, so the neighbourhood can shed that load.
            let donor = chosen[0], R = state.R
            func over(_ r: Int) -> Int64 { state.loadWeight(r) * state.excess(donor, r) }
            let worst = (0..<R).max { a, b in (over(a), b) < (over(b), a) }!
            chosen.append(contentsOf: roomiest(k - 1, for: worst, excluding: [donor]))
        }
        while chosen.count < k {
            let m = uniform(M)
            if !chosen.contains(m) { chosen.append(m) }
        }
        chosen.sort()
        var candidates = chosen.flatMap { state.processesOn[$0] }.sorted()
        if candidates.count > maxFree {
            shuffle(&candidates)
            candidates = Array(candidates.prefix(maxFree)).sorted()
        }
        return RoadefNeighbourhood(machines: chosen, free: candidates)
    }

    private mutating func shuffle(_ array: inout [Int]) { random.shuffle(&array) }
}

/// An instant behind a reference, whose size and layout are known at compile time (see
/// `RoadefSearch.improvedAhead`).
private final class InstantBox: Sendable {
    let instant: ContinuousClock.Instant
    /// An interrupt ends the search as the deadline would.
    let cancellation: CancellationToken?
    init(_ instant: ContinuousClock.Instant, cancellation: CancellationToken? = nil) {
        self.instant = instant
        self.cancellation = cancellation
    }
}
