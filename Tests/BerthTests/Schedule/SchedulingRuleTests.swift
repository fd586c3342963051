import Berth
import Foundation
import Testing

/// `noDelay`, `seq`, `serialize`, `serializeReboots` and `maxConcurrentMigrations`: each changes the
/// plan, the plan passes the checker (and so does its simulated timeline), and the checker catches
/// the plan made without the rule.
@Suite struct SchedulingRuleTests {
    /// v0..v3 on s0..s3 move to d0..d3 (d0, d1 off when `offline`); with `network`, every pair crosses
    /// the `up` link (10 Gb/s: several flows at once), else each pair has its own NICs: all run in parallel.
    static func instance(_ constraints: [Constraint], offline: Bool = false, network: Bool = false) -> (Instance, Placement) {
        let power = PowerModel(idleWatts: 100, peakWatts: 200, bootSeconds: 30, shutdownSeconds: 10)
        var hosts: [Server] = [], vms: [VM] = [], map: [String: String] = [:], attachments: [HostAttachment] = []
        for i in 0..<4 {
            hosts.append(Server(id: "s\(i)", capacity: ["cpu": 4], power: power))
            hosts.append(Server(id: "d\(i)", capacity: ["cpu": 4], state: offline && i < 2 ? .offline : .online, power: power))
            attachments += [HostAttachment(host: "s\(i)", switchID: "a"), HostAttachment(host: "d\(i)", switchID: "b")]
            vms.append(VM(id: "v\(i)", demand: ["cpu": 2], host: "s\(i)", memoryMiB: Double(512 * (i + 1))))
            map["v\(i)"] = "d\(i)"
        }
        let net = network ? Network(switches: [NetworkSwitch(id: "a"), NetworkSwitch(id: "b")],
                                    links: [NetworkLink(id: "up", between: ["a", "b"], gbps: 10)], hosts: attachments) : nil
        return (Instance(cluster: Cluster(resources: ["cpu"], hosts: hosts, vms: vms), constraints: constraints, network: net),
                Placement(vmHosts: map, onlineHosts: Set(hosts.map(\.id))))
    }

    /// Schedules with `rule`, checks plan and simulated timeline, and returns it with the plan made without the rule.
    func plans(_ rule: Constraint, offline: Bool = false, network: Bool = false) throws -> (with: MigrationPlan, without: MigrationPlan, instance: Instance) {
        let (instance, target) = Self.instance([rule], offline: offline, network: network)
        let plan = try Scheduler().schedule(instance, target: target).plan
        #expect(PlanChecker.check(instance, plan: plan, target: target).isEmpty)
        #expect(PlanChecker.check(instance, plan: PlanSimulator(instance: instance).simulate(plan).timeline, target: target).isEmpty)
        let (plainInstance, _) = Self.instance([], offline: offline, network: network)
        let plain = try Scheduler().schedule(plainInstance, target: target).plan
        #expect(PlanChecker.check(instance, plan: plain, target: target).contains { $0.kind == rule.kind && $0.constraint == "rule" },
                "the checker must catch the plan made without \(rule.kind)")
        return (plan, plain, instance)
    }

    func move(_ plan: MigrationPlan, _ vm: String) -> PlanAction { plan.actions(.migrate).first { $0.vm == vm }! }

    func overlap(_ a: PlanAction, _ b: PlanAction) -> Bool { a.start < b.end - 1e-9 && b.start < a.end - 1e-9 }

    @Test func noDelayStartsItsVMAtOnce() throws {
        // One 1 Gb/s uplink takes one flow at a time; shortest first would move v0 first.
        let (instance, target) = PrecedenceDeadlineTests.instance([.noDelay(NoDelay(vms: ["v3"], label: "rule"))])
        let plan = try Scheduler().schedule(instance, target: target).plan
        #expect(move(plan, "v3").start == 0)
        #expect(PlanChecker.check(instance, plan: plan, target: target).isEmpty)
        let plain = try Scheduler().schedule(PrecedenceDeadlineTests.instance([]).0, target: target).plan
        #expect(move(plain, "v3").start > 0)
        #expect(PlanChecker.check(instance, plan: plain, target: target).contains { $0.kind == "noDelay" && $0.constraint == "rule" })
        // Two VMs cannot both start at once over that link: the scheduler says which rule.
        let (both, _) = PrecedenceDeadlineTests.instance([.noDelay(NoDelay(vms: ["v2", "v3"], label: "urgent"))])
        #expect { try Scheduler().schedule(both, target: target) } throws: { "\($0)".contains("urgent") }
    }

    @Test func seqRunsTheMovesInTheListedOrder() throws {
        let (plan, plain, _) = try plans(.seq(Seq(vms: ["v2", "v0", "v1"], label: "rule")))
        #expect(plain.actions(.migrate).allSatisfy { $0.start == 0 })
        #expect(move(plan, "v0").start >= move(plan, "v2").end - 1e-9)
        #expect(move(plan, "v1").start >= move(plan, "v0").end - 1e-9)
        #expect(move(plan, "v3").start == 0)
    }

    @Test func serializeNeverOverlapsTheMoves() throws {
        let (plan, _, _) = try plans(.serialize(Serialize(vms: ["v0", "v1", "v2"], label: "rule")))
        let moves = ["v0", "v1", "v2"].map { move(plan, $0) }
        for i in moves.indices { for j in moves.indices where i < j { #expect(!overlap(moves[i], moves[j])) } }
        #expect(move(plan, "v3").start == 0)
    }

    @Test func serializeRebootsBootsOneHostAtATime() throws {
        let (plan, plain, _) = try plans(.serializeReboots(SerializeReboots(hosts: ["d0", "d1"], label: "rule")), offline: true)
        let boots = plan.actions(.boot)
        #expect(boots.count == 2 && !overlap(boots[0], boots[1]))
        #expect(plain.actions(.boot).allSatisfy { $0.start == 0 })
    }

    @Test(arguments: [
        MaxConcurrentMigrations(hosts: ["s0", "s1", "s2"], amount: 1, label: "rule"),
        MaxConcurrentMigrations(amount: 2, label: "rule"),
    ])
    func maxConcurrentMigrationsLimitsAHostSetOrTheWholeDataCenter(_ rule: MaxConcurrentMigrations) throws {
        let (plan, _, _) = try plans(.maxConcurrentMigrations(rule))
        let counted = plan.actions(.migrate).filter { a in rule.hosts.map { $0.contains(a.from!) } ?? true }
        for a in counted {
            #expect(counted.filter { $0.start <= a.start + 1e-9 && a.start < $0.end - 1e-9 }.count <= rule.amount)  // running when `a` starts
        }
    }

    @Test func maxConcurrentMigrationsPerLink() throws {
        let (plan, plain, _) = try plans(.maxConcurrentMigrations(MaxConcurrentMigrations(links: ["up"], amount: 1, label: "rule")), network: true)
        #expect(plain.actions(.migrate).filter { $0.start == 0 }.count > 1)
        let moves = plan.actions(.migrate)
        for a in moves { #expect(moves.filter { overlap($0, a) }.count == 1) }
        // The script form names links with link=id; it round-trips through JSON on a model with that link.
        let (instance, _) = Self.instance([], network: true)
        let script = try RulesScript.parse("maxConcurrentMigrations(link=up, 1)", cluster: instance.cluster)
        #expect(script.constraints == [.maxConcurrentMigrations(MaxConcurrentMigrations(links: ["up"], amount: 1))])
        let applied = script.applied(to: instance)
        #expect(try InstanceCodec.decodeInstance(InstanceCodec.encode(applied)) == applied)
    }

    @Test func decodingIsStrictAndNamesPaths() throws {
        let json = """
            {"format": "berth/1", "resources": ["cpu"], "hosts": [{"id": "h", "capacity": {"cpu": 4}}],
             "vms": [{"id": "a", "demand": {"cpu": 1}, "host": "h"}],
             "constraints": [{"kind": "seq", "vms": ["a"]}, {"kind": "maxConcurrentMigrations", "links": ["up"], "amount": 0},
                             {"kind": "serializeReboots", "hosts": ["h", "x"]}]}
            """
        do {
            _ = try InstanceCodec.decodeInstance(Data(json.utf8))
            Issue.record("must be refused")
        } catch {
            #expect(Set(error.issues.map(\.path)) == ["constraints[0].vms", "constraints[1].amount", "constraints[1].links[0]", "constraints[2].hosts[1]"])
        }
        let unknownKey = #"{"format": "berth/1", "resources": ["cpu"], "hosts": [], "vms": [], "constraints": [{"kind": "noDelay", "vms": [], "when": 0}]}"#
        #expect(throws: (any Error).self) { try InstanceCodec.decodeInstance(Data(unknownKey.utf8)) }
    }
}
