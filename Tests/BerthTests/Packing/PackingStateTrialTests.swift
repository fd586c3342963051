@testable import Berth
import Testing

/// `PackingState`'s trials: a rollback restores the state exactly (hosts, residents' order, loads
/// bit for bit), nested trials included, on random sequences of moves.
@Suite struct PackingStateTrialTests {
    struct Snapshot: Equatable {
        let hosts: [Int?]
        let residents: [[Int]]
        let load: [[Double]]
        init(_ state: PackingState) {
            hosts = state.problem.vmIDs.indices.map { state.host(of: $0) }
            residents = state.residents
            load = state.load
        }
    }

    @Test("rollback undoes random moves exactly; commit keeps them", arguments: 1...20)
    func rollbackRestores(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let hostCount = 6
        let vms = (0..<18).map { i in
            Fixtures.vm("v\(i)", on: "h\(i % hostCount)", cpu: Double(1 + rng.next() % 5) * 0.7, mem: Double(1 + rng.next() % 3) * 1.3)
        }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(hostCount, cpu: 40, mem: 40), vms: vms)
        let problem = PlacementProblem(instance)
        var state = PackingState(problem: problem, keepOnlineHostsOn: true)
        for v in problem.running { state.place(v, on: problem.current[v]!) }
        func randomMoves(_ count: Int) {
            for _ in 0..<count {
                let v = Int(rng.next() % UInt64(vms.count))
                state.remove(v)
                if rng.next() % 4 != 0 { state.place(v, on: Int(rng.next() % UInt64(hostCount))) }
            }
        }
        randomMoves(10)
        let before = Snapshot(state)
        let outer = state.beginTrial()
        randomMoves(15)
        let middle = Snapshot(state)
        let inner = state.beginTrial()
        randomMoves(15)
        state.rollback(to: inner)
        #expect(Snapshot(state) == middle)
        let kept = state.beginTrial()
        randomMoves(5)
        let afterKept = Snapshot(state)
        state.commit(kept)
        #expect(Snapshot(state) == afterKept)
        state.rollback(to: outer)
        #expect(Snapshot(state) == before)
        // With no trial open, nothing is logged and moves stay.
        randomMoves(5)
        let free = Snapshot(state)
        let empty = state.beginTrial()
        state.rollback(to: empty)
        #expect(Snapshot(state) == free)
    }
}
