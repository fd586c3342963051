import Berth
import Testing

/// Golden tests on the seed-001 planning models (issue 3's "done means").
@Suite struct SeedPlanGoldenTests {
    struct Scores {
        var berth: SimulationResult
        var sequential: SimulationResult
        var parallel: SimulationResult
        var plan: MigrationPlan
        var target: Placement
    }

    static func scores(_ model: String) throws -> (Instance, Scores) {
        let instance = try Fixtures.model(model)
        var placement = try #require(try Fixtures.solved(instance))
        // As `berth plan` does: link-aware destinations, then the schedule.
        let spread = FlowSpreading.spread(instance, target: placement.placement)
        #expect(spread.report.busiestAfter <= spread.report.busiestBefore + 1e-9)
        #expect(PlacementChecker.check(instance, spread.placement).isEmpty)
        #expect(Set(spread.placement.vmHosts.filter { instance.cluster.vm($0.key)?.host != $0.value }.keys)
                == Set(placement.placement.vmHosts.filter { instance.cluster.vm($0.key)?.host != $0.value }.keys), "the same VMs move")
        placement.placement = spread.placement
        let plan = try Scheduler().schedule(instance, target: placement.placement).plan
        #expect(PlanChecker.check(instance, plan: plan, target: placement.placement).isEmpty)
        let problem = ScheduleProblem(instance: instance, target: placement.placement)
        let simulator = PlanSimulator(instance: instance)
        let berth = simulator.simulate(plan)
        #expect(PlanChecker.check(instance, plan: berth.timeline, target: placement.placement).isEmpty, "simulated timeline")
        return (instance, Scores(berth: berth, sequential: PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.sequential(problem)),
                                 parallel: PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(problem)), plan: plan,
                                 target: placement.placement))
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

    /// Issue 29: hot VMs behind the saturated interlink converge, near the bandwidth bound.
    @Test func hotVMsNeverForceASwitchOver() throws {
        let (instance, s) = try Self.scores("seed001-hotvms-plan.json")
        #expect(s.berth.forcedSwitchovers == 0)
        #expect(s.parallel.forcedSwitchovers == 24, "all-parallel shares each member four ways: the hot VMs cannot converge")
        let bound = try #require(FlowLoad(instance: instance, target: s.target).completionBound(instance: instance, target: s.target))
        #expect(s.berth.completion <= 1.05 * bound.seconds, "completion \(s.berth.completion) vs bound \(bound.seconds)")
        #expect(s.berth.completion >= bound.seconds - 1e-6)
    }

    /// Issue 29: the UCC decommission holds its 9 kW budget at every instant, hot or calm.
    @Test(arguments: ["ucc-decommission-calm.json", "ucc-decommission-hot.json"])
    func uccDecommissionHoldsTheBudget(model: String) throws {
        let (_, s) = try Self.scores(model)
        #expect(s.berth.stuck == nil)
        #expect(s.berth.migrations.count == 96)
        #expect(s.berth.secondsOverBudget == 0 && s.berth.peakKW <= 9 + 1e-9)
        #expect(s.berth.forcedSwitchovers == 0)
        #expect(s.parallel.secondsOverBudget > 0, "booting all 24 destinations at once breaks the budget")
        #expect(s.berth.energyKWh < s.parallel.energyKWh && s.berth.energyKWh < s.sequential.energyKWh)
    }

    /// Issue 29 §6a: under ±30 % work, no replay of Berth's plan breaks a rule or gets stuck.
    @Test func perturbedReplaysKeepEveryRule() throws {
        let instance = try Fixtures.model("seed001-maintenance-budget.json")
        let placement = try #require(try Fixtures.solved(instance))
        let plan = try Scheduler().schedule(instance, target: placement.placement).plan
        let robustness = PlanRobustness.evaluate(instance, plan: plan, target: placement.placement, runs: 20)
        #expect(robustness.completions.count == 20)
        #expect(robustness.brokenRuns == 0 && robustness.stuckRuns == 0 && robustness.forcedSwitchovers == 0)
        #expect(robustness.completions.first! < robustness.completions.last!, "durations vary, so do completions")
        // Seeded: the same runs again.
        #expect(PlanRobustness.evaluate(instance, plan: plan, target: placement.placement, runs: 20).completions == robustness.completions)
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
