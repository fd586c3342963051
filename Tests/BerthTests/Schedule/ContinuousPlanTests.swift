import Berth
import Testing

/// Continuous placement rules along plans: no instant may show a violation the initial state lacks.
@Suite struct ContinuousPlanTests {
    /// Four online hosts (8 cpu each); a on h0, b on h1, c on h2 (4 cpu each) unless `layout` says otherwise.
    static func instance(_ constraints: [Constraint], layout: [String: String] = ["a": "h0", "b": "h1", "c": "h2"]) -> Instance {
        let hosts = (0..<4).map { Server(id: "h\($0)", capacity: ["cpu": 8]) }
        let vms = layout.keys.sorted().map { VM(id: $0, demand: ["cpu": 4], host: layout[$0]!, memoryMiB: 1024) }
        return Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), constraints: constraints)
    }

    static func target(_ vms: [String: String]) -> Placement {
        Placement(vmHosts: vms, onlineHosts: ["h0", "h1", "h2", "h3"])
    }

    static func move(_ id: Int, _ vm: String, _ from: String, _ to: String, _ start: Double, _ end: Double) -> PlanAction {
        PlanAction(id: id, kind: .migrate, vm: vm, from: from, to: to, start: start, end: end)
    }

    func violations(_ constraints: [Constraint], _ actions: [PlanAction], target: [String: String],
                    layout: [String: String] = ["a": "h0", "b": "h1", "c": "h2"]) -> [Violation] {
        PlanChecker.check(Self.instance(constraints, layout: layout), plan: MigrationPlan(actions: actions), target: Self.target(target))
    }

    // a joins b on h1 while b is still there, then b leaves for h3.
    static let coLocating = [move(0, "a", "h0", "h1", 0, 10), move(1, "b", "h1", "h3", 10, 20)]
    static let ordered = [move(0, "b", "h1", "h3", 0, 10), move(1, "a", "h0", "h1", 10, 20)]
    static let end = ["a": "h1", "b": "h3", "c": "h2"]

    @Test func continuousSpreadFailsWhenMembersShareAHostMidPlan() throws {
        let found = violations([.spread(Spread(vms: ["a", "b"], label: "web"))], Self.coLocating, target: Self.end)
        let v = try #require(found.first)
        #expect(found.count == 1)
        #expect(v.constraint == "web" && v.kind == "spread" && v.hosts == ["h1"])
        #expect(v.message.hasPrefix("at t = 0 s: "))
    }

    @Test func discreteSpreadAndAGoodOrderPass() {
        #expect(violations([.spread(Spread(vms: ["a", "b"], continuous: false))], Self.coLocating, target: Self.end).isEmpty)
        #expect(violations([.spread(Spread(vms: ["a", "b"]))], Self.ordered, target: Self.end).isEmpty)
    }

    @Test func initiallyViolatedSpreadMayImproveButNotWorsen() {
        let layout = ["a": "h0", "b": "h0", "c": "h1"]
        let spread = Constraint.spread(Spread(vms: ["a", "b", "c"], label: "s"))
        let end = ["a": "h0", "b": "h1", "c": "h2"]
        // c leaves h1 first, then b goes there: only the initial violation (a, b on h0) is ever seen.
        #expect(violations([spread], [Self.move(0, "c", "h1", "h2", 0, 10), Self.move(1, "b", "h0", "h1", 10, 20)], target: end, layout: layout).isEmpty)
        // b joins c on h1 before c leaves: a new violation.
        let worse = violations([spread], [Self.move(0, "b", "h0", "h1", 0, 10), Self.move(1, "c", "h1", "h2", 10, 20)], target: end, layout: layout)
        #expect(worse.map(\.hosts) == [["h1"]])
    }

    @Test func continuousBanCatchesATransitThroughABannedHost() {
        let transit = [Self.move(0, "a", "h0", "h3", 0, 10), Self.move(1, "a", "h3", "h2", 10, 20)]
        let end = ["a": "h2", "b": "h1", "c": "h2"]
        let continuous = violations([.ban(Ban(vms: ["a"], hosts: ["h3"], continuous: true, label: "no-h3"))], transit, target: end)
        #expect(continuous.map(\.constraint) == ["no-h3"])
        #expect(continuous.first?.message.hasPrefix("at t = 0 s") == true)
        #expect(violations([.ban(Ban(vms: ["a"], hosts: ["h3"]))], transit, target: end).isEmpty)
    }

    @Test func continuousFenceAllowsAMoveInsideTheFence() {
        let end = ["a": "h3", "b": "h1", "c": "h2"]
        let fence = Constraint.fence(Fence(vms: ["a"], hosts: ["h0", "h3"], continuous: true))
        #expect(violations([fence], [Self.move(0, "a", "h0", "h3", 0, 10)], target: end).isEmpty)
        let detour = [Self.move(0, "a", "h0", "h2", 0, 10), Self.move(1, "a", "h2", "h3", 10, 20)]
        #expect(violations([fence], detour, target: end).count == 1)
    }

    @Test func continuousLonelyFailsWhenAStrangerArrives() {
        let lonely = Constraint.lonely(Lonely(vms: ["b"], continuous: true))
        #expect(violations([lonely], Self.coLocating, target: Self.end).count == 1)
        #expect(violations([lonely], Self.ordered, target: Self.end).isEmpty)
    }

    @Test func overbookRatiosApplyToPlanCapacity() {
        // a and b (4 + 4 cpu) fit h1's 8; c joining for the end state needs 12: only with a 1.5 ratio.
        let end = ["a": "h1", "b": "h1", "c": "h1"]
        let plan = [Self.move(0, "a", "h0", "h1", 0, 10), Self.move(1, "c", "h2", "h1", 10, 20)]
        #expect(violations([], plan, target: end).contains { $0.kind == "planCapacity" })
        #expect(violations([.overbook(Overbook(hosts: ["h1"], resource: "cpu", ratio: 1.5))], plan, target: end).isEmpty)
    }

    @Test func theSchedulerAndTheSimulatorReadOverbookRatiosToo() throws {
        let instance = Self.instance([.overbook(Overbook(hosts: ["h1"], resource: "cpu", ratio: 1.5))])
        let target = Self.target(["a": "h1", "b": "h1", "c": "h1"])
        let plan = try Scheduler().schedule(instance, target: target).plan
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        #expect(simulated.stuck == nil)
        #expect(PlanChecker.check(instance, plan: simulated.timeline, target: target).isEmpty)
    }

    // MARK: the scheduler honours them

    func schedule(_ constraints: [Constraint], target: [String: String], layout: [String: String] = ["a": "h0", "b": "h1", "c": "h2"]) throws -> MigrationPlan {
        let instance = Self.instance(constraints, layout: layout)
        let plan = try Scheduler().schedule(instance, target: Self.target(target)).plan
        #expect(PlanChecker.check(instance, plan: plan, target: Self.target(target)).isEmpty)
        return plan
    }

    @Test(arguments: [
        Constraint.spread(Spread(vms: ["a", "b"])),
        Constraint.lonely(Lonely(vms: ["b"], continuous: true)),
    ])
    func aContinuousRuleMakesAMoveWait(_ rule: Constraint) throws {
        let plan = try schedule([rule], target: Self.end)
        let a = try #require(plan.actions(.migrate).first { $0.vm == "a" })
        let b = try #require(plan.actions(.migrate).first { $0.vm == "b" })
        #expect(a.start >= b.end - 1e-9)
    }

    @Test func aSwapUnderAContinuousSpreadGoesThroughASpareHost() throws {
        let plan = try schedule([.spread(Spread(vms: ["a", "b"]))], target: ["a": "h1", "b": "h0", "c": "h2"])
        #expect(plan.actions.count >= 3)
    }

    @Test func aContinuousAmongIsKeptBySuspendingAcrossGroups() throws {
        let among = Constraint.among(Among(vms: ["a", "b"], groups: [["h0", "h1"], ["h2", "h3"]], continuous: true))
        let plan = try schedule([among], target: ["a": "h2", "b": "h3", "c": "h2"], layout: ["a": "h0", "b": "h1", "c": "h2"])
        #expect(!plan.actions(.suspend).isEmpty)
    }

    @Test func aHopelessContinuousSpreadIsNamed() {
        // A synchronised swap must have both VMs in flight at once: the spread can never hold.
        let rules: [Constraint] = [.spread(Spread(vms: ["a", "b"], label: "pair")), .sync(Sync(vms: ["a", "b"]))]
        do {
            _ = try Scheduler().schedule(Self.instance(rules), target: Self.target(["a": "h1", "b": "h0", "c": "h2"]))
            Issue.record("expected a blocked schedule")
        } catch {
            #expect(error.description.contains("continuous spread 'pair'"), "\(error)")
        }
    }
}
