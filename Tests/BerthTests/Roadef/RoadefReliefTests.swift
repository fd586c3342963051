@testable import Berth
import Testing

/// The relief neighbourhood of `RoadefSearch` on a hand-built instance: machine 0 is 20 over its
/// safety capacity because of its one big process B; machine 1 could take B once its guest G
/// (whose transient copy stays held on its home, machine 2) leaves; machine 2 could not (the copy
/// and its own process leave too little); machine 3 runs a process of B's service; machine 4 has
/// room. Resource 0 (transient, load weight 10) carries everything; resource 1 is idle.
@Suite struct RoadefReliefTests {
    static let B = 0, G = 1, h = 2, x = 3, w = 4, z = 5

    /// The instance; `safety4` below 20 puts machine 4 over too (by 20 − `safety4`).
    static func instance(safety4: Int = 150) -> (model: RoadefModel, initial: [Int], current: [Int]) {
        func machine(_ m: Int, capacity: Int, safety: Int) -> RoadefModel.Machine {
            RoadefModel.Machine(
                neighborhood: 0, location: m, capacity: [capacity, 1000], safetyCapacity: [safety, 1000],
                moveCosts: (0..<5).map { $0 == m ? 0 : 1 })
        }
        let machines = [
            machine(0, capacity: 200, safety: 100), machine(1, capacity: 200, safety: 150),
            machine(2, capacity: 200, safety: 100), machine(3, capacity: 200, safety: 120),
            machine(4, capacity: 200, safety: safety4),
        ]
        // B, G, h, x, w (B's service), z.
        let services = [0, 1, 2, 3, 0, 4]
        let needs = [120, 90, 20, 40, 30, 20]
        let processes = (0..<6).map { RoadefModel.Process(service: services[$0], requirements: [needs[$0], 0], moveCost: 1) }
        let model = RoadefSolverTests.twoResourceModel(
            machines: machines, services: (0..<5).map { _ in RoadefModel.Service(spreadMin: 1, dependencies: []) },
            processes: processes)
        return (model, [0, 2, 1, 2, 3, 4], [0, 1, 1, 2, 3, 4])
    }

    static func search(seed: UInt64) -> RoadefSearch {
        let (model, initial, current) = instance()
        let state = RoadefState(model: model, initial: initial, assignment: current)
        return RoadefSearch(state: state, seed: seed, deadline: .now.advanced(by: .seconds(60)))
    }

    @Test("the donor is the only machine with a load cost, its worst resource, its biggest processes there")
    func choices() throws {
        var search = Self.search(seed: 1)
        #expect(search.state.isFeasible())
        let drawn = search.reliefNeighbourhoodChoices()
        let choices = try #require(drawn)
        #expect(choices.donor == 0)
        #expect(choices.worst == 0)
        #expect(choices.big == [Self.B])
    }

    @Test("donors are drawn with odds in proportion to their load costs")
    func donorsByLoad() throws {
        // Machine 0 is 20 over, machine 4 10 over: odds 2 to 1.
        let (model, initial, current) = Self.instance(safety4: 10)
        var search = RoadefSearch(
            state: RoadefState(model: model, initial: initial, assignment: current), seed: 3,
            deadline: .now.advanced(by: .seconds(60)))
        var drawn: [Int: Int] = [:]
        for _ in 0..<600 {
            let choices = search.reliefNeighbourhoodChoices()
            let donor = try #require(choices?.donor)
            drawn[donor, default: 0] += 1
        }
        #expect(drawn.keys.sorted() == [0, 4])
        #expect((350...450).contains(drawn[0] ?? 0), "\(drawn)")
    }

    @Test("hosts: machines that could take the process once their guests leave, transient copies held and service conflicts counted")
    func hosts() {
        let search = Self.search(seed: 1)
        // Machine 1 has 110 in use but 90 of it is G's (a guest); machine 2 keeps G's 90 held
        // plus x's 40; machine 3 runs w, of B's service.
        #expect(search.hosts(for: Self.B, except: 0) == [1, 4])
    }

    @Test("the neighbourhood holds the donor, a host and machines with room, the big process free first; GLPK moves it off and lowers the cost", arguments: 1...6)
    func neighbourhoodRelieves(_ seed: Int) throws {
        var search = Self.search(seed: UInt64(seed))
        let relief = search.reliefNeighbourhood(machines: 3, maxFree: 10)
        let neighbourhood = try #require(relief)
        #expect(neighbourhood.machines.count == 3)
        #expect(neighbourhood.machines.contains(0))
        let host = try #require(neighbourhood.machines.first { [1, 4].contains($0) })
        #expect(neighbourhood.free.contains(Self.B))
        if host == 1 { #expect(neighbourhood.free.contains(Self.G)) }
        // With room for B alone, only B is free.
        let narrowRelief = search.reliefNeighbourhood(machines: 3, maxFree: 1)
        let narrow = try #require(narrowRelief)
        #expect(narrow.free == [Self.B])

        var state = search.state
        let before = state.cost
        let moves = try #require(neighbourhood.improve(state, timeLimit: 10))
        for (p, m) in moves { state.move(p, to: m) }
        #expect(state.isFeasible())
        #expect(state.machineOf[Self.B] != 0)
        #expect(state.cost < before)
        let (model, initial, _) = Self.instance()
        RoadefSolverTests.expectJudged(RoadefImport.instance(model, initial: initial), state.machineOf, cost: state.cost)
    }

    @Test("no relief without a load cost")
    func nothingToRelieve() {
        let (model, initial, _) = Self.instance()
        // B on machine 4 (140 of its 150 safe): nothing is over.
        let state = RoadefState(model: model, initial: initial, assignment: [4, 1, 1, 2, 3, 4])
        #expect(state.isFeasible())
        var search = RoadefSearch(state: state, seed: 1, deadline: .now.advanced(by: .seconds(60)))
        let drawn = search.reliefNeighbourhoodChoices()
        #expect(drawn == nil)
        let relief = search.reliefNeighbourhood(machines: 3, maxFree: 10)
        #expect(relief == nil)
    }
}
