import Berth
import Foundation

/// Paths and small builders shared by the tests.
enum Fixtures {
    /// The repository root, found from this file's path (tests never depend on ../shared).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The summed cost of every soft rule `placement` pays (the checker's soft penalties).
    static func softCost(_ instance: Instance, _ placement: Placement) -> Double {
        PlacementChecker.softPenalties(instance, placement).reduce(0.0) { $0 + $1.cost }
    }

    static func model(_ name: String) throws -> Instance {
        try InstanceCodec.loadInstance(path: root.appendingPathComponent("Models/\(name)").path)
    }

    /// `count` identical online hosts `h0…` with the given cpu and memory.
    static func hosts(_ count: Int, cpu: Double = 8, mem: Double = 16, state: HostState = .online) -> [Server] {
        (0..<count).map { Server(id: "h\($0)", capacity: ["cpu": cpu, "mem": mem], state: state) }
    }

    static func vm(_ id: String, on host: String?, cpu: Double = 2, mem: Double = 2, memoryMiB: Double = 1024) -> VM {
        VM(id: id, demand: ["cpu": cpu, "mem": mem], host: host, memoryMiB: memoryMiB)
    }

    static func instance(
        hosts: [Server], vms: [VM], _ constraints: [Constraint] = [], objective: Objective = .minMigrations
    ) -> Instance {
        Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms),
                 constraints: constraints, objective: objective, timeLimit: 10)
    }

    /// 50 hosts and 250 VMs of mixed sizes whose balance the MIP does not prove within minutes:
    /// a solve that is still searching when a test cancels or interrupts it.
    static func longBalance() -> Instance {
        var random = SplitMix64(seed: 7)
        let vms = (0..<250).map { i in
            VM(id: "v\(i)", demand: ["cpu": Double(1 + random.next() % 8), "mem": Double(1 + random.next() % 16)],
               host: "h\(i % 50)", memoryMiB: 1024)
        }
        return instance(hosts: hosts(50, cpu: 32, mem: 64), vms: vms, objective: .balance)
    }

    static func solved(_ instance: Instance, objective: Objective? = nil) throws -> PlacementResult? {
        guard case .placed(let result) = try PlacementSolver(options: PlacementOptions(objective: objective)).solve(instance)
        else { return nil }
        return result
    }

    static func infeasibility(_ instance: Instance) throws -> InfeasibilityReport? {
        guard case .infeasible(let report) = try PlacementSolver().solve(instance) else { return nil }
        return report
    }
}
