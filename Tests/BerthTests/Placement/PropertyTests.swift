import Berth
import Testing

/// Differential tests on random small instances: the MIP, the checker and brute force must agree.
@Suite struct PropertyTests {
    static let seeds: [UInt64] = Array(1...240)

    @Test("minHosts: every placement passes the checker and equals the brute-force optimum", arguments: seeds)
    func minHostsMatchesBruteForce(seed: UInt64) throws {
        let instance = RandomInstances.make(seed: seed, objective: .minHosts)
        guard InstanceValidation.issues(in: instance).isEmpty else { return }
        let outcome = try PlacementSolver().solve(instance)
        let best = BruteForce.optimum(instance)
        switch outcome {
        case .placed(let result):
            #expect(PlacementChecker.check(instance, result.placement).isEmpty, "seed \(seed)")
            #expect(result.isOptimal, "seed \(seed)")
            #expect(best != nil, "seed \(seed): the MIP placed an instance brute force finds infeasible")
            // Soft rules cost in hosts under minHosts (docs/format.md): compare hosts + soft costs.
            let soft = Fixtures.softCost(instance, result.placement)
            let objective = Double(result.onlineHostCount) + soft
            #expect(abs(objective - (best?.minHostsWithSoft ?? -1)) < 1e-6,
                    "seed \(seed): MIP \(result.onlineHostCount) hosts + \(soft) soft, brute force \(String(describing: best?.minHostsWithSoft))")
        case .infeasible(let report):
            #expect(best == nil, "seed \(seed): the MIP says infeasible but brute force found a placement")
            #expect(!report.conflicts.isEmpty, "seed \(seed)")
        case .unknown(let report):
            Issue.record("seed \(seed): unknown on a tiny instance: \(report.reason)")
        }
    }

    @Test("minMigrations: the moved memory equals the brute-force optimum", arguments: seeds.prefix(120))
    func minMigrationsMatchesBruteForce(seed: UInt64) throws {
        let instance = RandomInstances.make(seed: seed &+ 10_000, objective: .minMigrations)
        guard InstanceValidation.issues(in: instance).isEmpty else { return }
        let outcome = try PlacementSolver().solve(instance)
        let best = BruteForce.optimum(instance)
        switch outcome {
        case .placed(let result):
            #expect(PlacementChecker.check(instance, result.placement).isEmpty, "seed \(seed)")
            let moved = result.moves.filter { $0.from != nil }.reduce(0.0) { $0 + max($1.memoryMiB, 1) }
            let soft = Fixtures.softCost(instance, result.placement)
            #expect(abs(moved + soft - (best?.minMigrationWithSoft ?? -1)) < 1e-6,
                    "seed \(seed): MIP moved \(moved) + \(soft) soft, brute force \(String(describing: best?.minMigrationWithSoft))")
        case .infeasible:
            #expect(best == nil, "seed \(seed): the MIP says infeasible but brute force found a placement")
        case .unknown(let report):
            Issue.record("seed \(seed): unknown on a tiny instance: \(report.reason)")
        }
    }

    @Test("balance and repair mode: every placement passes the checker", arguments: seeds.prefix(80))
    func balanceAndRepairAreValid(seed: UInt64) throws {
        let instance = RandomInstances.make(seed: seed &+ 20_000, objective: .balance)
        guard InstanceValidation.issues(in: instance).isEmpty else { return }
        let feasible = BruteForce.optimum(instance) != nil
        for mode in [PlacementMode.rebuild, .repair] {
            let outcome = try PlacementSolver(options: PlacementOptions(mode: mode)).solve(instance)
            switch outcome {
            case .placed(let result):
                #expect(PlacementChecker.check(instance, result.placement).isEmpty, "seed \(seed) \(mode)")
                #expect(feasible, "seed \(seed) \(mode)")
            case .infeasible:
                #expect(!feasible, "seed \(seed) \(mode): repair must fall back to rebuild before declaring infeasibility")
            case .unknown(let report):
                Issue.record("seed \(seed) \(mode): unknown on a tiny instance: \(report.reason)")
            }
        }
    }

    /// The random instances cover every placement kind of the catalog, and few seeds are skipped as invalid.
    @Test func randomInstancesCoverTheCatalog() {
        var kinds = Set<String>(), invalid = 0
        for seed in Self.seeds {
            let instance = RandomInstances.make(seed: seed, objective: .minHosts)
            if InstanceValidation.issues(in: instance).isEmpty { kinds.formUnion(instance.constraints.map(\.kind)) } else { invalid += 1 }
        }
        #expect(Set(RandomInstances.placementKinds).subtracting(kinds).isEmpty, "never drawn: \(Set(RandomInstances.placementKinds).subtracting(kinds).sorted())")
        #expect(invalid * 10 <= Self.seeds.count, "\(invalid) of \(Self.seeds.count) seeds skipped as invalid")
    }

    @Test("the same instance gives the same placement", arguments: [UInt64(3), 17, 42])
    func deterministic(seed: UInt64) throws {
        let instance = RandomInstances.make(seed: seed, objective: .minHosts)
        guard InstanceValidation.issues(in: instance).isEmpty else { return }
        let first = try PlacementSolver().solve(instance)
        let second = try PlacementSolver().solve(instance)
        if case .placed(let a) = first, case .placed(let b) = second {
            #expect(a.placement == b.placement)
        }
    }
}
