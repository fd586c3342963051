import Berth
import Testing

/// Cycles (two full hosts swapping VMs) and seed 002's ordering rules.
@Suite struct CycleAndOrderTests {
    static func swap(spare: Bool) -> (Instance, Placement) {
        var hosts = [Server(id: "h0", capacity: ["cpu": 4, "mem": 4]), Server(id: "h1", capacity: ["cpu": 4, "mem": 4])]
        if spare { hosts.append(Server(id: "h2", capacity: ["cpu": 4, "mem": 4])) }
        let vms = [
            VM(id: "a", demand: ["cpu": 4, "mem": 4], host: "h0", memoryMiB: 1024),
            VM(id: "b", demand: ["cpu": 4, "mem": 4], host: "h1", memoryMiB: 1024),
        ]
        let instance = Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms))
        return (instance, Placement(vmHosts: ["a": "h1", "b": "h0"], onlineHosts: Set(hosts.map(\.id))))
    }

    @Test func swapOfTwoFullHostsGoesThroughASpareHost() throws {
        let (instance, target) = Self.swap(spare: true)
        let plan = try Scheduler().schedule(instance, target: target).plan
        #expect(PlanChecker.check(instance, plan: plan, target: target).isEmpty)
        #expect(plan.notes.contains { $0.contains("spare host h2") })
        #expect(plan.actions(.migrate).count == 3)
        #expect(plan.actions(.suspend).isEmpty)
    }

    @Test func swapWithoutSpareUsesSuspendResume() throws {
        let (instance, target) = Self.swap(spare: false)
        let plan = try Scheduler().schedule(instance, target: target).plan
        #expect(PlanChecker.check(instance, plan: plan, target: target).isEmpty)
        #expect(plan.actions(.suspend).count == 1)
        #expect(plan.actions(.resume).count == 1)
        #expect(plan.notes.contains { $0.contains("suspended") })
    }

    /// One source with one VM per workload class, all going to distinct destinations over one NIC.
    @Test func seed002OrderWebAndDirtyFirstReceiveLastElseShortestFirst() throws {
        let classes: [(String, WorkloadClass, Double)] = [
            ("recv", .networkReceive, 512), ("cpu-big", .cpu, 4096), ("web", .web, 2048),
            ("disk-small", .diskIO, 256), ("dirty", .memoryDirtying, 3072), ("cpu-small", .cpu, 1024),
        ]
        var hosts = [Server(id: "src", capacity: ["cpu": 64, "mem": 64])]
        hosts += classes.indices.map { Server(id: "d\($0)", capacity: ["cpu": 8, "mem": 8]) }
        let vms = classes.map { VM(id: $0.0, demand: ["cpu": 1, "mem": 1], host: "src", memoryMiB: $0.2, dirtyRateMiBps: 1, workload: $0.1) }
        let instance = Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: hosts, vms: vms))
        var map: [String: String] = [:]
        for (i, c) in classes.enumerated() { map[c.0] = "d\(i)" }
        let target = Placement(vmHosts: map, onlineHosts: Set(hosts.map(\.id)))
        let plan = try Scheduler(options: SchedulerOptions(mipMigrationLimit: 0)).schedule(instance, target: target).plan
        let order = plan.actions(.migrate).sorted { $0.start < $1.start }.map(\.vm!)
        #expect(order == ["web", "dirty", "disk-small", "cpu-small", "cpu-big", "recv"])
        // The source NIC admits one GbE flow at a time: the migrations do not overlap.
        let migrations = plan.actions(.migrate).sorted { $0.start < $1.start }
        for (a, b) in zip(migrations, migrations.dropFirst()) { #expect(b.start >= a.end - 1e-9) }
    }

    @Test func tenGigabitUplinkCarriesTenGigabitFlowsAtOnce() throws {
        // 12 sources on 1 Gb/s NICs behind a 10 Gb/s link to 12 destinations: ten flows at a time.
        var hosts: [Server] = []
        var attachments: [HostAttachment] = []
        var vms: [VM] = []
        var map: [String: String] = [:]
        for i in 0..<12 {
            hosts.append(Server(id: "s\(i)", capacity: ["cpu": 4]))
            hosts.append(Server(id: "d\(i)", capacity: ["cpu": 4]))
            attachments.append(HostAttachment(host: "s\(i)", switchID: "left"))
            attachments.append(HostAttachment(host: "d\(i)", switchID: "right"))
            vms.append(VM(id: "v\(i)", demand: ["cpu": 2], host: "s\(i)", memoryMiB: 1024))
            map["v\(i)"] = "d\(i)"
        }
        let network = Network(switches: [NetworkSwitch(id: "left"), NetworkSwitch(id: "right")],
                              links: [NetworkLink(id: "up", between: ["left", "right"], gbps: 10)], hosts: attachments)
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), network: network)
        let plan = try Scheduler().schedule(instance, target: Placement(vmHosts: map, onlineHosts: Set(hosts.map(\.id)))).plan
        let starts = plan.actions(.migrate).map(\.start)
        #expect(starts.filter { $0 == 0 }.count == 10)
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        #expect(simulated.forcedSwitchovers == 0)
        #expect(abs(simulated.maxMigration - plan.actions(.migrate)[0].duration) < 0.01, "no flow is slowed by sharing")
    }
}
