import ArgumentParser
import Berth

struct DrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Hand hosts to maintenance: evacuate them with the fewest, shortest migrations, keeping every rule.",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(help: "Hosts to drain, comma-separated.")
    var hosts: String?

    @Option(help: "Drain every host of this rack (attribute `rack`).")
    var rack: String?

    @Option(name: .customLong("blade-center"), help: "Drain every host of this blade center (attribute `bladeCenter`).")
    var bladeCenter: String?

    @Option(help: "Seconds by which every evacuated VM must have moved.")
    var deadline: Double?

    @OptionGroup var flags: WorkflowFlags

    func validate() throws {
        guard [hosts, rack, bladeCenter].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --hosts, --rack, --blade-center")
        }
        if let deadline, !(deadline > 0) { throw ValidationError("--deadline must be > 0 seconds") }
    }

    var selection: HostSelection {
        if let rack { return .attribute(key: "rack", value: rack) }
        if let bladeCenter { return .attribute(key: "bladeCenter", value: bladeCenter) }
        return .parse(hosts ?? "")
    }

    func run() throws {
        let request = Drain.Request(hosts: selection, deadline: deadline)
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in try Drain.run(model, request, options: options) }
    }
}

struct UndrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrain",
        abstract: "Return hosts from maintenance to service, moving VMs back where that lowers the peak utilisation.",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(help: "Hosts to return, comma-separated, or key=value (default: every host in maintenance).")
    var hosts: String?

    @OptionGroup var flags: WorkflowFlags

    func run() throws {
        let selection = hosts.map(HostSelection.parse)
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in try Drain.undrain(model, hosts: selection, options: options) }
    }
}
