import ArgumentParser
import Berth
import Foundation

struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Plan again from what really happened: the model, the plan that ran, and its progress (berth-progress/1).",
        discussion: """
            The progress file lists the plan's actions that are done, running (taken to finish: the new plan starts \
            once they end), failed or aborted (nothing changed; a failed boot takes its host out of service), and \
            `hostsDown` (out of service; their VMs restart elsewhere). Berth derives the real current state, solves \
            the placement again under the model's rules and objective, and schedules, checks and simulates a new plan \
            from there. Exit codes as for `plan`: 0 optimal placement and a checked plan; 1 not proven optimal; \
            2 infeasible or unschedulable; 3 bad input; 4 internal error.
            """)

    @Argument(help: "The instance the plan was made for (format berth/1).")
    var model: String

    @Argument(help: "The plan that ran (berth-plan/1).")
    var plan: String

    @Argument(help: "What happened (berth-progress/1).")
    var progress: String

    @OptionGroup var outputs: PlanOptions

    @OptionGroup var common: CommonOptions

    func run() throws {
        let instance: Instance, ran: MigrationPlan, report: PlanProgress
        do {
            instance = try InstanceCodec.loadInstance(path: model)
            ran = try InstanceCodec.loadPlan(path: plan, for: instance.cluster)
            report = try InstanceCodec.loadProgress(path: progress, plan: ran, cluster: instance.cluster)
        } catch {
            failOnInput(error, json: common.json)
        }
        let replanned: WorkflowReport
        do {
            replanned = try Planning.replan(instance, plan: ran, progress: report, compare: outputs.compare,
                                            options: outputs.options(for: instance, logger: common.makeLogger()))
        } catch {
            WorkflowCLI.fail(error, json: common.json, command: "replan")
        }
        PlanCommand.finish(replanned, model: model, target: nil, outputs: outputs, json: common.json)
    }
}
