import ArgumentParser
import Berth
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a placement against a model's constraints with the independent checker.",
        discussion: "Exit codes: 0 no violation, 2 violations found, 3 bad input.")

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Argument(help: "The placement (format berth-placement/1, as written by `berth solve --output`).")
    var placement: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        let instance: Instance
        let target: Placement
        do {
            instance = try InstanceCodec.loadInstance(path: model)
            target = try InstanceCodec.loadPlacement(path: placement, for: instance.cluster)
        } catch { failOnInput(error, json: common.json) }
        let violations = PlacementChecker.check(instance, target)
        if common.json {
            printJSON(BerthResult(checked: target, violations: violations, constraints: instance.constraints.count))
        } else if violations.isEmpty {
            print("valid: no violation (\(instance.constraints.count) constraints and \(PlacementChecker.Builtin.allCases.count) built-in rules checked)")
        } else {
            print("\(violations.count) violation(s):")
            for group in violations.byConstraint {
                print("  \(group.constraint):")
                for violation in group.violations { print("    \(violation.message)") }
            }
        }
        throw ExitCode(violations.isEmpty ? ExitStatus.solved.rawValue : ExitStatus.infeasible.rawValue)
    }
}
