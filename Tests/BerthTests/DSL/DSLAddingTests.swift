import Berth
import Testing

/// DSL rules added to a loaded model: nothing of the model is lost, and a typo in a selector is
/// named with the closest real name, as `.berth` scripts do.
@Suite struct DSLAddingTests {
    @Test func addingKeepsTheModelsRulesObjectiveAndLimit() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let instance = try model.adding {
            Spread(vms("web-1", "web-2")).named("web-pair")
            Ban(vms(tagged: "batch"), hosts(rack: "r1"))
        }
        #expect(instance.cluster == model.cluster)
        #expect(Array(instance.constraints.prefix(model.constraints.count)) == model.constraints)
        #expect(instance.constraints.count == model.constraints.count + 2)
        #expect(instance.objective == model.objective && instance.timeLimit == model.timeLimit && instance.network == model.network)
        // The added rules hold in the solved placement, beside the model's.
        let result = try #require(try Fixtures.solved(instance))
        #expect(PlacementChecker.check(instance, result.placement).isEmpty)
        let batchHosts = Set(instance.cluster.vms.filter { $0.tags.contains("batch") }.compactMap { result.placement.vmHosts[$0.id] })
        #expect(batchHosts.allSatisfy { instance.cluster.host($0)?.attributes["rack"] != "r1" }, "\(batchHosts)")
    }

    @Test func anObjectiveOrLimitInTheBlockReplacesTheModels() throws {
        let instance = try Fixtures.model("workflow-cluster.json").adding {
            Objective.minHosts
            TimeLimit(seconds: 5)
        }
        #expect(instance.objective == .minHosts && instance.timeLimit == 5)
    }

    @Test(arguments: [
        ("vms(\"web-l\")", "unknown VM 'web-l' (did you mean 'web-1'?)"),
        ("vms(tagged: \"critcal\")", "no VM is tagged 'critcal' (did you mean 'critical'?)"),
        ("hosts(\"w11\")", "unknown host 'w11'"),
        ("hosts(rack: \"r9\")", "no host has rack=r9 (did you mean 'r1'?)"),
        ("hosts(rakc: \"r1\")", "no host has the attribute 'rakc' (did you mean 'rack'?)"),
        ("hosts(feature: \"avx3\")", "no host offers 'avx3' (did you mean 'avx2'?)"),
    ])
    func aTypoNamesTheSelectorAndSuggests(_ selector: String, _ message: String) throws {
        let model = try Fixtures.model("workflow-cluster.json")
        do {
            _ = try model.adding {
                switch selector {
                case "vms(\"web-l\")": Spread(vms("web-l"))
                case "vms(tagged: \"critcal\")": Spread(vms(tagged: "critcal"))
                case "hosts(\"w11\")": Fence(vms("web-1"), hosts("w11"))
                case "hosts(rack: \"r9\")": Ban(vms("web-1"), hosts(rack: "r9"))
                case "hosts(rakc: \"r1\")": Ban(vms("web-1"), hosts(attribute: "rakc", "r1"))
                default: Fence(vms("ml-1"), hosts(feature: "avx3"))
                }
            }
            Issue.record("\(selector) was accepted")
        } catch {
            #expect(error.file == "DSL")
            #expect(error.issues.contains { $0.path == selector && $0.message.hasPrefix(message) }, "\(error.issues)")
        }
    }

    @Test func rulesTheValidatorRefusesAreNamedByTheirPlaceInTheBlock() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        #expect(throws: InputError.self) {
            _ = try model.adding {
                Spread(vms("web-1", "web-2"))
                MaxOnline(hosts.all, -1)
            }
        }
        do {
            _ = try model.adding {
                Spread(vms("web-1", "web-2"))
                MaxOnline(hosts.all, -1)
            }
        } catch {
            #expect(error.issues.contains { $0.path.hasPrefix("rules[1]") }, "\(error.issues)")
        }
    }

    @Test func thePlainInitializerStillReadsItsCluster() throws {
        let model = try Fixtures.model("workflow-cluster.json")
        let instance = Instance(model.cluster) { Spread(vms(tagged: "web")) }
        #expect(instance.constraints.count == 1)
    }
}
