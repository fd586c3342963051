import Berth
import Foundation
import Testing

/// `.berth` scripts: every constraint, script → JSON equal to the DSL's value, and precise errors.
@Suite struct ScriptTests {
    let cluster = DSLTests.cluster

    struct Line: Sendable, CustomTestStringConvertible {
        var script: String
        var expected: Constraint
        var testDescription: String { script }
    }

    static let lines: [Line] = [
        Line(script: "ban(web-1, h8)", expected: .ban(Ban(vms: ["web-1"], hosts: ["h8"]))),
        Line(script: "no-h8: ban(web-1, h8)", expected: .ban(Ban(vms: ["web-1"], hosts: ["h8"], label: "no-h8"))),
        Line(script: "fence(web-[1..2], rack=r1)", expected: .fence(Fence(vms: ["web-1", "web-2"], hosts: ["h1", "h2", "h3", "h4"]))),
        Line(script: "spread(@db)", expected: .spread(Spread(vms: ["web-1", "web-2"]))),
        Line(script: "gather({web-5, web-6})", expected: .gather(Gather(vms: ["web-5", "web-6"]))),
        Line(script: "among(@hpc, by(rack))", expected: .among(Among(vms: ["web-3", "web-4"], groups: [["h1", "h2", "h3", "h4"], ["h5", "h6", "h7", "h8"]]))),
        Line(script: "among(@hpc, [{h1, h2}, h[3..4]])", expected: .among(Among(vms: ["web-3", "web-4"], groups: [["h1", "h2"], ["h3", "h4"]]))),
        Line(script: "lonely(web-3)", expected: .lonely(Lonely(vms: ["web-3"]))),
        Line(script: "root(web-6)", expected: .root(Root(vms: ["web-6"]))),
        Line(script: "online(h1)", expected: .online(Online(hosts: ["h1"]))),
        Line(script: "offline(bladecenter=bc1)", expected: .offline(Offline(hosts: ["h1", "h2"]))),
        Line(script: "maxOnline(*, 7)", expected: .maxOnline(MaxOnline(hosts: (1...8).map { "h\($0)" }, amount: 7))),
        Line(script: "split([web-1, web-5])", expected: .split(Split(groups: [["web-1"], ["web-5"]]))),
        Line(script: "splitAmong([web-1, {web-5, web-6}], by(rack))",
             expected: .splitAmong(SplitAmong(vmGroups: [["web-1"], ["web-5", "web-6"]], hostGroups: [["h1", "h2", "h3", "h4"], ["h5", "h6", "h7", "h8"]]))),
        Line(script: "quarantine(h7)", expected: .quarantine(Quarantine(hosts: ["h7"]))),
        Line(script: "preserve(web-2, memory, 8)", expected: .preserve(Preserve(vms: ["web-2"], resource: "memory", amount: 8))),
        Line(script: "overbook(*, cpu, 1.5)", expected: .overbook(Overbook(hosts: (1...8).map { "h\($0)" }, resource: "cpu", ratio: 1.5))),
        Line(script: "resourceCapacity(rack=r1, cpu, 40)", expected: .resourceCapacity(ResourceCapacity(hosts: ["h1", "h2", "h3", "h4"], resource: "cpu", amount: 40))),
        Line(script: "runningCapacity(state=online, 10)", expected: .runningCapacity(RunningCapacity(hosts: (1...8).map { "h\($0)" }, amount: 10))),
        Line(script: "singleResourceCapacity(rack=r7, memory, 60)",
             expected: .singleResourceCapacity(SingleResourceCapacity(hosts: ["h5", "h6", "h7", "h8"], resource: "memory", amount: 60))),
        Line(script: "compatible(web-4, gpu)", expected: .compatible(Compatible(vms: ["web-4"], features: ["gpu"]))),
        Line(script: "compatible(web-4, {gpu, avx2})", expected: .compatible(Compatible(vms: ["web-4"], features: ["gpu", "avx2"]))),
        Line(script: "affinity({web-2, web-3}, 0.5)", expected: .affinity(Affinity(vms: ["web-2", "web-3"], weight: 0.5))),
        Line(script: "antiAffinity(@hpc)", expected: .antiAffinity(AntiAffinity(vms: ["web-3", "web-4"], weight: 1))),
        Line(script: "ban(host=h1, feature=gpu)", expected: .ban(Ban(vms: ["web-1"], hosts: ["h4"]))),
        Line(script: "powerBudget(3_500)", expected: .powerBudget(PowerBudget(watts: 3500))),
        Line(script: "precedence(web-1, @hpc)", expected: .precedence(Precedence(before: ["web-1"], after: ["web-3", "web-4"]))),
        Line(script: "before(web-1, web-2)", expected: .precedence(Precedence(before: ["web-1"], after: ["web-2"]))),
        Line(script: "deadline(@db, 600)", expected: .deadline(Deadline(vms: ["web-1", "web-2"], seconds: 600))),
        Line(script: "sync({web-5, web-6})", expected: .sync(Sync(vms: ["web-5", "web-6"]))),
        Line(script: "softCapacity(cpu, {h1, h2}, 12, 2)", expected: .softCapacity(SoftCapacity(resource: "cpu", thresholds: ["h1": 12, "h2": 12], weight: 2))),
        Line(script: "balanceTarget(cpu, memory, 4)", expected: .balanceTarget(BalanceTarget(resource: "cpu", against: "memory", target: 4))),
        Line(script: "transient(memory, @db)", expected: .transient(TransientResource(resource: "memory", vms: ["web-1", "web-2"]))),
        Line(script: "spreadOver(@hpc, rack, 2)", expected: .spreadOver(SpreadOver(vms: ["web-3", "web-4"], attribute: "rack", minimum: 2))),
        Line(script: "dependency(@hpc, @db, rack)", expected: .dependency(Dependency(vms: ["web-3", "web-4"], on: ["web-1", "web-2"], attribute: "rack"))),
        Line(script: "moveCost(@db, 10)", expected: .moveCost(MoveCost(costs: ["web-1": 10, "web-2": 10]))),
        Line(script: "groupMoveCost([@db, @hpc], 5)", expected: .groupMoveCost(GroupMoveCost(groups: [["web-1", "web-2"], ["web-3", "web-4"]], weight: 5))),
        Line(script: "noDelay(@db)", expected: .noDelay(NoDelay(vms: ["web-1", "web-2"]))),
        Line(script: "seq(web-3, web-1, web-2)", expected: .seq(Seq(vms: ["web-3", "web-1", "web-2"]))),
        Line(script: "serialize(@hpc)", expected: .serialize(Serialize(vms: ["web-3", "web-4"]))),
        Line(script: "serializeReboots(rack=r1)", expected: .serializeReboots(SerializeReboots(hosts: ["h1", "h2", "h3", "h4"]))),
        Line(script: "maxConcurrentMigrations(4)", expected: .maxConcurrentMigrations(MaxConcurrentMigrations(amount: 4))),
        Line(script: "maxConcurrentMigrations(rack=r7, 2)",
             expected: .maxConcurrentMigrations(MaxConcurrentMigrations(hosts: ["h5", "h6", "h7", "h8"], amount: 2))),
    ]

    @Test("script line → the same constraint as the DSL, and through JSON", arguments: lines)
    func scriptMatchesDSL(_ line: Line) throws {
        let script = try RulesScript.parse(line.script, cluster: cluster)
        #expect(script.constraints == [line.expected])
        let instance = script.applied(to: Instance(cluster: cluster))
        #expect(try InstanceCodec.decodeInstance(InstanceCodec.encode(instance)) == instance)
    }

    /// Each statement is bounded, and so is their sum: a long script of `spread(*)` on a large
    /// cluster once reached 1 GB under the fuzzer.
    @Test func theNamesAScriptSelectsAreBoundedInAll() throws {
        let vms = (0..<2_001).map { VM(id: "v\($0)", demand: ["cpu": 1, "mem": 1], host: "h0") }
        let big = Cluster(resources: ["cpu", "mem"], hosts: Fixtures.hosts(2), vms: vms)
        let text = String(repeating: "spread(*)\n", count: 1_000)
        #expect(throws: ScriptError.self) { _ = try RulesScript.parse(text, cluster: big) }
        let fine = try RulesScript.parse(String(repeating: "spread(*)\n", count: 900), cluster: big)
        #expect(fine.constraints.count == 900)
    }

    @Test func everyKindHasAScriptLine() {
        let kinds = Set(Self.lines.map(\.expected.kind))
        // hostMoveCost is a host-to-host matrix: JSON only (ReassignmentRuleTests covers it).
        #expect(kinds == Set(ConstraintCatalog.kinds).subtracting(["hostMoveCost"]))
    }

    @Test func wholeScriptWithObjectiveAndComments() throws {
        let text = """
            # maintenance of blade-center 1
            objective minHosts
            timeLimit 12.5

            maintenance: offline(bladeCenter=bc1)   // both spellings of the key work
            spread(@db);
            """
        let script = try RulesScript.parse(text, cluster: cluster, file: "rules.berth")
        #expect(script.objective == .minHosts)
        #expect(script.timeLimit == 12.5)
        #expect(script.constraints.map(\.kind) == ["offline", "spread"])
        #expect(script.lines == [5, 6])
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var script: String
        var line: Int
        var column: Int
        var fragment: String
        var testDescription: String { script }
    }

    static let bad: [Bad] = [
        Bad(script: "spred(@db)", line: 1, column: 1, fragment: "unknown constraint 'spred' (did you mean 'spread'?)"),
        Bad(script: "\nspread(web-[1..9])", line: 2, column: 8, fragment: "unknown VM 'web-7'"),
        Bad(script: "ban(@dbb, h1)", line: 1, column: 5, fragment: "no VM is tagged 'dbb' (did you mean 'db'?)"),
        Bad(script: "ban(@db, rak=r1)", line: 1, column: 10, fragment: "no host has the attribute 'rak' (did you mean 'rack'?)"),
        Bad(script: "ban(@db, rack=r9)", line: 1, column: 10, fragment: "no host has rack=r9"),
        Bad(script: "ban(@db, @hpc)", line: 1, column: 10, fragment: "'@' selects VMs by tag"),
        Bad(script: "spread(@db", line: 1, column: 11, fragment: "expected ')', found the end of the line"),
        Bad(script: "maxOnline(*, 2.5)", line: 1, column: 14, fragment: "expected a whole number"),
        Bad(script: "preserve(web-1, ram, 4)", line: 1, column: 17, fragment: "unknown resource 'ram'"),
        Bad(script: "spread(@db) extra", line: 1, column: 13, fragment: "unexpected 'extra' after the statement"),
        Bad(script: "objective fewestHosts", line: 1, column: 11, fragment: "unknown objective 'fewestHosts'"),
        Bad(script: "ban(web-1)", line: 1, column: 1, fragment: "ban takes (VMs, hosts)"),
        Bad(script: "among(@hpc, h1)", line: 1, column: 13, fragment: "expected host groups"),
        Bad(script: "spread(web-[3..1])", line: 1, column: 8, fragment: "bad range"),
        Bad(script: "spread(web-1 ! web-2)", line: 1, column: 14, fragment: "unexpected character '!'"),
    ]

    @Test("errors name line and column", arguments: bad)
    func errors(_ bad: Bad) {
        do {
            _ = try RulesScript.parse(bad.script, cluster: cluster, file: "rules.berth")
            Issue.record("accepted: \(bad.script)")
        } catch {
            #expect(error.line == bad.line)
            #expect(error.column == bad.column, "\(error)")
            #expect(error.message.contains(bad.fragment), "\(error.message)")
            #expect(error.description.hasPrefix("rules.berth:\(bad.line):\(bad.column): "))
        }
    }

    @Test func validationProblemsNameTheScriptLine() throws {
        let text = "a: spread(@db)\na: gather(@hpc)"
        let script = try RulesScript.parse(text, cluster: cluster, file: "r.berth")
        let problems = script.issues(appliedTo: Instance(cluster: cluster), file: "r.berth")
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("duplicate constraint id 'a'") == true)
    }
}
