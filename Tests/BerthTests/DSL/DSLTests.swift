import Berth
import Foundation
import Testing

/// The Swift DSL builds the same values as JSON: DSL → JSON → DSL is the identity, for every constraint.
@Suite struct DSLTests {
    static let cluster: Cluster = {
        var hosts = (1...8).map { i in
            Server(id: "h\(i)", capacity: ["cpu": 16, "memory": 64], attributes: ["rack": i <= 4 ? "r1" : "r7", "bladeCenter": i <= 2 ? "bc1" : "bc2"])
        }
        hosts[3].features = ["gpu"]
        let vms = (1...6).map { i in
            VM(id: "web-\(i)", demand: ["cpu": 2, "memory": 4], host: "h\(i)", tags: i <= 2 ? ["db"] : (i <= 4 ? ["hpc"] : []))
        }
        return Cluster(resources: ["cpu", "memory"], hosts: hosts, vms: vms)
    }()

    @Test func issueExampleBuilds() throws {
        let instance = Instance(Self.cluster) {
            Spread(vms("web-1", "web-2", "web-3"))
            Ban(vms(tagged: "db"), hosts(rack: "r7"))
            Among(vms(group: "hpc"), groups: hosts.byRack)
            MaxOnline(hosts.all, 30)
            Offline(hosts(bladeCenter: "bc1"))
            Objective.minHosts
            TimeLimit(seconds: 5)
        }
        #expect(instance.constraints.count == 5)
        #expect(instance.objective == .minHosts)
        #expect(instance.timeLimit == 5)
        #expect(instance.constraints[1] == .ban(Ban(vms: ["web-1", "web-2"], hosts: ["h5", "h6", "h7", "h8"])))
        #expect(instance.constraints[2] == .among(Among(vms: ["web-3", "web-4"], groups: [["h1", "h2", "h3", "h4"], ["h5", "h6", "h7", "h8"]])))
        #expect(instance.constraints[4] == .offline(Offline(hosts: ["h1", "h2"])))
        let result = try PlacementSolver().place(instance)
        #expect(result.placement.vmHosts["web-1"].map { !["h1", "h2"].contains($0) } == true)
    }

    /// One instance using every constraint of the catalog through the DSL.
    static func everything() -> Instance {
        Instance(cluster) {
            Ban(vms("web-1"), hosts("h8")).named("no-h8")
            Fence(vms(prefix: "web-", 1...2), hosts(rack: "r1"))
            Spread(vms(tagged: "db"))
            Gather(vms("web-5", "web-6"))
            Among(vms(group: "hpc"), groups: hosts.byRack)
            Lonely(vms("web-3"))
            Root(vms("web-6"))
            Online(hosts("h1"))
            Offline(hosts("h8"))
            MaxOnline(hosts.all, 7)
            Split([vms("web-1"), vms("web-5")])
            SplitAmong([vms("web-1"), vms("web-5", "web-6")], hosts.byRack)
            Quarantine(hosts("h7"))
            Preserve(vms("web-2"), "memory", 8)
            Overbook(hosts.all, "cpu", 1.5)
            ResourceCapacity(hosts(rack: "r1"), "cpu", 40)
            RunningCapacity(hosts.all - hosts("h1"), 10)
            SingleResourceCapacity(hosts(rack: "r7"), "memory", 60)
            Compatible(vms("web-4"), features: ["gpu"])
            Affinity(vms("web-2", "web-3"), weight: 0.5)
            AntiAffinity(vms(tagged: "hpc"), weight: 2)
            PowerBudget(watts: 3_500)
            Precedence(vms("web-1"), before: vms("web-2"))
            Deadline(vms(tagged: "db"), seconds: 600)
            Sync(vms("web-5", "web-6"))
            NoDelay(vms(tagged: "db"))
            Seq(vms("web-3"), vms("web-1", "web-2"))
            Serialize(vms(group: "hpc"))
            SerializeReboots(hosts(rack: "r1"))
            MaxConcurrentMigrations(hosts(rack: "r7"), 2)
            SoftCapacity("cpu", on: hosts(rack: "r1"), threshold: 12, weight: 2)
            BalanceTarget(resource: "cpu", against: "memory", target: 4)
            TransientResource("memory", vms: vms(tagged: "db"))
            SpreadOver(vms(tagged: "db"), attribute: "bladeCenter", minimum: 1)
            Dependency(vms(tagged: "hpc"), on: vms(tagged: "db"), attribute: "rack")
            MoveCost(vms(tagged: "db"), cost: 10, weight: 1)
            GroupMoveCost([vms(tagged: "db"), vms(tagged: "hpc")], weight: 5)
            HostMoveCost(costs: ["h1": ["h2": 3]], weight: 1)
            for i in 1...2 { Root(vms("web-\(i)")) }
            if cluster.hosts.count > 4 { Objective.balance } else { Objective.minHosts }
        }
    }

    @Test func everyConstraintRoundTripsThroughJSON() throws {
        let instance = Self.everything()
        let kinds = Set(instance.constraints.map(\.kind))
        let expected = Set(ConstraintCatalog.kinds)
        #expect(kinds == expected, "missing: \(expected.subtracting(kinds))")
        let json = try InstanceCodec.encode(instance)
        let decoded = try InstanceCodec.decodeInstance(json)
        #expect(decoded == instance)
        #expect(decoded.objective == .balance)
        #expect(decoded.constraints[0].label == "no-h8")
    }

    /// A constraint gives its rule back as its own type, and only that type (the public way to read one).
    @Test func aConstraintUnwrapsToItsRuleOnly() {
        let constraints = Self.everything().constraints
        for constraint in constraints {
            #expect((constraint.as(Spread.self) != nil) == (constraint.kind == "spread"), "\(constraint.kind)")
        }
        let spread = Constraint.spread(Spread(vms: ["a", "b"], label: "web"))
        #expect(spread.as(Spread.self) == Spread(vms: ["a", "b"], label: "web"))
        #expect(Spread(vms: ["a", "b"], label: "web").constraint == spread)
        #expect(spread.as(Ban.self) == nil)
        #expect(spread != .spread(Spread(vms: ["a", "b"])))
        #expect(Set([spread, spread, .gather(Gather(vms: ["a", "b"]))]).count == 2)
    }

    @Test func everyConstraintInstanceSolvesAndChecks() throws {
        let instance = Self.everything()
        let result = try PlacementSolver().place(instance)
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        #expect(result.placement.vmHosts["web-4"] == "h4", "only h4 has the gpu")
    }

    @Test func selectorsOutsideABlockUseAnExplicitCluster() {
        let select = HostSelector(Self.cluster)
        #expect(select(bladeCenter: "bc1").ids == ["h1", "h2"])
        #expect(select(feature: "gpu").ids == ["h4"])
        #expect(select(prefix: "h", 1...3).ids == ["h1", "h2", "h3"])
        #expect(VMSelector(Self.cluster).on(["h1", "h2"]).ids == ["web-1", "web-2"])
        #expect(VMSelector(Self.cluster)(prefix: "vm-", 8...10, width: 2).ids == ["vm-08", "vm-09", "vm-10"])
    }
}
