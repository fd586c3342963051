import ArgumentParser
import Berth

struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "balance",
        abstract: "Minimise the peak utilisation over hosts and resources, with the fewest migrations among equal peaks.",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @OptionGroup var flags: WorkflowFlags

    func run() throws {
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in try Balance.run(model, options: options) }
    }
}

struct HotSpotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Relieve hosts over a utilisation threshold: move just enough VMs off them (small memory and dirty rate first).",
        discussion: "Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.")

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Option(help: "Thresholds per resource: cpu=0.85,memory=0.9.")
    var threshold: String = "cpu=0.85,memory=0.9"

    @Option(help: "How to pick VMs: smallMemory (seed 002) or sandpiper (volume-to-size ratio).")
    var select: String = VMSelection.smallMemory.rawValue

    @Option(help: "Utilisation history (CSV or JSON): hosts whose fitted trend crosses a threshold within --horizon are hot too.")
    var history: String?

    @Option(help: "How far ahead the trend is projected: 24h, 2d, 3600s.")
    var horizon: String = "24h"

    @OptionGroup var flags: WorkflowFlags

    static func thresholds(_ text: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let value = Double(pair[1]), value > 0 else {
                throw ValidationError("--threshold must look like cpu=0.85,memory=0.9 (got '\(part)')")
            }
            result[String(pair[0])] = value
        }
        return result
    }

    func validate() throws {
        _ = try Self.thresholds(threshold)
        if UtilizationHistory.parseWindow(horizon) == nil { throw ValidationError("--horizon must look like 24h, 2d, 3600s, positive and at most 3650d") }
        guard VMSelection(rawValue: select) != nil else {
            throw ValidationError("--select must be one of \(VMSelection.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var request = HotSpots.Request(thresholds: try Self.thresholds(threshold), selection: VMSelection(rawValue: select)!)
        request.horizon = UtilizationHistory.parseWindow(horizon)!
        let history = self.history
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in
            var request = request
            request.history = try history.map { path throws(WorkflowError) in try UtilizationHistory.load(path: path) }
            return try HotSpots.run(model, request, options: options)
        }
    }
}
