import Berth
import Testing

/// Discrete (holds at the end) versus continuous (holds at every instant) semantics, as in BtrPlace.
@Suite struct ContinuityTests {
    let cluster = DSLTests.cluster

    @Test func defaultsFollowBtrPlace() {
        #expect(Constraint.spread(Spread(vms: ["a"])).isContinuous)
        #expect(Constraint.overbook(Overbook(hosts: ["h1"], resource: "cpu", ratio: 2)).isContinuous)
        #expect(!Constraint.ban(Ban(vms: ["a"], hosts: ["h1"])).isContinuous)
        #expect(Constraint.root(Root(vms: ["a"])).isContinuous, "root is continuous only")
        #expect(Constraint.quarantine(Quarantine(hosts: ["h1"])).isContinuous, "quarantine is continuous only")
        #expect(!Constraint.offline(Offline(hosts: ["h1"])).isContinuous, "offline is discrete only")
        let scheduling: [Constraint] = [
            .precedence(Precedence(before: ["a"], after: ["b"])), .deadline(Deadline(vms: ["a"], seconds: 60)),
            .sync(Sync(vms: ["a", "b"])), .noDelay(NoDelay(vms: ["a"])), .seq(Seq(vms: ["a", "b"])),
            .serialize(Serialize(vms: ["a", "b"])), .serializeReboots(SerializeReboots(hosts: ["h1"])),
            .maxConcurrentMigrations(MaxConcurrentMigrations(amount: 2)),
        ]
        for rule in scheduling { #expect(rule.isContinuous, "scheduling rules hold along the whole plan: \(rule)") }
    }

    @Test func dslAndScriptAndJSONAgree() throws {
        let dsl = Instance(cluster) {
            Spread(vms(tagged: "db")).asDiscrete()
            Ban(vms("web-1"), hosts("h8")).asContinuous()
            Among(vms(group: "hpc"), groups: hosts.byRack).asContinuous()
        }
        let script = try RulesScript.parse("""
            >>spread(@db)
            continuous ban(web-1, h8)
            continuous among(@hpc, by(rack))
            """, cluster: cluster)
        #expect(script.constraints == dsl.constraints)
        #expect(dsl.constraints.map(\.isContinuous) == [false, true, true])
        #expect(try InstanceCodec.decodeInstance(InstanceCodec.encode(dsl)) == dsl)
    }

    @Test func kindsWithoutAChoiceRefuseIt() {
        #expect(Constraint.online(Online(hosts: ["h1"])).withContinuity(true) == nil)
        #expect(Constraint.root(Root(vms: ["a"])).withContinuity(false) == nil)
        #expect(throws: ScriptError.self) { try RulesScript.parse("continuous offline(h1)", cluster: cluster) }
        #expect(throws: ScriptError.self) { try RulesScript.parse(">>root(web-1)", cluster: cluster) }
    }

    /// In the final state a continuous constraint is checked like a discrete one (the same placement
    /// breaks both); along plans, Schedule/ContinuousPlanTests checks every instant.
    @Test func continuousAndDiscreteAgreeAtTheFinalState() {
        let placement = Placement(vmHosts: ["web-1": "h1", "web-2": "h1", "web-3": "h3", "web-4": "h4", "web-5": "h5", "web-6": "h6"],
                                  onlineHosts: ["h1", "h3", "h4", "h5", "h6"])
        for continuous in [false, true] {
            let instance = Instance(cluster: cluster, constraints: [.spread(Spread(vms: ["web-1", "web-2"], continuous: continuous))])
            #expect(PlacementChecker.check(instance, placement).map(\.kind) == ["spread"])
        }
    }

    /// One instant of a plan: web-2 migrates h2 → h1 while web-1 still sits on h1 (it leaves for h3 at the same time).
    /// At the end the spread holds; mid-way both occupy h1.
    @Test func inFlightVMsOccupyBothEnds() {
        let instance = Instance(cluster: cluster, constraints: [.spread(Spread(vms: ["web-1", "web-2"]))])
        let end = Placement(vmHosts: ["web-1": "h3", "web-2": "h1", "web-3": "h3", "web-4": "h4", "web-5": "h5", "web-6": "h6"],
                            onlineHosts: ["h1", "h2", "h3", "h4", "h5", "h6"])
        let endView = PlacementView(cluster: cluster, placement: end)
        #expect(instance.constraints[0].violations(in: endView, id: "s").isEmpty)
        let midway = PlacementView(cluster: cluster, placement: end, inFlight: ["web-1": "h1", "web-2": "h2"])
        #expect(midway.occupiedHosts(of: "web-2") == ["h1", "h2"])
        let violations = instance.constraints[0].violations(in: midway, id: "s")
        #expect(violations.map(\.hosts) == [["h1"]])
    }
}
