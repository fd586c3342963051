import Berth
import Foundation

/// Renders plans and simulations for people (tables); machines read `BerthResult`.
enum PlanReport {
    static func text(_ r: PlanRobustness) -> String {
        String(format: "berth ±%.0f %%  %d runs with every action's work drawn in [%g, %g]: completion %.1f / %.1f / %.1f s (min / median / max), "
               + "%d broke a rule, %d got stuck, %d forced switch-overs", r.spread * 100, r.runs, 1 - r.spread, 1 + r.spread,
               r.completions.first ?? 0, r.median, r.completions.last ?? 0, r.brokenRuns, r.stuckRuns, r.forcedSwitchovers)
            + (r.firstViolation.map { "\n             first violation: \($0)" } ?? "")
    }

    static func metricsText(_ s: SimulationResult) -> [String] {
        [
            String(format: "completion   %.1f s", s.completion),
            String(format: "migrations   %d, mean %.1f s, max %.1f s, total downtime %.2f s, forced switch-overs %d",
                   s.migrations.count, s.meanMigration, s.maxMigration, s.totalDowntime, s.forcedSwitchovers),
            String(format: "moved        %.0f MiB", s.movedMiB),
            String(format: "energy       %.2f kWh, peak power %.2f kW", s.energyKWh, s.peakKW),
        ] + (s.stuck.map { ["stuck        \($0)"] } ?? [])
    }

    /// Berth against the baselines, side by side.
    static func comparison(_ rows: [(String, SimulationResult)]) -> String {
        let budget = rows.contains { $0.1.secondsOverBudget > 0 }
        var lines = ["plan          completion (s)  mean mig (s)  max mig (s)  energy (kWh)  peak (kW)  forced" + (budget ? "  over budget (s)" : "")]
        for (name, s) in rows {
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "  %14.1f  %12.1f  %11.1f  %12.2f  %9.2f  %6d", s.completion, s.meanMigration, s.maxMigration, s.energyKWh, s.peakKW, s.forcedSwitchovers)
                + (budget ? String(format: "  %15.1f", s.secondsOverBudget) : ""))
        }
        return lines.joined(separator: "\n")
    }
}
