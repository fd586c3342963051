import Berth
import Foundation
import Testing

/// One golden scenario per workflow on the models in Models/: the plan is checked, simulated and
/// keeps the workflow's promise.
@Suite struct WorkflowGoldenTests {
    static func options(_ seconds: Double = 10) -> WorkflowOptions { WorkflowOptions(timeLimit: .seconds(seconds)) }

    /// What every workflow report must show: a checked, simulated plan whose promises hold.
    static func expectCheckedAndKept(_ report: WorkflowReport, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(report.planViolations.isEmpty, sourceLocation: sourceLocation)
        #expect(report.timelineViolations.isEmpty, sourceLocation: sourceLocation)
        #expect(report.simulation.stuck == nil, sourceLocation: sourceLocation)
        #expect(report.simulation.migrations.count == report.migrations, sourceLocation: sourceLocation)
        #expect(PlanChecker.check(report.instance, plan: report.schedule.plan, target: report.placement.placement).isEmpty,
                sourceLocation: sourceLocation)
        #expect(!report.promises.isEmpty, sourceLocation: sourceLocation)
        for promise in report.promises { #expect(promise.holds, "\(promise.promise): \(promise.detail)", sourceLocation: sourceLocation) }
    }

    @Test func drainEmptiesTheRackAndKeepsEveryRule() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let report = try Drain.run(model, Drain.Request(hosts: .attribute(key: "rack", value: "r1"), deadline: 900), options: Self.options())
        Self.expectCheckedAndKept(report)
        let rack = ["w1", "w2", "w3", "w4", "w5"]
        #expect(report.placement.placement.vmHosts.values.allSatisfy { !rack.contains($0) })
        #expect(report.placement.placement.onlineHosts.isDisjoint(with: rack))
        #expect(report.schedule.plan.actions(.shutdown).compactMap(\.to).sorted() == rack, "drained hosts end off")
        #expect(report.migrations == 9, "exactly the rack's 9 VMs move")
        #expect(PlacementChecker.check(report.instance, report.placement.placement).isEmpty)
        #expect(report.isOptimal)
    }

    @Test func undrainReturnsTheHostsAndLowersThePeak() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let drained = try Drain.run(model, Drain.Request(hosts: .hosts(["w1", "w2"])), options: Self.options())
        var after = model.applying(drained.placement.placement)
        for i in after.cluster.hosts.indices where ["w1", "w2"].contains(after.cluster.hosts[i].id) { after.cluster.hosts[i].state = .maintenance }
        let report = try Drain.undrain(after, hosts: nil, options: Self.options(3))
        Self.expectCheckedAndKept(report)
        #expect(report.placement.placement.onlineHosts.isSuperset(of: ["w1", "w2"]))
        #expect(report.migrations > 0, "VMs move back onto the returned hosts")
        #expect(HostUtilization.peak(report.after) < HostUtilization.peak(report.before))
    }

    @Test func drainRequestErrorsAndInfeasibility() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        #expect(throws: WorkflowError.self) { try Drain.run(model, Drain.Request(hosts: .hosts(["w1", "nowhere"]))) }
        #expect(throws: WorkflowError.self) { try Drain.run(model, Drain.Request(hosts: .attribute(key: "rack", value: "r9"))) }
        let demo = try Fixtures.model("demo-8hosts.json")
        do {
            _ = try Drain.run(demo, Drain.Request(hosts: .attribute(key: "rack", value: "r1")), options: Self.options())
            Issue.record("draining r1 of the demo must be infeasible: legacy-1 is pinned to h3")
        } catch {
            guard case .infeasible(let report) = error else { Issue.record("\(error)"); return }
            #expect(report.conflicts.map(\.id).contains("legacy-pinned"))
        }
    }

    @Test func consolidationFreesAtLeastWhatFirstFitDecreasingFrees() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let report = try Consolidate.run(model, Consolidate.Request(powerOff: true), options: Self.options())
        Self.expectCheckedAndKept(report)
        let ffd = try #require(FirstFitDecreasing.hostCount(report.instance))
        let used = Set(report.placement.placement.vmHosts.values).count
        #expect(used <= ffd)
        #expect(report.placement.shutDownHosts.count >= 8 - ffd)
        #expect(report.placement.shutDownHosts.count == 5)
        #expect(report.isOptimal)
    }

    @Test func nightlyConsolidationIsIdempotentAndDeterministic() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let first = try Consolidate.run(model, Consolidate.Request(powerOff: true), options: Self.options())
        let again = try Consolidate.run(model, Consolidate.Request(powerOff: true), options: Self.options())
        #expect(first.schedule.plan == again.schedule.plan)
        #expect(first.migrations > 0)
        let second = try Consolidate.run(model.applying(first.placement.placement), Consolidate.Request(powerOff: true), options: Self.options())
        #expect(second.migrations == 0)
        #expect(second.schedule.plan.actions.isEmpty)
    }

    @Test func consolidationKeepsToAMigrationLimitAndAnEnergyWeight() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let limited = try Consolidate.run(model, Consolidate.Request(maxMigrations: 3), options: Self.options())
        Self.expectCheckedAndKept(limited)
        #expect(limited.migrations <= 3 && limited.migrations > 0)
        #expect(limited.placement.shutDownHosts.count == 2)
        #expect(try Consolidate.run(model, Consolidate.Request(maxMigrations: 0), options: Self.options()).migrations == 0)
        // 120 W idle per host: at 200 W a migration nothing is worth moving, at 50 W the full packing is.
        #expect(try Consolidate.run(model, Consolidate.Request(wattsPerMigration: 200), options: Self.options()).migrations == 0)
        #expect(try Consolidate.run(model, Consolidate.Request(wattsPerMigration: 50), options: Self.options()).placement.shutDownHosts.count == 5)
    }

    @Test func consolidationReadsDemandFromHistoryPercentiles() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let history = try UtilizationHistory.load(path: Fixtures.root.appendingPathComponent("Models/workflow-history.csv").path)
        let week = try history.applied(to: model, percentile: 95, window: 7 * 86_400)
        let all = try history.applied(to: model, percentile: 95, window: nil)
        #expect(week.cluster.vm("batch-1")?.demand["cpu"] == 0.5, "the burst is older than 7 days")
        #expect(all.cluster.vm("batch-1")?.demand["cpu"] == 5)
        #expect(week.cluster.vm("web-1")?.demand["cpu"] == 3.2, "p95 of 0.5 × 4 with a daily 0.8 × 4 peak")
        #expect(week.cluster.vm("web-1")?.demand["memory"] == 8192, "no memory samples: nominal")
        let report = try Consolidate.run(model, Consolidate.Request(history: history, window: 7 * 86_400), options: Self.options())
        Self.expectCheckedAndKept(report)
        #expect(report.findings.contains { $0.contains("p95") })
        #expect(throws: WorkflowError.self) { try UtilizationHistory.parseCSV("time,vm,resource,value\n0,web-1,cpu,abc\n") }
    }

    @Test func refreshBootsOnlyTheNewHostsItNeeds() throws {
        let model = try Fixtures.model("workflow-refresh.json")
        let report = try Refresh.run(model, Refresh.Request(retire: .attribute(key: "rack", value: "r-old"), onto: .attribute(key: "rack", value: "r-new")),
                                     options: Self.options())
        Self.expectCheckedAndKept(report)
        #expect(report.placement.bootedHosts.count == 2, "svc-01 and svc-02 run apart: two new hosts, not four")
        #expect(report.schedule.plan.actions(.shutdown).compactMap(\.to).sorted() == ["old-1", "old-2", "old-3", "old-4"])
        #expect(report.migrations == 10)
    }

    @Test func balanceLowersThePeak() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let report = try Balance.run(model, options: Self.options(3))
        Self.expectCheckedAndKept(report)
        #expect(HostUtilization.peak(report.after) < HostUtilization.peak(report.before))
        #expect(HostUtilization.peak(report.after) <= 0.5)
    }

    @Test func hotSpotReliefMovesTheCheapestVMOffTheHotHost() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let hot = HotSpots.detect(model, thresholds: ["cpu": 0.85, "memory": 0.9])
        #expect(hot.map(\.host) == ["w1"])
        #expect(HotSpots.select(model, host: "w1", request: HotSpots.Request(thresholds: ["cpu": 0.85])) == ["batch-1"],
                "batch-1 ties web-1 on memory and dirties less")
        let report = try HotSpots.run(model, HotSpots.Request(thresholds: ["cpu": 0.85, "memory": 0.9]), options: Self.options())
        Self.expectCheckedAndKept(report)
        #expect(report.placement.moves.map(\.vm) == ["batch-1"])
        #expect(HostUtilization.peak(report.after) < HostUtilization.peak(report.before))
        let sandpiper = HotSpots.select(model, host: "w1", request: HotSpots.Request(thresholds: ["cpu": 0.5], selection: .sandpiper))
        #expect(sandpiper.first == "batch-1", "highest volume per MiB: 5 cores in 8 GiB")
    }

    @Test func aRisingTrendMakesAHostHotBeforeItCrossesTheThreshold() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        // web-2 on w2 grows from 2 to 9 cores over a week, db-1 beside it steady at 4: 81 % now, 88 % tomorrow.
        let samples = (0...14).flatMap { step -> [UtilizationHistory.Sample] in
            let t = Double(step) * 43_200
            return [.init(time: t, vm: "web-2", resource: "cpu", value: 2 + Double(step) * 0.5),
                    .init(time: t, vm: "db-1", resource: "cpu", value: 4)]
        }
        let request = HotSpots.Request(thresholds: ["cpu": 0.85], history: UtilizationHistory(samples: samples), horizon: 86_400)
        let trends = LoadTrend.of(model, history: request.history!, horizon: 86_400, resources: ["cpu"])
        let w2 = try #require(trends.first { $0.host == "w2" })
        #expect(abs(w2.fittedNow - 13.0 / 16) < 1e-9 && abs(w2.projected - 14.0 / 16) < 1e-9)
        let report = try HotSpots.run(model, request, options: Self.options())
        Self.expectCheckedAndKept(report)
        #expect(report.findings.contains { $0.hasPrefix("w2 trending hot on cpu: 81% measured now, 88% in 86400 s") })
        #expect(Set(report.placement.moves.map(\.vm)) == ["batch-1", "web-2"], "w1 is hot now, w2 tomorrow")
    }

    @Test func evacuationMovesFailingHostsCriticalFirstBeforeTheDeadline() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let telemetry = try Telemetry.load(path: Fixtures.root.appendingPathComponent("Models/telemetry/workflow-cluster.json").path)
        let report = try Evacuate.run(model, Evacuate.Request(telemetry: telemetry, deadline: 400), options: Self.options())
        Self.expectCheckedAndKept(report)
        #expect(report.findings.contains { $0.hasPrefix("w2 failing (temperature 88 °C") })
        #expect(report.findings.contains { $0.hasPrefix("w5 failing (corrected memory errors 40/h") && $0.contains("SMART") })
        #expect(!report.findings.contains { $0.hasPrefix("w3") }, "w3 is warm but under every threshold")
        #expect(report.simulation.migrations.allSatisfy { $0.end <= 400 })
        #expect(Set(report.placement.moves.map(\.vm)) == ["web-2", "db-1", "db-2"])
        let unknown = Telemetry(hosts: ["w99": Telemetry.Reading(temperatureC: 90)])
        #expect(throws: WorkflowError.self) { try Evacuate.run(model, Evacuate.Request(telemetry: unknown)) }
        // Too tight a deadline is a scheduling conflict, not a crash.
        #expect(throws: WorkflowError.self) { try Evacuate.run(model, Evacuate.Request(telemetry: telemetry, deadline: 60), options: Self.options()) }
    }

    @Test func whatIfGivesTheMinimalHostCountProvenByTheMIP() throws {
        let model = try Fixtures.model("workflow-whatif.json")
        var request = WhatIf.Request()
        request.addVMs = [("app-1", 6)]
        request.addHosts = [("big", 2)]
        let report = try WhatIf.run(model, request, options: Self.options())
        #expect(report.fits && report.provenMinimal)
        let scenario = try #require(report.scenario)
        // 14 VMs × 16 GiB = 224 GiB; the largest host has 128 GiB, so one host cannot do: 2 is minimal.
        #expect(scenario.hostsOn == 2)
        #expect(report.current.hostsOn == 3)
        #expect(scenario.bindingResource == "cpu")
        #expect(abs(scenario.headroom["memory"]! - 0.125) < 1e-9)
        #expect(report.copiesNeeded["big"] == .some(0), "s1–s3 hold 12 and the model's own big 8: no copy needed")

        // 22 VMs of 16 GiB: s1–s3 (12) and big (8) hold 20, so one copy of big is needed and 0 is proven infeasible.
        var more = WhatIf.Request()
        more.addVMs = [("app-1", 14)]
        more.addHosts = [("big", 2)]
        let grown = try WhatIf.run(model, more, options: Self.options())
        #expect(grown.fits && grown.copiesNeeded["big"] == .some(1))
        #expect(grown.scenario?.hostsOn == 3, "22 × 16 GiB = 352 GiB: three 128 GiB hosts, proven minimal")
        #expect(grown.provenMinimal)

        var fail = WhatIf.Request()
        fail.fail = .attribute(key: "rack", value: "r2")
        fail.grow = 1.3
        let broken = try WhatIf.run(try Fixtures.model("workflow-cluster.json"), fail, options: Self.options())
        #expect(!broken.fits)
        #expect(broken.explanation.contains { $0.contains("ml-1") }, "the only GPU host is in r2")
    }

    @Test func htmlReportIsSelfContained() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let report = try Consolidate.run(model, options: Self.options())
        let html = WorkflowHTMLReport.html(report, title: "consolidate")
        #expect(html.contains("<svg") && html.contains("<table>") && html.contains("w1"))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"), "no external resources")
        #expect(html.contains("frees at least the hosts first-fit decreasing frees"))
    }
}
