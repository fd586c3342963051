import Foundation

/// A self-contained HTML page for one workflow run: before/after utilisation bars per host, the
/// plan's Gantt chart, the simulated metrics, the promises and the constraints checked.
package enum WorkflowHTMLReport {
    /// The page for `report`, with `title` as its heading; no external resources.
    public static func html(_ report: WorkflowReport, title: String) -> String {
        let resources = report.instance.cluster.resources
        var page = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(htmlEscaped(title))</title>
            <style>body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}
            .bar{display:inline-block;height:10px;background:#4e79a7}.before{background:#bab0ac}.off{color:#999}</style></head>
            <body><h1 style="font-size:16px">\(htmlEscaped(title))</h1>
            <p>\(htmlEscaped(report.summary))</p>

            """
        page += "<h2 style=\"font-size:14px\">Promises</h2><ul>"
        for promise in report.promises {
            page += "<li>\(promise.holds ? "✔" : "✘") \(htmlEscaped(promise.promise)): \(htmlEscaped(promise.detail))</li>"
        }
        for finding in report.findings { page += "<li>\(htmlEscaped(finding))</li>" }
        page += "</ul>\n<h2 style=\"font-size:14px\">Utilisation per host (grey: before, blue: after)</h2>\n<table><tr><th>host</th>"
        for r in resources { page += "<th>\(htmlEscaped(r))</th>" }
        page += "<th>VMs before → after</th></tr>\n"
        for (before, after) in zip(report.before, report.after) {
            page += "<tr\(after.online ? "" : " class=\"off\"")><td>\(htmlEscaped(after.host))\(after.online ? "" : " (off)")</td>"
            for r in resources {
                let b = before.byResource[r] ?? 0, a = after.byResource[r] ?? 0
                page += "<td>" + bar(b, class: "bar before") + " \(percent(b))<br>" + bar(a, class: "bar") + " \(percent(a))</td>"
            }
            page += "<td>\(before.vmCount) → \(after.vmCount)</td></tr>\n"
        }
        page += "</table>\n<h2 style=\"font-size:14px\">Plan</h2>\n"
        let gantt = PlanGantt.html(report.schedule.plan, instance: report.instance, title: title)
        if let start = gantt.range(of: "<svg"), let end = gantt.range(of: "</svg>") { page += String(gantt[start.lowerBound..<end.upperBound]) }
        let s = report.simulation
        page += "\n<h2 style=\"font-size:14px\">Simulated metrics</h2>\n<table>"
        let rows: [(String, String)] = [
            ("actions", "\(report.schedule.plan.actions.count)"), ("migrations", "\(s.migrations.count)"),
            ("completion", String(format: "%.1f s", s.completion)), ("mean migration", String(format: "%.1f s", s.meanMigration)),
            ("max migration", String(format: "%.1f s", s.maxMigration)), ("total downtime", String(format: "%.2f s", s.totalDowntime)),
            ("moved", String(format: "%.0f MiB", s.movedMiB)), ("energy", String(format: "%.2f kWh", s.energyKWh)),
            ("peak power", String(format: "%.2f kW", s.peakKW)), ("forced switch-overs", "\(s.forcedSwitchovers)"),
        ]
        for (name, value) in rows { page += "<tr><td>\(name)</td><td>\(value)</td></tr>" }
        page += "</table>\n<h2 style=\"font-size:14px\">Constraints checked (\(report.planViolations.count) violations in the plan, "
            + "\(report.timelineViolations.count) in the simulated timeline)</h2>\n<p>\(htmlEscaped(report.constraintsChecked.joined(separator: ", ")))</p>\n"
        page += "</body></html>\n"
        return page
    }

    private static func bar(_ value: Double, class name: String) -> String {
        "<span class=\"\(name)\" style=\"width:\(Int(((value.isNaN ? 0 : min(max(value, 0), 1.5)) * 120).rounded()))px\"></span>"
    }
}
