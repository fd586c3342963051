@testable import Berth
import Testing

/// The ROADEF neighbourhood MIP (`RoadefNeighbourhood`, its own encoding, built for speed) and the
/// catalog's encoding of the same rules (the berth/1 instance `RoadefImport` writes, solved by
/// `PlacementSolver` with `minCost`) reach the same optimum on random neighbourhoods of tiny
/// instances, and both equal brute force over the neighbourhood.
@Suite struct RoadefEncodingAgreementTests {
    @Test("neighbourhood MIP = catalog MIP = brute force, on random neighbourhoods")
    func encodingsAgree() throws {
        var improved = 0
        for seed in 0..<40 {
            if try Self.agree(seed) { improved += 1 }
        }
        #expect(improved >= 5, "neighbourhoods where the optimum beats the start: \(improved) of 40")
    }

    /// Whether the neighbourhood's optimum beats its start (both encodings checked either way).
    static func agree(_ seed: Int) throws -> Bool {
        let (model, initial) = RoadefSolverTests.tinyInstance(seed: UInt64(seed) &+ 3000)
        let P = initial.count, M = model.machines.count
        var random = SplitMix64(seed: UInt64(seed) &+ 77)
        let feasible = RoadefSolverTests.everyAssignment(processes: P, machines: M).filter {
            RoadefState(model: model, initial: initial, assignment: $0).isFeasible()
        }
        let start = try #require(feasible.isEmpty ? nil : feasible[Int(random.next() % UInt64(feasible.count))])
        let state = RoadefState(model: model, initial: initial, assignment: start)
        // Two or three machines; their processes (all or all but one) are free, the rest stay.
        var machines = Array(0..<M)
        if random.next() % 2 == 0 { machines.remove(at: Int(random.next() % UInt64(M))) }
        var free = (0..<P).filter { machines.contains(start[$0]) }
        if free.count > 1, random.next() % 2 == 0 { free.remove(at: Int(random.next() % UInt64(free.count))) }
        // Brute force over the neighbourhood.
        var best = Int64.max
        for assignment in feasible where (0..<P).allSatisfy({ free.contains($0) ? machines.contains(assignment[$0]) : assignment[$0] == start[$0] }) {
            best = min(best, RoadefState(model: model, initial: initial, assignment: assignment).cost)
        }
        // The neighbourhood MIP.
        var roadef = state
        if let moves = RoadefNeighbourhood(machines: machines, free: free).improve(state, timeLimit: 20) {
            for (p, m) in moves { roadef.move(p, to: m) }
        }
        #expect(roadef.isFeasible() && roadef.cost == best, "seed \(seed): neighbourhood MIP \(roadef.cost), brute force \(best)")
        // The catalog's encoding: the same instance, its processes fenced to the neighbourhood.
        var instance = RoadefImport.instance(model, initial: initial)
        for p in 0..<P {
            let hosts = free.contains(p) ? machines.map(RoadefImport.hostID) : [RoadefImport.hostID(start[p])]
            instance.constraints.append(.fence(Fence(vms: [RoadefImport.vmID(p)], hosts: hosts)))
        }
        var options = PlacementOptions(objective: .minCost, timeLimit: .seconds(20), mode: .rebuild)
        options.relativeGap = 0
        guard case .placed(let result) = try PlacementSolver(options: options).solve(instance) else {
            Issue.record("seed \(seed): the catalog's MIP found no placement")
            return false
        }
        let judged = RoadefEvaluator.evaluate(instance, result.placement)
        #expect(judged.isFeasible, "\(judged.violations.prefix(3))")
        #expect(Int64(judged.total.rounded()) == best, "seed \(seed): catalog MIP \(judged.total), brute force \(best)")
        return best < state.cost
    }
}
