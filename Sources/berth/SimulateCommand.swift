import ArgumentParser
import Berth
import Foundation

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Check a plan with the independent plan checker and simulate it (fluid network model, pre-copy rounds, power).",
        discussion: "Exit codes: 0 valid plan simulated; 2 the plan breaks a rule (listed); 3 bad input.")

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Argument(help: "The plan (format berth-plan/1, as written by `berth plan --output`).")
    var plan: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        let instance: Instance
        let plan: MigrationPlan
        do {
            instance = try InstanceCodec.loadInstance(path: model)
            plan = try InstanceCodec.loadPlan(path: self.plan, for: instance.cluster)
        } catch { failOnInput(error, json: common.json) }
        let violations = PlanChecker.check(instance, plan: plan)
        let simulated = PlanSimulator(instance: instance).simulate(plan)
        if common.json {
            printJSON(BerthResult(simulated: plan, violations: violations, simulation: simulated, constraints: instance.constraints.count))
        } else {
            if violations.isEmpty {
                print("valid: the plan passes the plan checker at every instant")
            } else {
                print("\(violations.count) violation(s):")
                for v in violations { print("  \(v)") }
            }
            for line in PlanReport.metricsText(simulated) { print(line) }
        }
        throw ExitCode(violations.isEmpty ? ExitStatus.solved.rawValue : ExitStatus.infeasible.rawValue)
    }
}
