import Berth
import Testing

/// Impossible requests are explained by a small set of conflicting constraints and the missing amounts.
@Suite struct InfeasibilityTests {
    @Test func spreadAgainstFenceNamesBoth() throws {
        let vms = (1...5).map { Fixtures.vm("w\($0)", on: "h0") }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(6, cpu: 32, mem: 64), vms: vms, [
            .ban(Ban(vms: ["w1"], hosts: ["h5"], label: "irrelevant")),
            .spread(Spread(vms: vms.map(\.id))),
            .fence(Fence(vms: vms.map(\.id), hosts: ["h0", "h1", "h2", "h3"])),
        ])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["spread#2", "fence#3"])
        #expect(report.explanation.contains { $0.contains("spread of 5 VMs needs 5 distinct hosts; only 4 can take them") && $0.contains("fence#3") })
    }

    @Test func capacityShortfallIsQuantified() throws {
        let vms = (1...5).map { Fixtures.vm("v\($0)", on: "h0", cpu: 4, mem: 1) }
        let instance = Fixtures.instance(hosts: Fixtures.hosts(2, cpu: 8, mem: 64), vms: vms)
        let report = try #require(try Fixtures.infeasibility(Instance(cluster: instance.cluster)))
        #expect(report.conflicts.map(\.id) == ["capacity"])
        #expect(report.explanation.contains { $0.contains("need 20 cpu") && $0.contains("offer 16") && $0.contains("missing 4") })
    }

    @Test func vmWithNoHostNamesBanAndFence() throws {
        let instance = Fixtures.instance(hosts: Fixtures.hosts(3), vms: [Fixtures.vm("a", on: "h0")], [
            .fence(Fence(vms: ["a"], hosts: ["h1"], label: "only-h1")),
            .ban(Ban(vms: ["a"], hosts: ["h1"], label: "not-h1")),
        ])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["only-h1", "not-h1"])
        #expect(report.explanation.contains { $0.contains("a has no host") })
    }

    @Test func gatherTooBigForOneHost() throws {
        let vms = [Fixtures.vm("a", on: "h0", cpu: 6), Fixtures.vm("b", on: "h1", cpu: 6)]
        let instance = Fixtures.instance(hosts: Fixtures.hosts(3), vms: vms, [.gather(Gather(vms: ["a", "b"]))])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["gather#1", "capacity"])
        #expect(report.explanation.contains { $0.contains("need 12 cpu on one host; the largest usable host offers 8") })
    }

    /// Evacuating h0 needs a second host on; the licence allows one.
    @Test func maintenanceAgainstMaxOnline() throws {
        var hosts = Fixtures.hosts(3)
        hosts[0].state = .maintenance
        let vms = [Fixtures.vm("a", on: "h0", cpu: 6), Fixtures.vm("b", on: "h1", cpu: 6)]
        let instance = Fixtures.instance(hosts: hosts, vms: vms, [.maxOnline(MaxOnline(hosts: ["h0", "h1", "h2"], amount: 1))])
        let report = try #require(try Fixtures.infeasibility(instance))
        #expect(Set(report.conflicts.map(\.id)) == ["maxOnline#1", "capacity"])
        #expect(report.isMinimal)
    }
}
