import Berth
import Foundation

/// Renders plans and simulations for people (tables) and machines (JSON objects).
enum PlanReport {
    /// One plan's simulated scores.
    static func metrics(_ s: SimulationResult) -> [String: Any] {
        [
            "completionSeconds": s.completion,
            "meanMigrationSeconds": s.meanMigration,
            "maxMigrationSeconds": s.maxMigration,
            "totalDowntimeSeconds": s.totalDowntime,
            "movedMiB": s.movedMiB,
            "energyKWh": s.energyKWh,
            "peakKW": s.peakKW,
            "migrations": s.migrations.count,
            "forcedSwitchovers": s.forcedSwitchovers,
            "stuck": s.stuck ?? NSNull(),
        ]
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
        var lines = ["plan          completion (s)  mean mig (s)  max mig (s)  energy (kWh)  peak (kW)  forced"]
        for (name, s) in rows {
            lines.append(name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "  %14.1f  %12.1f  %11.1f  %12.2f  %9.2f  %6d", s.completion, s.meanMigration, s.maxMigration, s.energyKWh, s.peakKW, s.forcedSwitchovers))
        }
        return lines.joined(separator: "\n")
    }

    static func object<T: Encodable>(_ value: T) -> Any {
        (try? JSONSerialization.jsonObject(with: InstanceCodec.encode(value), options: [.fragmentsAllowed])) ?? NSNull()
    }
}
