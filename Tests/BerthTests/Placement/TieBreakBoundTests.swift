@testable import Berth
import BerthMIP
import Testing

/// The LP bound of the tie-break phase: what lets a small consolidation prove its moved memory
/// optimal instead of ending every solve at the time limit.
@Suite struct TieBreakBoundTests {
    /// Six identical hosts, each with three VMs of one flavour at 75 % cpu: five hosts suffice,
    /// and the cheapest way there empties one host (three VMs, 24,576 MiB).
    static func evenlyLoaded() -> Instance {
        let hosts = (0..<6).map { Server(id: "h\($0)", capacity: ["cpu": 16, "mem": 64]) }
        let vms = (0..<18).map { i in
            VM(id: "v\(i)", demand: ["cpu": 4, "mem": 8], host: "h\(i / 3)", memoryMiB: 8192)
        }
        return Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms),
                        objective: .minHosts, timeLimit: 20)
    }

    @Test("with the host count held, the LP already charges every VM of the hosts that switch off")
    func relaxationChargesSwitchedOffHosts() throws {
        let instance = Self.evenlyLoaded()
        let formulation = PlacementFormulation(
            problem: PlacementProblem(instance), selection: RuleSelection.all(instance), objective: .minHosts, countClasses: true)
        #expect(formulation.encoding.classes.count == 1, "the 18 VMs are one class")
        let second = try #require(formulation.secondPhase(primaryAtMost: 5))
        let lp = try GLPKSolver().solve(second.relaxation(), parameters: SolveParameters(timeLimit: .seconds(10)))
        #expect(lp.status == .optimal)
        // One host's three VMs leave, whatever the LP does with fractional hosts (it used to keep
        // every VM home on six hosts each 5/6 on, a bound of 0).
        #expect((lp.objective ?? 0) >= 3 * 8192 - 1e-6, "LP bound \(lp.objective ?? .nan)")
    }

    @Test("and the solver proves the lexicographic optimum: five hosts, one host's VMs moved")
    func solverProvesIt() throws {
        let instance = Self.evenlyLoaded()
        guard case .placed(let result) = try PlacementSolver().solve(instance) else {
            Issue.record("no placement")
            return
        }
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.onlineHostCount == 5)
        #expect(result.isOptimal)
        #expect(result.moves.filter { $0.from != nil }.reduce(0.0) { $0 + $1.memoryMiB } == 3 * 8192)
    }
}
