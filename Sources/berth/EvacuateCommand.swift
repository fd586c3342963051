import ArgumentParser
import Berth

struct EvacuateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evacuate",
        abstract: "Evacuate hosts whose health signals cross a threshold, most critical VMs first, before a deadline.",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(help: "Health telemetry (berth-telemetry/1).")
    var telemetry: String

    @Option(help: "Seconds by which every evacuated VM must have moved.")
    var deadline: Double?

    @Option(name: .customLong("max-temperature"), help: "Temperature (°C) at which a host is failing.")
    var maxTemperature: Double = 85

    @Option(name: .customLong("max-memory-errors"), help: "Corrected memory errors per hour at which a host is failing.")
    var maxMemoryErrors: Double = 10

    @Option(name: .customLong("max-smart-warnings"), help: "SMART warnings at which a host is failing.")
    var maxSmartWarnings: Int = 1

    @Option(name: .customLong("max-failed-fans"), help: "Failed fans at which a host is failing.")
    var maxFailedFans: Int = 1

    @Option(name: .customLong("critical-tag"), help: "VMs with this tag move first.")
    var criticalTag: String = "critical"

    @OptionGroup var flags: WorkflowFlags

    func validate() throws {
        if let deadline, !(deadline > 0) { throw ValidationError("--deadline must be > 0 seconds") }
    }

    func run() throws {
        var thresholds = HealthThresholds()
        thresholds.temperatureC = maxTemperature
        thresholds.correctedMemoryErrorsPerHour = maxMemoryErrors
        thresholds.smartWarnings = maxSmartWarnings
        thresholds.failedFans = maxFailedFans
        let path = telemetry, deadline = self.deadline, tag = criticalTag
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in
            let request = Evacuate.Request(telemetry: try Telemetry.load(path: path), thresholds: thresholds, deadline: deadline, criticalTag: tag)
            return try Evacuate.run(model, request, options: options)
        }
    }
}
