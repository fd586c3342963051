import Berth
import Foundation
import Testing

/// `precedence`, `deadline` and `sync`: scheduled, checked, decoded with paths.
@Suite struct PrecedenceDeadlineTests {
    /// Four VMs on s0..s3, each moving to d0..d3, all over one 1 Gb/s uplink (one flow at a time).
    static func instance(_ constraints: [Constraint]) -> (Instance, Placement) {
        var hosts: [Server] = [], attachments: [HostAttachment] = [], vms: [VM] = [], map: [String: String] = [:]
        for i in 0..<4 {
            hosts += [Server(id: "s\(i)", capacity: ["cpu": 4]), Server(id: "d\(i)", capacity: ["cpu": 4])]
            attachments += [HostAttachment(host: "s\(i)", switchID: "a"), HostAttachment(host: "d\(i)", switchID: "b")]
            vms.append(VM(id: "v\(i)", demand: ["cpu": 2], host: "s\(i)", memoryMiB: Double(512 * (i + 1))))
            map["v\(i)"] = "d\(i)"
        }
        let network = Network(switches: [NetworkSwitch(id: "a"), NetworkSwitch(id: "b")],
                              links: [NetworkLink(id: "up", between: ["a", "b"], gbps: 1)], hosts: attachments)
        return (Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), constraints: constraints, network: network),
                Placement(vmHosts: map, onlineHosts: Set(hosts.map(\.id))))
    }

    @Test func precedenceReordersShortestFirst() throws {
        // Shortest first would move v0 first; v3 must go before v0 and v1.
        let (instance, target) = Self.instance([.precedence(Precedence(before: ["v3"], after: ["v0", "v1"], label: "v3-first"))])
        let plan = try Scheduler().schedule(instance, target: target).plan
        let migrations = plan.actions(.migrate)
        let v3 = try #require(migrations.first { $0.vm == "v3" })
        for vm in ["v0", "v1"] {
            let a = try #require(migrations.first { $0.vm == vm })
            #expect(a.start >= v3.end - 1e-9)
            #expect(a.dependsOn.contains(v3.id))
        }
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        #expect(PlanChecker.check(instance, plan: simulated.timeline, target: target).isEmpty)
    }

    @Test func checkerCatchesABrokenPrecedence() throws {
        let (instance, target) = Self.instance([.precedence(Precedence(before: ["v3"], after: ["v0"]))])
        let plain = try Scheduler().schedule(Self.instance([]).0, target: target).plan
        #expect(PlanChecker.check(instance, plan: plain, target: target).contains { $0.kind == "precedence" })
    }

    @Test func deadlineMovesItsVMFirstOrSaysItCannot() throws {
        let (instance, target) = Self.instance([.deadline(Deadline(vms: ["v3"], seconds: 20, label: "urgent"))])
        let plan = try Scheduler().schedule(instance, target: target).plan
        let v3 = try #require(plan.actions(.migrate).first { $0.vm == "v3" })
        #expect(v3.start == 0 && v3.end <= 20)
        let (tight, _) = Self.instance([.deadline(Deadline(vms: ["v3"], seconds: 5, label: "impossible"))])
        #expect(throws: SchedulingError.self) { try Scheduler().schedule(tight, target: target) }
        let lateCheck = PlanChecker.check(tight, plan: plan, target: target)
        #expect(lateCheck.contains { $0.kind == "deadline" && $0.constraint == "impossible" })
    }

    @Test func decodingNamesUnknownVMsInBeforeAndAfter() {
        let json = """
            {"format": "berth/1", "resources": ["cpu"], "hosts": [{"id": "h", "capacity": {"cpu": 4}}],
             "vms": [{"id": "a", "demand": {"cpu": 1}, "host": "h"}],
             "constraints": [{"kind": "precedence", "before": ["a"], "after": ["b"]}, {"kind": "deadline", "vms": ["a"], "seconds": -1}]}
            """
        do {
            _ = try InstanceCodec.decodeInstance(Data(json.utf8))
            Issue.record("must be refused")
        } catch {
            #expect(Set(error.issues.map(\.path)) == ["constraints[0].after[0]", "constraints[1].seconds"])
        }
    }

    @Test func syncStartsTalkingVMsTogetherSharingTheNIC() throws {
        // Two VMs on one host (one GbE NIC) go to two hosts: alone they would go one after the other.
        let hosts = ["src", "a", "b"].map { Server(id: $0, capacity: ["cpu": 8]) }
        let vms = ["web", "db"].map { VM(id: $0, demand: ["cpu": 2], host: "src", memoryMiB: 1024, dirtyRateMiBps: 2) }
        let target = Placement(vmHosts: ["web": "a", "db": "b"], onlineHosts: ["src", "a", "b"])
        let plain = Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms))
        let unsynced = try Scheduler().schedule(plain, target: target).plan
        #expect(Set(unsynced.actions(.migrate).map(\.start)).count == 2)
        let synced = Instance(cluster: plain.cluster, constraints: [.sync(Sync(vms: ["web", "db"], label: "pair"))])
        let plan = try Scheduler().schedule(synced, target: target).plan
        #expect(Set(plan.actions(.migrate).map(\.start)) == [0])
        #expect(PlanChecker.check(synced, plan: unsynced, target: target).contains { $0.kind == "sync" && $0.constraint == "pair" })
        let simulated = PlanSimulator(instance: synced).simulate(plan)
        #expect(simulated.forcedSwitchovers == 0)
        #expect(PlanChecker.check(synced, plan: simulated.timeline, target: target).isEmpty)
    }
}
