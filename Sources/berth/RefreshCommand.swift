import ArgumentParser
import Berth

struct RefreshCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Hardware refresh: move the retired hosts' VMs onto new hosts, booting them as needed; old hosts shut down as they empty.",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(help: "Hosts to retire: comma-separated ids or key=value (rack=r-old).")
    var retire: String

    @Option(help: "Hosts to move onto: comma-separated ids or key=value (rack=r-new).")
    var onto: String

    @OptionGroup var flags: WorkflowFlags

    func run() throws {
        let request = Refresh.Request(retire: .parse(retire), onto: .parse(onto))
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in try Refresh.run(model, request, options: options) }
    }
}
