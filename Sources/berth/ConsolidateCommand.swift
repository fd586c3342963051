import ArgumentParser
import Berth

struct ConsolidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consolidate",
        abstract: "Nightly consolidation: fewest hosts on, then fewest migrations; freed hosts switched off with --power-off.",
        discussion: """
            Deterministic and idempotent: run it on the model --apply-to writes and it proposes no migration. \
            Exit codes: 0 optimal; 1 feasible, not proven optimal; 2 infeasible or unschedulable; 3 bad input; 4 internal error.
            """)

    @Argument(help: "The model (format berth/1).")
    var model: String

    @Flag(name: .customLong("power-off"), help: "Switch the freed hosts off (default: empty them and leave them on).")
    var powerOff = false

    @Option(help: "Utilisation history (CSV time,vm,resource,value or JSON {\"samples\": […]}); demand becomes its percentile.")
    var history: String?

    @Option(help: "Percentile of the history taken as demand.")
    var percentile: Double = 95

    @Option(help: "History window before the newest sample: 7d, 12h, 30m, 90s.")
    var window: String?

    @Option(name: .customLong("max-migrations"), help: "At most this many migrations (the cheapest hosts to empty are opened first).")
    var maxMigrations: Int?

    @Option(name: .customLong("watts-per-migration"), help: "Energy against migrations: idle watts a migration must save to be worth it.")
    var wattsPerMigration: Double?

    @Option(name: .customLong("time-budget"), help: "Seconds for the whole command (same as --time-limit).")
    var timeBudget: Double?

    @OptionGroup var flags: WorkflowFlags

    func validate() throws {
        if let window, UtilizationHistory.parseWindow(window) == nil { throw ValidationError("--window must look like 7d, 12h, 30m, 90s, positive and at most 3650d") }
        if !(percentile > 0 && percentile <= 100) { throw ValidationError("--percentile must be in (0, 100]") }
        if let timeBudget, let problem = TimeBudget.problem(timeBudget) { throw ValidationError("--time-budget \(problem)") }
        if let maxMigrations, maxMigrations < 0 { throw ValidationError("--max-migrations must be ≥ 0") }
        if let wattsPerMigration, !(wattsPerMigration >= 0) { throw ValidationError("--watts-per-migration must be ≥ 0") }
    }

    func run() throws {
        var flags = flags
        if let timeBudget { flags.timeLimit = timeBudget }
        let history = self.history, percentile = self.percentile, powerOff = self.powerOff
        let maxMigrations = self.maxMigrations, wattsPerMigration = self.wattsPerMigration
        let window = self.window.flatMap(UtilizationHistory.parseWindow)
        WorkflowCLI.run(model: model, flags: flags) { model, options throws(WorkflowError) in
            let samples = try history.map { path throws(WorkflowError) in try UtilizationHistory.load(path: path) }
            let request = Consolidate.Request(powerOff: powerOff, history: samples, percentile: percentile, window: window,
                                              maxMigrations: maxMigrations, wattsPerMigration: wattsPerMigration)
            return try Consolidate.run(model, request, options: options)
        }
    }
}
