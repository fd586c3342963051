import Berth
import Testing

/// Random current/target placements on random small topologies: every plan passes the plan
/// checker at every instant, its simulation stays valid, and no live migration fails to converge.
@Suite struct SchedulePropertyTests {
    @Test("250 random instances: checked plans, valid simulated timelines, no forced switch-over")
    func randomPlansAreValid() throws {
        var scheduled = 0, blockedWithLimits = 0
        for seed in UInt64(1)...250 {
            let random = RandomSchedules.make(seed: seed)
            let instance = random.instance
            #expect(InstanceValidation.issues(in: instance).isEmpty, "seed \(seed)")
            let result: ScheduleResult
            do {
                result = try Scheduler(options: SchedulerOptions(timeLimit: .seconds(2), mipMigrationLimit: 5)).schedule(instance, target: random.target)
            } catch {
                if case .blocked = error, random.hasLimits { blockedWithLimits += 1; continue }
                Issue.record("seed \(seed): \(error)")
                continue
            }
            scheduled += 1
            let plan = result.plan
            #expect(PlanChecker.check(instance, plan: plan, target: random.target).isEmpty, "seed \(seed)")
            // No migration in the plan is one the pre-copy model says cannot converge at its route's rate.
            let topology = NetworkTopology(cluster: instance.cluster, network: instance.network)
            for action in plan.actions(.migrate) {
                let vm = instance.cluster.vm(action.vm!)!
                let rate = topology.loneRate(topology.route(from: action.from!, to: action.to!))
                #expect(topology.preCopy.estimate(memoryMiB: vm.memoryMiB, dirtyRateMiBps: vm.dirtyRateMiBps, bandwidthMiBps: rate).converges,
                        "seed \(seed): \(action.label) cannot converge")
            }
            let simulated = PlanSimulator(instance: instance).simulate(plan)
            #expect(simulated.stuck == nil, "seed \(seed): \(simulated.stuck ?? "")")
            #expect(simulated.forcedSwitchovers == 0, "seed \(seed)")
            #expect(PlanChecker.check(instance, plan: simulated.timeline, target: random.target).isEmpty, "seed \(seed): simulated timeline")
            // Same input, same plan (every tenth seed keeps the suite light).
            guard seed % 10 == 0 else { continue }
            let again = try Scheduler(options: SchedulerOptions(timeLimit: .seconds(2), mipMigrationLimit: 5)).schedule(instance, target: random.target)
            #expect(again.plan == plan, "seed \(seed): not deterministic")
        }
        #expect(scheduled >= 200, "only \(scheduled) of 250 scheduled (\(blockedWithLimits) blocked by limits)")
    }
}

/// Random instances with random continuous placement rules: every plan passes the checker at every
/// instant, or the scheduler names the rule (or limit) that blocks it; most instances schedule.
@Suite struct ContinuousPropertyTests {
    @Test("150 random instances with continuous placement rules")
    func randomPlansKeepContinuousRules() throws {
        var scheduled = 0, namedBlocks = 0, mattered = 0
        for seed in UInt64(1)...150 {
            let random = RandomSchedules.withContinuousRules(seed: seed)
            let instance = random.instance
            // Does the plan made without the rules break them? (The rules must matter on some instances.)
            let plain = RandomSchedules.make(seed: seed)
            if let plan = try? Scheduler(options: SchedulerOptions(timeLimit: .seconds(2), mipMigrationLimit: 0)).schedule(plain.instance, target: plain.target).plan,
               PlanChecker.check(instance, plan: plan, target: random.target).contains(where: { $0.message.contains("continuous") }) {
                mattered += 1
            }
            #expect(PlacementChecker.check(instance, random.target).isEmpty, "seed \(seed): the target breaks a rule")
            do {
                let result = try Scheduler(options: SchedulerOptions(timeLimit: .seconds(2), mipMigrationLimit: 0)).schedule(instance, target: random.target)
                #expect(PlanChecker.check(instance, plan: result.plan, target: random.target).isEmpty, "seed \(seed)")
                scheduled += 1
            } catch {
                guard case .blocked = error else { Issue.record("seed \(seed): \(error)"); continue }
                let named = error.description.contains("continuous") || random.hasLimits
                #expect(named, "seed \(seed): \(error)")
                namedBlocks += 1
            }
        }
        #expect(mattered >= 5, "the random rules changed only \(mattered) plans")
        #expect(scheduled >= 120, "only \(scheduled) of 150 scheduled (\(namedBlocks) blocked with a named rule)")
    }
}
