import Berth
import Testing

/// Truth tables of the plan checker on a 3-host cluster: each rule broken once, and a valid plan.
@Suite struct PlanCheckerTests {
    /// h0 holds a (4 cpu), h1 holds b (4 cpu), h2 is off; capacity 8 cpu each.
    static func instance(_ constraints: [Constraint] = []) -> Instance {
        let power = PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 10, shutdownSeconds: 5)
        let hosts = [
            Server(id: "h0", capacity: ["cpu": 8, "mem": 8], power: power),
            Server(id: "h1", capacity: ["cpu": 8, "mem": 8], power: power),
            Server(id: "h2", capacity: ["cpu": 8, "mem": 8], state: .offline, power: power),
        ]
        let vms = [
            VM(id: "a", demand: ["cpu": 4, "mem": 4], host: "h0", memoryMiB: 1024),
            VM(id: "b", demand: ["cpu": 6, "mem": 4], host: "h1", memoryMiB: 1024),
        ]
        return Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms), constraints: constraints)
    }

    /// Target: a on h2, b stays, h0 off.
    static let target = Placement(vmHosts: ["a": "h2", "b": "h1"], onlineHosts: ["h1", "h2"])

    static func valid() -> MigrationPlan {
        MigrationPlan(actions: [
            PlanAction(id: 0, kind: .boot, to: "h2", start: 0, end: 10),
            PlanAction(id: 1, kind: .migrate, vm: "a", from: "h0", to: "h2", start: 10, end: 20, dependsOn: [0]),
            PlanAction(id: 2, kind: .shutdown, to: "h0", start: 20, end: 25, dependsOn: [1]),
        ])
    }

    func kinds(_ instance: Instance, _ plan: MigrationPlan, _ target: Placement = target) -> Set<String> {
        Set(PlanChecker.check(instance, plan: plan, target: target).map(\.kind))
    }

    @Test func validPlanPasses() {
        #expect(kinds(Self.instance(), Self.valid()).isEmpty)
    }

    @Test func arrivalBeforeBootEndsFails() {
        var plan = Self.valid()
        plan.actions[1].start = 5
        #expect(kinds(Self.instance(), plan).contains("bootBeforeArrival"))
    }

    @Test func shutdownBeforeEmptyFails() {
        var plan = Self.valid()
        plan.actions[2].start = 15
        plan.actions[2].end = 20
        #expect(kinds(Self.instance(), plan).contains("shutdownAfterEmpty"))
    }

    @Test func overloadMidwayFails() {
        // b (6 cpu) moves onto h0 while a (4 cpu) is still there: 10 > 8 during the migration only.
        let plan = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .migrate, vm: "b", from: "h1", to: "h0", start: 0, end: 10),
            PlanAction(id: 1, kind: .migrate, vm: "a", from: "h0", to: "h1", start: 10, end: 20),
        ])
        let target = Placement(vmHosts: ["a": "h1", "b": "h0"], onlineHosts: ["h0", "h1"])
        let violations = PlanChecker.check(Self.instance(), plan: plan, target: target)
        #expect(violations.contains { $0.kind == "planCapacity" && $0.hosts == ["h0"] && $0.measured == 10 })
        // The same swap through suspend/resume is fine.
        let safe = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .suspend, vm: "a", from: "h0", start: 0, end: 1),
            PlanAction(id: 1, kind: .migrate, vm: "b", from: "h1", to: "h0", start: 1, end: 11, dependsOn: [0]),
            PlanAction(id: 2, kind: .resume, vm: "a", from: "h0", to: "h1", start: 11, end: 21, dependsOn: [1]),
        ])
        #expect(PlanChecker.check(Self.instance(), plan: safe, target: target).isEmpty)
    }

    @Test func endStateMustBeTheTarget() {
        var plan = Self.valid()
        plan.actions.removeLast()
        #expect(kinds(Self.instance(), plan).contains("planEndState"))
    }

    @Test func powerBudgetCountsBootPeaks() {
        // Start: h0 at 150 W (4/8 cpu), h1 at 175 W; boot h2 draws 200 W → 525 W.
        #expect(kinds(Self.instance([.powerBudget(PowerBudget(watts: 525))]), Self.valid()).isEmpty)
        #expect(kinds(Self.instance([.powerBudget(PowerBudget(watts: 500))]), Self.valid()).contains("powerBudget"))
    }

    @Test func licencesHoldAtEveryInstant() {
        // During the boot three hosts are on.
        let limit = Constraint.maxOnline(MaxOnline(hosts: ["h0", "h1", "h2"], amount: 2, continuous: true))
        #expect(kinds(Self.instance([limit]), Self.valid()).contains("maxOnline"))
    }

    @Test func concurrencyLimitsHold() {
        var instance = Self.instance()
        instance.network = Network(maxMigrations: 1)
        let plan = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .boot, to: "h2", start: 0, end: 10),
            PlanAction(id: 1, kind: .migrate, vm: "a", from: "h0", to: "h2", start: 10, end: 20),
            PlanAction(id: 2, kind: .migrate, vm: "b", from: "h1", to: "h2", start: 12, end: 22),
        ])
        let target = Placement(vmHosts: ["a": "h2", "b": "h2"], onlineHosts: ["h0", "h1", "h2"])
        #expect(kinds(instance, plan, target).contains("concurrency"))
    }

    @Test func migratingAVMThatIsNotThereFails() {
        let plan = MigrationPlan(actions: [PlanAction(id: 0, kind: .migrate, vm: "a", from: "h1", to: "h0", start: 0, end: 1)])
        #expect(kinds(Self.instance(), plan, Placement(vmHosts: ["a": "h0", "b": "h1"], onlineHosts: ["h0", "h1"])).contains("planAction"))
    }
}
