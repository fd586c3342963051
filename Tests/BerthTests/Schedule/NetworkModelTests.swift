import Berth
import Foundation
import Testing

/// Issue 29's inputs: the LAG hash, the hot-set dirty profile, the hypervisor's policy and power per state.
@Suite struct NetworkModelTests {
    // MARK: hash

    /// a0…a2 on s1, b0…b2 on s2, one 3-member link; hash keys 5, 6, 7 on the a side, 0, 1, 2 on the b side.
    static func lag(_ hash: LinkHash, pins: [LinkPin] = []) -> NetworkTopology {
        let ids = ["a0", "a1", "a2", "b0", "b1", "b2"]
        let hosts = ids.map { Server(id: $0, capacity: ["cpu": 8]) }
        let keys = ["a0": 5, "a1": 6, "a2": 7, "b0": 0, "b1": 1, "b2": 2]
        let network = Network(
            switches: [NetworkSwitch(id: "s1"), NetworkSwitch(id: "s2")],
            links: [NetworkLink(id: "lag", between: ["s1", "s2"], gbps: 3, members: 3, hash: hash, pins: pins)],
            hosts: ids.map { HostAttachment(host: $0, switchID: $0.hasPrefix("a") ? "s1" : "s2", hashKey: keys[$0]) })
        return NetworkTopology(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: []), network: network)
    }

    static func member(_ topology: NetworkTopology, _ from: String, _ to: String) -> String? {
        topology.route(from: from, to: to).resources.map { topology.resources[$0].id }.first { $0.hasPrefix("link:") }
    }

    @Test func eachHashPicksTheMemberItSays() {
        // a1 → b2: keys 6 and 2. sum 8 mod 3 = 2 → member 3; xor 4 mod 3 = 1 → member 2; source 6 mod 3 = 0 → member 1;
        // destination 2 → member 3; unknown → member 1 for every flow (the worst case: they all collide).
        #expect(Self.member(Self.lag(.sum), "a1", "b2") == "link:lag#3>")
        #expect(Self.member(Self.lag(.xor), "a1", "b2") == "link:lag#2>")
        #expect(Self.member(Self.lag(.source), "a1", "b2") == "link:lag#1>")
        #expect(Self.member(Self.lag(.destination), "a1", "b2") == "link:lag#3>")
        let unknown = Self.lag(.unknown)
        #expect(Set(["a0", "a1", "a2"].flatMap { a in ["b0", "b1", "b2"].map { Self.member(unknown, a, $0) } }) == ["link:lag#1>"])
        // The reverse direction uses the same member of the other direction.
        #expect(Self.member(Self.lag(.xor), "b2", "a1") == "link:lag#2<")
    }

    @Test func pinsOverrideTheHash() {
        let topology = Self.lag(.xor, pins: [LinkPin(from: "a1", to: "b2", member: 3)])
        #expect(Self.member(topology, "a1", "b2") == "link:lag#3>")
        #expect(Self.member(topology, "a0", "b2") == "link:lag#2>")  // 5 xor 2 = 7 → 1 → member 2
    }

    @Test func flowsOnOneMemberShareItAndOnTwoMembersDoNot() {
        // Two calm 1 GiB VMs, a0 → b0 and a1 → b1: with `source`, keys 5 and 6 land on members 3 and 1 (each at full
        // member speed); with `unknown` both land on member 1 and share it.
        func simulate(_ hash: LinkHash) -> SimulationResult {
            let ids = ["a0", "a1", "b0", "b1"]
            let network = Network(
                switches: [NetworkSwitch(id: "s1"), NetworkSwitch(id: "s2")],
                links: [NetworkLink(id: "lag", between: ["s1", "s2"], gbps: 2, members: 2, hash: hash)],
                hosts: ids.map { HostAttachment(host: $0, switchID: $0.hasPrefix("a") ? "s1" : "s2") })
            let vms = [VM(id: "x", demand: ["cpu": 1], host: "a0", memoryMiB: 1024), VM(id: "y", demand: ["cpu": 1], host: "a1", memoryMiB: 1024)]
            let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: ids.map { Server(id: $0, capacity: ["cpu": 8]) }, vms: vms), network: network)
            let plan = MigrationPlan(actions: [
                PlanAction(id: 0, kind: .migrate, vm: "x", from: "a0", to: "b0", start: 0, end: 1),
                PlanAction(id: 1, kind: .migrate, vm: "y", from: "a1", to: "b1", start: 0, end: 1),
            ])
            return PlanSimulator(instance: instance).simulate(plan)
        }
        let gbe = NetworkTopology.mebibytesPerSecond(gbps: 1, efficiency: 0.94)
        #expect(abs(simulate(.source).completion - 1024 / gbe) < 1e-6)   // keys 0 and 1: members 1 and 2
        #expect(abs(simulate(.unknown).completion - 2048 / gbe) < 1e-6)
    }

    @Test func newInputsRoundTripAndBadValuesAreNamed() throws {
        func model(network: String, vm: String = "", power: String = "") -> String {
            """
            {"format": "berth/1", "resources": ["cpu"],
             "hosts": [{"id": "a", "capacity": {"cpu": 4}, "power": {"idleWatts": 110, "peakWatts": 110\(power)}},
                       {"id": "b", "capacity": {"cpu": 4}}],
             "vms": [{"id": "v", "demand": {"cpu": 1}, "host": "a", "memoryMiB": 512\(vm)}],
             "network": \(network)}
            """
        }
        let good = model(network: """
            {"switches": [{"id": "s1"}, {"id": "s2"}],
             "links": [{"id": "lag", "between": ["s1", "s2"], "gbps": 3, "members": 3, "hash": "xor",
                        "pins": [{"from": "a", "to": "b", "member": 2}]}],
             "hosts": [{"host": "a", "switch": "s1", "hashKey": 7}, {"host": "b", "switch": "s2"}],
             "migrationTimeoutSeconds": 300, "onTimeout": "abort", "maxBandwidthMiBps": 128, "resumeMs": 50, "autoConverge": true}
            """, vm: #", "hotSetMiB": 8, "hotRateMiBps": 29"#, power: #", "bootOverhead": 0.2, "wattsPerVM": 16, "offWatts": 4"#)
        let instance = try InstanceCodec.decodeInstance(Data(good.utf8))
        let network = try #require(instance.network)
        #expect(network.links[0].hash == .xor && network.links[0].pins == [LinkPin(from: "a", to: "b", member: 2)])
        #expect(network.hosts[0].hashKey == 7 && network.onTimeout == .abort && network.migrationTimeoutSeconds == 300)
        #expect(network.maxBandwidthMiBps == 128 && network.resumeMs == 50 && network.autoConverge)
        #expect(instance.cluster.vms[0].hotSetMiB == 8 && instance.cluster.hosts[0].power?.wattsPerVM == 16)
        #expect(try InstanceCodec.decodeInstance(try InstanceCodec.encode(instance)) == instance)
        // Old models keep their meaning: QEMU's 600 s timeout, the sum hash; `null` turns the timeout off.
        let old = try InstanceCodec.decodeInstance(Data(model(network: "{}").utf8))
        #expect(old.network?.migrationTimeoutSeconds == 600 && old.network?.onTimeout == .forceSwitchover)
        let none = try InstanceCodec.decodeInstance(Data(model(network: #"{"migrationTimeoutSeconds": null}"#).utf8))
        #expect(none.network?.migrationTimeoutSeconds == nil)
        #expect(try InstanceCodec.decodeInstance(try InstanceCodec.encode(none)) == none)

        func paths(_ json: String) -> Set<String> {
            do { _ = try InstanceCodec.decodeInstance(Data(json.utf8)); return [] } catch { return Set(error.issues.map(\.path)) }
        }
        let bad = paths(model(network: """
            {"switches": [{"id": "s1"}, {"id": "s2"}],
             "links": [{"id": "lag", "between": ["s1", "s2"], "gbps": 3, "members": 3,
                        "pins": [{"from": "a", "to": "c", "member": 4}, {"from": "a", "to": "c", "member": 1}]}],
             "hosts": [{"host": "a", "switch": "s1", "hashKey": -1}, {"host": "b", "switch": "s2"}],
             "migrationTimeoutSeconds": 0, "maxBandwidthMiBps": -5, "resumeMs": -1, "maxRounds": 1000000000}
            """, vm: #", "hotSetMiB": -8"#, power: #", "bootOverhead": -0.5"#))
        for path in ["network.links[0].pins[0].to", "network.links[0].pins[0].member", "network.links[0].pins[1]",
                     "network.hosts[0].hashKey", "network.migrationTimeoutSeconds", "network.maxBandwidthMiBps", "network.resumeMs",
                     "network.maxRounds",
                     "vms[0].hotSetMiB", "hosts[0].power.bootOverhead"] {
            #expect(bad.contains(path), "\(path) not reported in \(bad.sorted())")
        }
        #expect(paths(model(network: #"{"links": [{"id": "l", "between": ["x", "y"], "gbps": 1, "hash": "crc"}]}"#)).contains { $0.hasPrefix("network.links[0]") })
    }

    /// a0 and a1 each send their two VMs to one spare; with `xor` on two members both pairs land on member 1.
    static func pileUp(constraints: [Constraint] = []) -> (Instance, Placement) {
        let ids = ["a0", "a1", "b0", "b1"]
        let network = Network(
            switches: [NetworkSwitch(id: "s1"), NetworkSwitch(id: "s2")],
            links: [NetworkLink(id: "lag", between: ["s1", "s2"], gbps: 2, members: 2, hash: .xor)],
            hosts: ids.map { HostAttachment(host: $0, switchID: $0.hasPrefix("a") ? "s1" : "s2") })
        let vms = (0..<4).map { VM(id: "v\($0)", demand: ["cpu": 2], host: $0 < 2 ? "a0" : "a1", memoryMiB: 1024) }
        let hosts = ids.map { Server(id: $0, capacity: ["cpu": 4]) }
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), constraints: constraints, network: network)
        return (instance, Placement(vmHosts: ["v0": "b0", "v1": "b0", "v2": "b1", "v3": "b1"], onlineHosts: Set(ids)))
    }

    @Test func linkAwareDestinationsSpreadThePileUp() {
        let (instance, target) = Self.pileUp()
        // a0→b0 (0 xor 2) and a1→b1 (1 xor 3) are both member 1; a0→b1 and a1→b0 are member 2.
        let (spread, report) = FlowSpreading.spread(instance, target: target)
        let gbe = NetworkTopology.mebibytesPerSecond(gbps: 1, efficiency: 0.94)
        #expect(report.swaps == 1)
        #expect(abs(report.busiestBefore - 4096 / gbe) < 1e-6)
        #expect(abs(report.busiestAfter - 2048 / gbe) < 1e-6)
        #expect(PlacementChecker.check(instance, spread).isEmpty)
        #expect(spread.vmHosts.values.filter { $0 == "b0" }.count == 2)
        // Simulated all-parallel: the pile-up takes twice as long.
        func parallel(_ p: Placement) -> Double {
            PlanSimulator(instance: instance, enforcesLimits: false).simulate(Baselines.allParallel(ScheduleProblem(instance: instance, target: p))).completion
        }
        #expect(parallel(spread) < 0.6 * parallel(target))
    }

    @Test func linkAwareDestinationsKeepTheRules() {
        // v0 and v1 must stay on b0 and v2, v3 on b1: no swap is allowed.
        let (instance, target) = Self.pileUp(constraints: [.fence(Fence(vms: ["v0", "v1"], hosts: ["b0"])), .fence(Fence(vms: ["v2", "v3"], hosts: ["b1"]))])
        let (spread, report) = FlowSpreading.spread(instance, target: target)
        #expect(report.swaps == 0)
        #expect(spread == target)
        // A given minCost objective is never touched.
        var costly = Self.pileUp().0
        costly.objective = .minCost
        #expect(FlowSpreading.spread(costly, target: target).report.swaps == 0)
    }

    // MARK: pre-copy

    @Test func hotSetConvergesFasterThanTheConstantRate() {
        // M = 890 MiB, W = 8 MiB, h = 29 MiB/s, B = 100 MiB/s, 30 ms: round 0 takes 8.9 s and dirties min(8, 258.1) = 8 MiB
        // (over the 3 MiB threshold); round 1 takes 0.08 s and dirties min(8, 2.32) = 2.32 MiB: stop-and-copy 0.0232 s.
        let model = PreCopyModel(downtimeTarget: 0.03)
        let hot = VM(id: "v", demand: [:], memoryMiB: 890, hotSetMiB: 8, hotRateMiBps: 29)
        let e = model.estimate(hot, bandwidthMiBps: 100)
        #expect(abs(e.duration - (8.9 + 0.08 + 0.0232)) < 1e-9)
        #expect(e.rounds == 2)
        #expect(e.converges)
        let constant = model.estimate(memoryMiB: 890, dirtyRateMiBps: 29, bandwidthMiBps: 100)
        #expect(constant.duration > 12.5)
        // The cold rate adds on top: d(t) = min(W, h·t) + c·t.
        #expect(abs(hot.dirtiedMiB(after: 10) - 8) < 1e-12)
        #expect(abs(VM(id: "w", demand: [:], dirtyRateMiBps: 2, hotSetMiB: 8, hotRateMiBps: 29).dirtiedMiB(after: 0.1) - (2.9 + 0.2)) < 1e-12)
    }

    @Test func timeoutForcesTheSwitchOverOrAborts() {
        // M = 1000, c = 150 > B = 100: round 0 ends at 10 s with 1500 MiB dirtied; at the 20 s timeout round 1 has
        // 500 MiB left and the guest dirtied 1500 more: a forced stop-and-copy of 2000 MiB takes 20 s.
        let vm = VM(id: "v", demand: [:], memoryMiB: 1000, dirtyRateMiBps: 150)
        let forced = PreCopyModel(downtimeTarget: 0.3, maxRounds: 100, timeout: 20).estimate(vm, bandwidthMiBps: 100)
        #expect(forced.forced && !forced.converges && !forced.aborted)
        #expect(abs(forced.duration - 40) < 1e-9)
        #expect(abs(forced.downtime - 20) < 1e-9)
        let aborted = PreCopyModel(downtimeTarget: 0.3, maxRounds: 100, timeout: 20, onTimeout: .abort).estimate(vm, bandwidthMiBps: 100)
        #expect(aborted.aborted && !aborted.converges)
        #expect(abs(aborted.duration - 20) < 1e-9)
    }

    @Test func bandwidthCapAndResumeTime() {
        let vm = VM(id: "v", demand: [:], memoryMiB: 2048)
        let e = PreCopyModel(maxBandwidth: 32, resumeSeconds: 0.05).estimate(vm, bandwidthMiBps: 112)
        #expect(abs(e.duration - (64 + 0.05)) < 1e-9)
        #expect(abs(e.downtime - 0.05) < 1e-9)
    }

    @Test func autoConvergeRescuesADirtyGuest() {
        // ρ = 0.95: V_i = 1000 · 0.95^i never reaches 3 MiB within 30 rounds; throttling 20 %, 30 %, … does.
        let vm = VM(id: "v", demand: [:], memoryMiB: 1000, dirtyRateMiBps: 95)
        #expect(PreCopyModel(downtimeTarget: 0.03).estimate(vm, bandwidthMiBps: 100).forced)
        let throttled = PreCopyModel(downtimeTarget: 0.03, autoConverge: true).estimate(vm, bandwidthMiBps: 100)
        #expect(throttled.converges)
        #expect(throttled.rounds < 30)
    }

    @Test func simulatorFollowsTheHotSetAndTheTimeout() throws {
        let gbe = NetworkTopology.mebibytesPerSecond(gbps: 1, efficiency: 0.94)
        func run(_ vm: VM, network: Network) -> (SimulationResult, PreCopyEstimate) {
            let hosts = [Server(id: "h0", capacity: ["cpu": 8]), Server(id: "h1", capacity: ["cpu": 8])]
            let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: [vm]), network: network)
            let plan = MigrationPlan(actions: [PlanAction(id: 0, kind: .migrate, vm: vm.id, from: "h0", to: "h1", start: 0, end: 1)])
            return (PlanSimulator(instance: instance).simulate(plan), NetworkTopology(cluster: instance.cluster, network: network).preCopy.estimate(vm, bandwidthMiBps: gbe))
        }
        // Alone, the simulator and the model agree round for round (hot set, resume time).
        let hot = VM(id: "v", demand: ["cpu": 1], host: "h0", memoryMiB: 890, dirtyRateMiBps: 0.5, hotSetMiB: 8, hotRateMiBps: 29)
        let (s, e) = run(hot, network: Network(downtimeTargetMs: 30, resumeMs: 50))
        let m = try #require(s.migrations.first)
        #expect(abs(m.duration - e.duration) < 1e-6)
        #expect(abs(m.downtime - e.downtime) < 1e-6)
        #expect(m.rounds == e.rounds)
        // A guest dirtying faster than the NIC: forced at the timeout, or aborted (the VM stays on h0, the plan is stuck).
        let wild = VM(id: "w", demand: ["cpu": 1], host: "h0", memoryMiB: 1024, dirtyRateMiBps: 200)
        let (forced, forcedEstimate) = run(wild, network: Network(maxRounds: 1000, migrationTimeoutSeconds: 30))
        let f = try #require(forced.migrations.first)
        #expect(f.forced)
        #expect(abs(f.duration - forcedEstimate.duration) < 1e-6)
        #expect(forced.forcedSwitchovers == 1)
        let (aborted, _) = run(wild, network: Network(maxRounds: 1000, migrationTimeoutSeconds: 30, onTimeout: .abort))
        #expect(aborted.migrations.first?.aborted == true)
        #expect(abs(aborted.completion - 30) < 1e-6)
        #expect(aborted.stuck?.contains("aborted") == true)
    }

    @Test func schedulerMovesANonConvergingVMColdUnderAbort() throws {
        let hosts = [Server(id: "h0", capacity: ["cpu": 8]), Server(id: "h1", capacity: ["cpu": 8])]
        let vm = VM(id: "w", demand: ["cpu": 1], host: "h0", memoryMiB: 1024, dirtyRateMiBps: 200)
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: [vm]),
                                network: Network(maxRounds: 1000, migrationTimeoutSeconds: 30, onTimeout: .abort))
        let target = Placement(vmHosts: ["w": "h1"], onlineHosts: ["h0", "h1"])
        let result = try Scheduler().schedule(instance, target: target)
        #expect(result.plan.actions.contains { $0.kind == .suspend })
        #expect(result.plan.notes.contains { $0.contains("timeout aborts it") })
        let s = PlanSimulator(instance: instance).simulate(result.plan)
        #expect(s.stuck == nil)
        #expect(s.forcedSwitchovers == 0)
    }

    // MARK: power

    @Test func powerPerState() {
        let ucc = Server(id: "u", capacity: ["cpu": 8],
                         power: PowerModel(idleWatts: 110, peakWatts: 110, bootSeconds: 120, shutdownSeconds: 17, bootOverhead: 0.2, wattsPerVM: 16, offWatts: 5))
        #expect(ucc.watts(.on, cpuLoad: 4, cpuResource: "cpu", vms: 2) == 142)
        #expect(abs(ucc.watts(.booting, cpuLoad: 0, cpuResource: "cpu") - 132) < 1e-9)
        #expect(ucc.watts(.stopping, cpuLoad: 0, cpuResource: "cpu") == 110)
        #expect(ucc.watts(.off, cpuLoad: 0, cpuResource: "cpu") == 5)
        // Without an overhead a booting host draws its peak (berth/1's first rule).
        let blade = Server(id: "b", capacity: ["cpu": 8], power: PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 115, shutdownSeconds: 30))
        #expect(blade.watts(.booting, cpuLoad: 0, cpuResource: "cpu") == 200)
    }

    @Test func powerBudgetCountsVMsAndStandbyInTheCheckerAndTheMIP() throws {
        // Two UCC hosts (110 W + 16 W a VM, 10 W off), four VMs that fit on either: together they draw 2 × 110 + 4 × 16
        // = 284 W; one host on draws 110 + 64 + 10 = 184 W. A 200 W budget forces one host; 180 W is infeasible.
        let power = PowerModel(idleWatts: 110, peakWatts: 110, bootSeconds: 0, shutdownSeconds: 0, wattsPerVM: 16, offWatts: 10)
        let hosts = ["h0", "h1"].map { Server(id: $0, capacity: ["cpu": 8], power: power) }
        let vms = (0..<4).map { VM(id: "v\($0)", demand: ["cpu": 1], host: $0 < 2 ? "h0" : "h1", memoryMiB: 64) }
        func solve(_ watts: Double) throws -> PlacementOutcome {
            try PlacementSolver(options: PlacementOptions(timeLimit: .seconds(10))).solve(
                Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms),
                         constraints: [.powerBudget(PowerBudget(watts: watts))], objective: .minMigrations))
        }
        guard case .placed(let placed) = try solve(200) else { Issue.record("200 W: no placement"); return }
        #expect(placed.placement.onlineHosts.count == 1)
        if case .placed = try solve(180) { Issue.record("180 W cannot hold: 184 W at least") }
        let both = Placement(vmHosts: Dictionary(uniqueKeysWithValues: vms.map { ($0.id, $0.host!) }), onlineHosts: ["h0", "h1"])
        let instance = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), constraints: [.powerBudget(PowerBudget(watts: 280))])
        #expect(PlacementChecker.check(instance, both).first?.measured == 284)
    }
}
