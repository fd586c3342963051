@testable import Berth
import Testing

/// `PlacementRule.projected` on random instances with rules of every placement kind: when every
/// rule is local to a scope (some hosts and the VMs on them), a placement that moves only the
/// scope's VMs within the scope's hosts is valid for the whole instance exactly when it is valid
/// for the sub-instance of projected rules, as LNS, independent parts and host partitions assume.
@Suite struct ProjectionPropertyTests {
    struct Tally {
        var evaluated = 0
        var notLocal = 0
        var placements = 0
        var kindsEvaluated = Set<String>()
        var kindsNotLocal = Set<String>()
    }

    @Test("valid for the sub-problem ⇔ valid for the whole, for every placement inside the scope")
    func projectionIsExact() throws {
        var tally = Tally()
        for seed in UInt64(1)...2000 {
            let instance = RandomInstances.make(seed: seed, objective: .minMigrations)
            guard InstanceValidation.issues(in: instance).isEmpty, instance.cluster.hosts.count >= 2 else { continue }
            var rng = SplitMix64(seed: seed &* 7919)
            let hosts = instance.cluster.hosts.map(\.id)
            var inside = Set(hosts.filter { _ in Bool.random(using: &rng) })
            if inside.isEmpty { inside.insert(hosts[0]) }
            if inside.count == hosts.count { inside.remove(hosts.last!) }
            // The scope's VMs: those on its hosts, and every VM still to place.
            let vms = instance.cluster.vms.filter { $0.host.map(inside.contains) ?? true }
            let scope = SubproblemScope(vms: Set(vms.map(\.id)), hosts: inside)
            var projected: [Constraint] = []
            var local = true
            for constraint in instance.constraints {
                switch constraint.projected(onto: scope) {
                case .rules(let rules): projected += rules
                case .notLocal:
                    local = false
                    tally.kindsNotLocal.insert(constraint.kind)
                }
            }
            guard local else {
                tally.notLocal += 1
                continue
            }
            var sub = instance
            sub.cluster = Cluster(resources: instance.cluster.resources,
                                  hosts: instance.cluster.hosts.filter { inside.contains($0.id) }, vms: vms)
            sub.constraints = projected
            let outcomes = Self.placements(instance, scope: scope).map { placement in
                (whole: PlacementChecker.check(instance, placement).isEmpty,
                 part: PlacementChecker.check(sub, Self.restricted(placement, to: scope)).isEmpty, placement: placement)
            }
            // Only where the outside can be valid at all: then the inside decides alone.
            guard outcomes.contains(where: \.whole) else { continue }
            tally.evaluated += 1
            tally.placements += outcomes.count
            tally.kindsEvaluated.formUnion(instance.constraints.map(\.kind))
            for outcome in outcomes where outcome.whole != outcome.part {
                Issue.record("seed \(seed): whole \(outcome.whole), sub-problem \(outcome.part) for \(outcome.placement.vmHosts); rules \(instance.constraints.map(\.summary)) → \(projected.map(\.summary))")
                return
            }
        }
        #expect(tally.evaluated >= 300, "\(tally)")
        #expect(tally.notLocal >= 50, "\(tally)")
        let placementKinds = Set(RandomInstances.placementKinds)
        // Every kind is met; all but the whole-cluster ones (a balance target, a power budget: they
        // name no host) also in scopes where every rule was local, where the property says something.
        #expect(placementKinds.subtracting(tally.kindsEvaluated.union(tally.kindsNotLocal)).isEmpty)
        #expect(placementKinds.subtracting(tally.kindsEvaluated).count <= 3, "never evaluated: \(placementKinds.subtracting(tally.kindsEvaluated).sorted())")
    }

    /// Every placement that keeps the VMs outside the scope where they are and puts the scope's
    /// running VMs on its hosts; the online set is the smallest possible (as `BruteForce`).
    static func placements(_ instance: Instance, scope: SubproblemScope) -> [Placement] {
        let cluster = instance.cluster
        var forcedOn = Set<String>()
        for constraint in instance.constraints { if let rule = constraint.as(Online.self) { forcedOn.formUnion(rule.hosts) } }
        for vm in cluster.vms where vm.state == .sleeping { forcedOn.insert(vm.host!) }
        let movable = cluster.vms.filter { $0.state == .running && scope.vms.contains($0.id) }
        let fixed = cluster.vms.filter { $0.state == .running && !scope.vms.contains($0.id) }
        let hosts = cluster.hosts.map(\.id).filter(scope.hosts.contains)
        var result: [Placement] = []
        var total = 1
        for _ in movable { total *= hosts.count }
        for code in 0..<total {
            var rest = code
            var vmHosts: [String: String] = [:]
            for vm in fixed { vmHosts[vm.id] = vm.host }
            for vm in movable {
                vmHosts[vm.id] = hosts[rest % hosts.count]
                rest /= hosts.count
            }
            result.append(Placement(vmHosts: vmHosts, onlineHosts: forcedOn.union(vmHosts.values)))
        }
        return result
    }

    static func restricted(_ placement: Placement, to scope: SubproblemScope) -> Placement {
        Placement(vmHosts: placement.vmHosts.filter { scope.vms.contains($0.key) },
                  onlineHosts: placement.onlineHosts.intersection(scope.hosts))
    }

    @Test("a rule that counts over hosts inside and outside is not local; inside alone it is kept whole")
    func wholeRules() {
        let scope = SubproblemScope(vms: ["a", "b"], hosts: ["h0", "h1"])
        let limit = Constraint.maxOnline(MaxOnline(hosts: ["h0", "h2"], amount: 1))
        #expect(limit.projected(onto: scope) == .notLocal)
        let inside = Constraint.maxOnline(MaxOnline(hosts: ["h0", "h1"], amount: 1))
        #expect(inside.projected(onto: scope) == .rules([inside]))
        #expect(Constraint.maxOnline(MaxOnline(hosts: ["h5"], amount: 1)).projected(onto: scope) == .rules([]))
        #expect(Constraint.powerBudget(PowerBudget(watts: 500)).projected(onto: scope) == .notLocal)
        #expect(Constraint.gather(Gather(vms: ["a", "z"])).projected(onto: scope) == .notLocal)
        #expect(Constraint.spread(Spread(vms: ["a", "b", "z"])).projected(onto: scope) == .rules([.spread(Spread(vms: ["a", "b"]))]))
    }
}
