import Berth
import Testing

/// Golden tests on the seed-001 planning models (issue 3's "done means").
@Suite struct SeedPlanGoldenTests {
    struct Scores {
        var berth: SimulationResult
        var sequential: SimulationResult
        var parallel: SimulationResult
        var plan: MigrationPlan
    }

    static func scores(_ model: String) throws -> (Instance, Scores) {
        let instance = try Fixtures.model(model)
        let placement = try #require(try Fixtures.solved(instance))
        let plan = try Scheduler().schedule(instance, target: placement.placement).plan
        #expect(PlanChecker.check(instance, plan: plan, target: placement.placement).isEmpty)
        let problem = ScheduleProblem(instance: instance, target: placement.placement)
        let simulator = PlanSimulator(instance: instance)
        let berth = simulator.simulate(plan)
        #expect(PlanChecker.check(instance, plan: berth.timeline, target: placement.placement).isEmpty, "simulated timeline")
        return (instance, Scores(berth: berth, sequential: PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.sequential(problem)),
                                 parallel: PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(problem)), plan: plan))
    }

    @Test(arguments: ["seed001-maintenance-plan.json", "seed001-refresh-plan.json"])
    func berthBeatsBothBaselines(model: String) throws {
        let (_, s) = try Self.scores(model)
        #expect(s.berth.stuck == nil && s.sequential.stuck == nil && s.parallel.stuck == nil)
        #expect(s.berth.migrations.count == 60)
        #expect(s.berth.completion <= s.parallel.completion, "completion \(s.berth.completion) vs parallel \(s.parallel.completion)")
        #expect(s.berth.meanMigration <= 1.2 * s.sequential.meanMigration, "mean \(s.berth.meanMigration) vs sequential \(s.sequential.meanMigration)")
        #expect(s.berth.forcedSwitchovers == 0)
        // The sequential baseline reproduces the paper's decomposition: one boot, four migrations, one shutdown per blade.
        #expect(s.sequential.meanMigration > 10 && s.sequential.meanMigration < 15)
        #expect(s.parallel.meanMigration > 5 * s.sequential.meanMigration, "sharing the interlink stretches parallel migrations")
    }

    @Test func powerBudgetHoldsAndDelayedBootsAreNamed() throws {
        let (instance, s) = try Self.scores("seed001-maintenance-budget.json")
        #expect(s.berth.peakKW * 1000 <= 4000 + 1e-6)
        #expect(s.parallel.peakKW * 1000 > 4000, "booting every spare at once would break the budget")
        let delayed = s.plan.actions(.boot).filter { $0.note?.contains("budget-4kW") == true }
        #expect(!delayed.isEmpty)
        #expect(delayed.allSatisfy { $0.start > 0 })
        #expect(s.plan.notes.filter { $0.hasPrefix("boot of") && $0.contains("delayed") }.count == delayed.count)
        #expect(instance.constraints.contains { $0.kind == "powerBudget" })
    }
}
