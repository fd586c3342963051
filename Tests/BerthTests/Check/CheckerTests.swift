import Berth
import Testing

/// The built-in rules of the independent checker, and its reporting.
@Suite struct CheckerTests {
    let instance: Instance = {
        var hosts = Fixtures.hosts(3)
        hosts[1].features = ["gpu"]
        hosts[2].state = .maintenance
        var gpu = Fixtures.vm("g", on: "h1")
        gpu.requires = ["gpu"]
        var sleeper = Fixtures.vm("z", on: "h1")
        sleeper.state = .sleeping
        return Fixtures.instance(hosts: hosts, vms: [Fixtures.vm("a", on: "h0", cpu: 6), Fixtures.vm("b", on: "h0", cpu: 2), gpu, sleeper])
    }()

    func kinds(_ placement: Placement) -> [String] { PlacementChecker.check(instance, placement).map(\.kind) }

    @Test func acceptsAValidPlacement() {
        #expect(kinds(Placement(vmHosts: ["a": "h0", "b": "h0", "g": "h1"], onlineHosts: ["h0", "h1"])).isEmpty)
    }

    @Test func capacityNamesHostResourceAndAmounts() throws {
        let violations = PlacementChecker.check(instance, Placement(vmHosts: ["a": "h0", "b": "h0", "g": "h0"], onlineHosts: ["h0", "h1"]))
        let capacity = try #require(violations.first { $0.kind == "capacity" })
        #expect(capacity.hosts == ["h0"])
        #expect(capacity.resource == "cpu")
        #expect(capacity.measured == 10)
        #expect(capacity.limit == 8)
        #expect(violations.contains { $0.kind == "compatibility" && $0.vms == ["g"] })
    }

    @Test func unplacedVMsAndHostsEndingOff() {
        #expect(kinds(Placement(vmHosts: ["a": "h0", "b": "h0"], onlineHosts: ["h0", "h1"])) == ["assignment"])
        #expect(kinds(Placement(vmHosts: ["a": "h0", "b": "h0", "g": "h1"], onlineHosts: ["h0"])).sorted() == ["assignment", "hostState"])
    }

    @Test func maintenanceHostsMustEndEmpty() {
        #expect(kinds(Placement(vmHosts: ["a": "h2", "b": "h0", "g": "h1"], onlineHosts: ["h0", "h1"])) == ["hostState"])
    }

    @Test func sleepingVMsCannotMove() {
        #expect(kinds(Placement(vmHosts: ["a": "h0", "b": "h0", "g": "h1", "z": "h0"], onlineHosts: ["h0", "h1"])) == ["assignment"])
    }

    @Test func groupsViolationsByConstraint() {
        let violations = PlacementChecker.check(instance, Placement(vmHosts: ["a": "h0", "b": "h0", "g": "h0"], onlineHosts: ["h0", "h1"]))
        #expect(violations.byConstraint.map(\.constraint) == ["capacity", "compatibility"])
    }
}
