import Berth
import Foundation

/// Renders solve outcomes for people (tables); machines read `BerthResult`.
enum SolveReport {
    static func text(_ result: PlacementResult, model: String) -> String {
        var lines: [String] = []
        let status = result.isOptimal ? "optimal"
            : result.limit == .interrupted ? "feasible, not proven optimal (interrupted: the best placement found so far)"
            : result.source == .heuristic ? "feasible (heuristic placement), not proven optimal"
            : "feasible, not proven optimal (stopped by \(result.limit?.rawValue ?? "limit"))"
        lines.append("\(model): \(status)")
        lines.append("objective    \(result.objective.rawValue) = \(number(result.objectiveValue))"
            + "   bound \(result.bestBound.map(number) ?? "none")   gap \(result.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "unknown")")
        lines.append("result       \(result.onlineHostCount) hosts online, \(result.moves.count) migrations"
            + " (\(number(result.moves.reduce(0) { $0 + $1.memoryMiB })) MiB), peak utilisation \(String(format: "%.1f%%", result.peakUtilization * 100))")
        lines.append("solver       \(result.source.rawValue), \(String(format: "%.2f", result.solveSeconds)) s; MIP \(result.mipSize.columns) columns"
            + " (\(result.mipSize.integerColumns) integer), \(result.mipSize.rows) rows, \(result.mipSize.nonzeros) nonzeros;"
            + " \(result.freeVMs) VMs free\(result.repairMode ? " (repair mode)" : ""); warm start \(result.warmStart ?? "none")")
        lines.append("checked      0 violations (\(result.instance.constraints.count) constraints + built-in rules)")
        for note in result.notes { lines.append("note         \(note)") }
        lines.append("")
        lines.append("target placement (\(result.onlineHostCount) hosts on):")
        let utilization = result.utilization
        var residents: [String: [String]] = [:]
        for vm in result.instance.cluster.vms {
            if let host = result.placement.vmHosts[vm.id] ?? (vm.state == .sleeping ? vm.host : nil) {
                residents[host, default: []].append(vm.state == .sleeping ? "\(vm.id) (sleeping)" : vm.id)
            }
        }
        let hostWidth = result.instance.cluster.hosts.map(\.id.count).max() ?? 0
        for host in result.instance.cluster.hosts where result.placement.onlineHosts.contains(host.id) {
            let use = result.instance.cluster.resources.compactMap { r in
                utilization[host.id]?[r].map { "\(r) \(String(format: "%3.0f%%", $0 * 100))" }
            }.joined(separator: "  ")
            let vms = residents[host.id] ?? []
            lines.append("  \(host.id.padding(toLength: hostWidth, withPad: " ", startingAt: 0))  \(use)  \(vms.isEmpty ? "(empty)" : vms.joined(separator: ", "))")
        }
        let moves = result.moves
        if !moves.isEmpty {
            lines.append("")
            lines.append("moves (\(moves.count)):")
            let width = moves.map(\.vm.count).max() ?? 0
            for move in moves {
                let from = move.from ?? "(new)"
                lines.append("  \(move.vm.padding(toLength: width, withPad: " ", startingAt: 0))  \(from) -> \(move.to)"
                    + (move.memoryMiB > 0 ? "  \(number(move.memoryMiB)) MiB" : ""))
            }
        }
        if !result.bootedHosts.isEmpty {
            lines.append("")
            lines.append("hosts switched on (\(result.bootedHosts.count)): \(result.bootedHosts.joined(separator: ", "))")
        }
        if !result.shutDownHosts.isEmpty {
            lines.append("")
            lines.append("hosts switched off (\(result.shutDownHosts.count)): \(result.shutDownHosts.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ report: InfeasibilityReport, model: String) -> String {
        var lines = ["\(model): infeasible", "", "conflicting constraints:"]
        for conflict in report.conflicts { lines.append("  \(conflict.id): \(conflict.summary)") }
        lines.append("")
        lines.append("why:")
        for line in report.explanation { lines.append("  \(line)") }
        return lines.joined(separator: "\n")
    }

    private static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4f", value)
    }
}
