import Berth
import Testing

/// The fluid simulator against hand computations.
@Suite struct SimulatorTests {
    static let gbe = NetworkTopology.mebibytesPerSecond(gbps: 1, efficiency: 0.94)

    /// h0 (on, one VM of 4 of its 8 cores), h1 (off); 100 W idle, 200 W peak, boot 10 s, shutdown 5 s.
    static func pair(dirty: Double = 0) -> Instance {
        let power = PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 10, shutdownSeconds: 5)
        let hosts = [Server(id: "h0", capacity: ["cpu": 8], power: power), Server(id: "h1", capacity: ["cpu": 8], state: .offline, power: power)]
        return Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts,
                                         vms: [VM(id: "v", demand: ["cpu": 4], host: "h0", memoryMiB: 1024, dirtyRateMiBps: dirty)]))
    }

    @Test func loneMigrationMatchesThePreCopyModel() throws {
        let instance = Self.pair(dirty: 20)
        let estimate = PreCopyModel().estimate(memoryMiB: 1024, dirtyRateMiBps: 20, bandwidthMiBps: Self.gbe)
        let plan = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .boot, to: "h1", start: 0, end: 10),
            PlanAction(id: 1, kind: .migrate, vm: "v", from: "h0", to: "h1", start: 10, end: 10 + estimate.duration, dependsOn: [0]),
        ])
        let s = PlanSimulator(instance: instance).simulate(plan)
        let m = try #require(s.migrations.first)
        #expect(abs(m.duration - estimate.duration) < 1e-6)
        #expect(abs(m.downtime - estimate.downtime) < 1e-6)
        #expect(abs(m.sentMiB - estimate.sentMiB) < 1e-6)
        #expect(m.rounds == estimate.rounds)
    }

    @Test func energyAndPeakByHand() {
        // Boot: 150 W (h0) + 200 W (h1 booting) for 10 s; migration: 150 + 100 W for 1024/B s;
        // shutdown: 100 W (h0 stopping) + 150 W (h1 with the VM) for 5 s.
        let instance = Self.pair()
        let t = 1024 / Self.gbe
        let plan = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .boot, to: "h1", start: 0, end: 10),
            PlanAction(id: 1, kind: .migrate, vm: "v", from: "h0", to: "h1", start: 10, end: 10 + t, dependsOn: [0]),
            PlanAction(id: 2, kind: .shutdown, to: "h0", start: 10 + t, end: 15 + t, dependsOn: [1]),
        ])
        let s = PlanSimulator(instance: instance).simulate(plan)
        let joules = 350 * 10 + 250 * t + 250 * 5
        #expect(abs(s.energyKWh - joules / 3_600_000) < 1e-9)
        #expect(abs(s.peakKW - 0.35) < 1e-9)
        #expect(abs(s.completion - (15 + t)) < 1e-6)
    }

    /// Two calm VMs from two hosts to two hosts over one 1 Gb/s link, started together.
    @Test func twoFlowsOnOneLinkShareItFairly() {
        let hosts = ["a", "b", "c", "d"].map { Server(id: $0, capacity: ["cpu": 8]) }
        let network = Network(switches: [NetworkSwitch(id: "s1"), NetworkSwitch(id: "s2")],
                              links: [NetworkLink(id: "l", between: ["s1", "s2"], gbps: 1)],
                              hosts: [HostAttachment(host: "a", switchID: "s1", nicGbps: 10), HostAttachment(host: "b", switchID: "s1", nicGbps: 10),
                                      HostAttachment(host: "c", switchID: "s2", nicGbps: 10), HostAttachment(host: "d", switchID: "s2", nicGbps: 10)])
        let vms = [VM(id: "x", demand: ["cpu": 1], host: "a", memoryMiB: 1024), VM(id: "y", demand: ["cpu": 1], host: "b", memoryMiB: 1024)]
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), network: network)
        let plan = MigrationPlan(actions: [
            PlanAction(id: 0, kind: .migrate, vm: "x", from: "a", to: "c", start: 0, end: 1),
            PlanAction(id: 1, kind: .migrate, vm: "y", from: "b", to: "d", start: 0, end: 1),
        ])
        let s = PlanSimulator(instance: instance).simulate(plan)
        for m in s.migrations { #expect(abs(m.duration - 2048 / Self.gbe) < 1e-6) }
    }

    @Test func sharingMakesADirtyVMFailToConverge() throws {
        // Alone at 112 MiB/s a 60 MiB/s dirtier converges; four on one GbE get 28 MiB/s each and hit the round cap.
        var hosts = [Server(id: "src", capacity: ["cpu": 16])]
        hosts += (0..<4).map { Server(id: "d\($0)", capacity: ["cpu": 8]) }
        let vms = (0..<4).map { VM(id: "v\($0)", demand: ["cpu": 1], host: "src", memoryMiB: 1024, dirtyRateMiBps: 60) }
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms))
        let target = Placement(vmHosts: Dictionary(uniqueKeysWithValues: (0..<4).map { ("v\($0)", "d\($0)") }), onlineHosts: Set(hosts.map(\.id)))
        let problem = ScheduleProblem(instance: instance, target: target)
        let parallel = PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(problem))
        #expect(parallel.forcedSwitchovers == 4)
        let plan = try Scheduler().schedule(instance, target: target).plan
        let berth = PlanSimulator(instance: instance).simulate(plan)
        #expect(berth.forcedSwitchovers == 0)
        #expect(berth.completion < parallel.completion)
    }
}
