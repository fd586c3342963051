import Berth
import Testing

/// Twenty-odd impossible requests: the reported conflict set is the expected one and minimal —
/// relaxing any one of its members makes the instance feasible.
struct ImpossibleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var instance: Instance
    var conflicts: Set<String>
    var testDescription: String { name }
}

private func vm(_ id: String, _ host: String?, cpu: Double = 2) -> VM { Fixtures.vm(id, on: host, cpu: cpu) }
private func cluster(_ hostCount: Int, cpu: Double = 8, _ vms: [VM], edit: (inout [Server]) -> Void = { _ in }) -> Instance {
    var hosts = Fixtures.hosts(hostCount, cpu: cpu, mem: 64)
    edit(&hosts)
    return Fixtures.instance(hosts: hosts, vms: vms)
}
private func with(_ base: Instance, _ constraints: [Constraint]) -> Instance {
    var copy = base
    copy.constraints = constraints
    return copy
}
private let five = (1...5).map { vm("w\($0)", "h0") }

let impossibleCases: [ImpossibleCase] = [
    ImpossibleCase(name: "spread over too few hosts", instance: with(cluster(4, cpu: 32, five), [.spread(Spread(vms: five.map(\.id)))]),
                   conflicts: ["spread#1"]),
    ImpossibleCase(name: "spread against fence", instance: with(cluster(6, cpu: 32, five), [
        .spread(Spread(vms: five.map(\.id))), .fence(Fence(vms: five.map(\.id), hosts: ["h0", "h1", "h2", "h3"])),
    ]), conflicts: ["spread#1", "fence#2"]),
    ImpossibleCase(name: "total demand above capacity", instance: cluster(2, five.map { vm($0.id, "h0", cpu: 4) }), conflicts: ["capacity"]),
    ImpossibleCase(name: "ban against fence", instance: with(cluster(3, [vm("a", "h0")]), [
        .fence(Fence(vms: ["a"], hosts: ["h1"])), .ban(Ban(vms: ["a"], hosts: ["h1"])),
    ]), conflicts: ["fence#1", "ban#2"]),
    ImpossibleCase(name: "gather larger than a host", instance: with(cluster(3, [vm("a", "h0", cpu: 6), vm("b", "h1", cpu: 6)]), [
        .gather(Gather(vms: ["a", "b"])),
    ]), conflicts: ["gather#1", "capacity"]),
    ImpossibleCase(name: "licence limit against evacuation", instance: with(
        cluster(3, [vm("a", "h0", cpu: 6), vm("b", "h1", cpu: 6)]) { $0[0].state = .maintenance },
        [.maxOnline(MaxOnline(hosts: ["h0", "h1", "h2"], amount: 1))]), conflicts: ["maxOnline#1", "capacity"]),
    ImpossibleCase(name: "root on a host going offline", instance: with(cluster(2, [vm("a", "h0")]), [
        .root(Root(vms: ["a"])), .offline(Offline(hosts: ["h0"])),
    ]), conflicts: ["root#1", "offline#2"]),
    ImpossibleCase(name: "online and offline together", instance: with(cluster(2, [vm("a", "h0")]), [
        .online(Online(hosts: ["h1"])), .offline(Offline(hosts: ["h1"])),
    ]), conflicts: ["online#1", "offline#2"]),
    ImpossibleCase(name: "among groups too small", instance: with(cluster(2, (1...3).map { vm("v\($0)", "h\($0 % 2)", cpu: 4) }), [
        .among(Among(vms: ["v1", "v2", "v3"], groups: [["h0"], ["h1"]])),
    ]), conflicts: ["among#1", "capacity"]),
    ImpossibleCase(name: "lonely against gather", instance: with(cluster(3, [vm("a", "h0"), vm("b", "h1")]), [
        .gather(Gather(vms: ["a", "b"])), .lonely(Lonely(vms: ["a"])),
    ]), conflicts: ["gather#1", "lonely#2"]),
    ImpossibleCase(name: "split against gather", instance: with(cluster(3, [vm("a", "h0"), vm("b", "h1")]), [
        .split(Split(groups: [["a"], ["b"]])), .gather(Gather(vms: ["a", "b"])),
    ]), conflicts: ["split#1", "gather#2"]),
    ImpossibleCase(name: "splitAmong against fence", instance: with(cluster(4, [vm("a", "h0"), vm("b", "h2")]), [
        .splitAmong(SplitAmong(vmGroups: [["a"], ["b"]], hostGroups: [["h0", "h1"], ["h2", "h3"]])),
        .fence(Fence(vms: ["a", "b"], hosts: ["h0", "h1"])),
    ]), conflicts: ["splitAmong#1", "fence#2"]),
    ImpossibleCase(name: "quarantine against ban", instance: with(cluster(2, [vm("a", "h0")]), [
        .quarantine(Quarantine(hosts: ["h0"])), .ban(Ban(vms: ["a"], hosts: ["h0"])),
    ]), conflicts: ["quarantine#1", "ban#2"]),
    ImpossibleCase(name: "preserve beyond every host", instance: with(cluster(2, [vm("a", "h0")]), [
        .preserve(Preserve(vms: ["a"], resource: "cpu", amount: 20)),
    ]), conflicts: ["preserve#1", "capacity"]),
    ImpossibleCase(name: "resourceCapacity below demand", instance: with(cluster(2, [vm("a", "h0"), vm("b", "h1")]), [
        .resourceCapacity(ResourceCapacity(hosts: ["h0", "h1"], resource: "cpu", amount: 3)),
    ]), conflicts: ["resourceCapacity#1"]),
    ImpossibleCase(name: "runningCapacity below the VM count", instance: with(cluster(2, [vm("a", "h0"), vm("b", "h1")]), [
        .runningCapacity(RunningCapacity(hosts: ["h0", "h1"], amount: 1)),
    ]), conflicts: ["runningCapacity#1"]),
    ImpossibleCase(name: "singleResourceCapacity below a VM", instance: with(cluster(2, [vm("a", "h0")]), [
        .singleResourceCapacity(SingleResourceCapacity(hosts: ["h0", "h1"], resource: "cpu", amount: 1)),
    ]), conflicts: ["singleResourceCapacity#1"]),
    ImpossibleCase(name: "compatible with a feature nobody has", instance: with(cluster(2, [vm("a", "h0")]), [
        .compatible(Compatible(vms: ["a"], features: ["gpu"])),
    ]), conflicts: ["compatible#1"]),
    ImpossibleCase(name: "required feature nobody has", instance: {
        var a = vm("a", "h0")
        a.requires = ["sgx"]
        return cluster(2, [a])
    }(), conflicts: ["compatibility"]),
    ImpossibleCase(name: "maintenance leaves no room", instance: cluster(2, [vm("a", "h0", cpu: 6), vm("b", "h1", cpu: 6)]) { $0[0].state = .maintenance },
                   conflicts: ["capacity", "hostState"]),
    ImpossibleCase(name: "every host offline", instance: with(cluster(2, [vm("a", "h0")]), [.offline(Offline(hosts: ["h0", "h1"]))]),
                   conflicts: ["offline#1"]),
    ImpossibleCase(name: "no host may be online", instance: with(cluster(2, [vm("a", "h0")]), [.maxOnline(MaxOnline(hosts: ["h0", "h1"], amount: 0))]),
                   conflicts: ["maxOnline#1"]),
    ImpossibleCase(name: "an irrelevant constraint is left out", instance: with(cluster(4, cpu: 32, five), [
        .ban(Ban(vms: ["w1"], hosts: ["h3"])), .spread(Spread(vms: five.map(\.id))), .online(Online(hosts: ["h2"])),
    ]), conflicts: ["spread#2"]),
]

/// `instance` with one conflict relaxed: a user constraint removed, or a built-in rule neutralised.
func relaxed(_ instance: Instance, _ id: String) -> Instance {
    var copy = instance
    switch id {
    case "capacity":
        for i in copy.cluster.hosts.indices { copy.cluster.hosts[i].capacity = ["cpu": 1e6, "mem": 1e6] }
    case "compatibility":
        for i in copy.cluster.vms.indices { copy.cluster.vms[i].requires = [] }
    case "hostState":
        for i in copy.cluster.hosts.indices where copy.cluster.hosts[i].state == .maintenance { copy.cluster.hosts[i].state = .online }
    default:
        let index = instance.constraints.indices.first { instance.constraintID(at: $0) == id }!
        copy.constraints.remove(at: index)
    }
    return copy
}

@Suite struct InfeasibilityCatalogTests {
    @Test func thereAreAtLeastTwentyCases() { #expect(impossibleCases.count >= 20) }

    @Test("the conflict set is the expected one and minimal", arguments: impossibleCases)
    func conflictSetIsMinimal(_ c: ImpossibleCase) throws {
        let report = try #require(try Fixtures.infeasibility(c.instance), "\(c.name) was placed")
        #expect(Set(report.conflicts.map(\.id)) == c.conflicts, "\(report.explanation)")
        #expect(report.isMinimal)
        #expect(!report.explanation.isEmpty)
        for conflict in report.conflicts {
            let outcome = try PlacementSolver().solve(relaxed(c.instance, conflict.id))
            guard case .placed = outcome else {
                Issue.record("\(c.name): relaxing \(conflict.id) should make it feasible")
                continue
            }
        }
    }

    @Test func libraryThrowsATypedError() {
        #expect(throws: PlacementError.self) { try PlacementSolver().place(impossibleCases[0].instance) }
        do {
            _ = try PlacementSolver().place(impossibleCases[0].instance)
        } catch {
            guard case .infeasible(let report) = error else { Issue.record("expected .infeasible, got \(error)"); return }
            #expect(report.conflicts.map(\.id) == ["spread#1"])
        }
    }
}
