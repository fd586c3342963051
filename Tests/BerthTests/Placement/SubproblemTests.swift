@testable import Berth
import Testing

/// Independent sub-problems: detected from domains and constraints, solved apart, merged, checked.
@Suite struct SubproblemTests {
    /// Two racks of two hosts; each rack's VMs are fenced into it, and each rack has one hot host.
    static func racks() -> Instance {
        let vms = [
            Fixtures.vm("a1", on: "h0", cpu: 5, mem: 2), Fixtures.vm("a2", on: "h0", cpu: 5, mem: 2),
            Fixtures.vm("b1", on: "h2", cpu: 5, mem: 2), Fixtures.vm("b2", on: "h2", cpu: 5, mem: 2),
        ]
        return Fixtures.instance(
            hosts: Fixtures.hosts(4, cpu: 8, mem: 16), vms: vms,
            [.fence(Fence(vms: ["a1", "a2"], hosts: ["h0", "h1"])), .fence(Fence(vms: ["b1", "b2"], hosts: ["h2", "h3"]))])
    }

    @Test("fenced racks split into two parts with their own hosts")
    func splitsByRack() {
        let instance = Self.racks()
        let problem = PlacementProblem(instance)
        let domains = PackingContext.pinnedDomains(problem, pinned: [])
        let parts = IndependentSubproblems.split(problem, domains: domains, free: problem.running)
        #expect(parts == [.init(vms: [0, 1], hosts: [0, 1]), .init(vms: [2, 3], hosts: [2, 3])])
    }

    @Test("a shared constraint joins the parts")
    func constraintJoins() {
        var instance = Self.racks()
        instance.constraints.append(.spread(Spread(vms: ["a1", "b1"])))
        let problem = PlacementProblem(instance)
        let parts = IndependentSubproblems.split(problem, domains: PackingContext.pinnedDomains(problem, pinned: []), free: problem.running)
        #expect(parts.count == 1)
    }

    @Test("above the MIP size limit, the parts are solved apart and the merge passes the checker")
    func partsAreSolvedAndMerged() throws {
        let instance = Self.racks()
        var options = PlacementOptions(timeLimit: .seconds(10), mode: .repair)
        options.mipColumnLimit = 8  // the whole problem (4 free VMs × 4 hosts) is over it; each part (2 × 2) is not
        guard case .placed(let result) = try PlacementSolver(options: options).solve(instance) else {
            Issue.record("feasible")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.moves.count == 2)  // one VM leaves each hot host
        #expect(result.source == .heuristic && !result.isOptimal)
        #expect(result.notes.contains { $0.contains("2-independent-parts") })
    }
}
