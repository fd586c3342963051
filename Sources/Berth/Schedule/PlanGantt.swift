import Foundation

/// A self-contained HTML page with an SVG Gantt chart of a plan: one lane per host and one per
/// link that carries migrations, one colour per action kind, a tooltip per bar.
package enum PlanGantt {
    static let colours: [PlanActionKind: String] = [
        .migrate: "#4e79a7", .boot: "#f28e2b", .shutdown: "#76b7b2", .suspend: "#e15759", .resume: "#b07aa1",
    ]

    public static func html(_ plan: MigrationPlan, instance: Instance, title: String) -> String {
        let topology = NetworkTopology(cluster: instance.cluster, network: instance.network)
        var lanes: [String] = []
        var bars: [String: [(PlanAction, Bool)]] = [:]  // lane → (action, faded = source side)
        func add(_ lane: String, _ action: PlanAction, faded: Bool = false) {
            if bars[lane] == nil { lanes.append(lane) }
            bars[lane, default: []].append((action, faded))
        }
        for host in instance.cluster.hosts.map(\.id) where plan.actions.contains(where: { $0.hosts.contains(host) }) {
            for a in plan.actions where a.to == host { add(host, a) }
            for a in plan.actions where a.from == host && a.to != host { add(host, a, faded: a.kind != .suspend) }
        }
        var linkLanes: [String: [PlanAction]] = [:]
        for a in plan.actions where (a.kind == .migrate || a.kind == .resume) {
            for link in Set(topology.route(from: a.from!, to: a.to!).links) { linkLanes[link, default: []].append(a) }
        }
        for link in linkLanes.keys.sorted() { for a in linkLanes[link]! { add("link \(link)", a) } }

        let span = max(1, plan.completion)
        let left = 150.0, width = 1000.0, laneHeight = 18.0, top = 30.0
        let height = top + Double(lanes.count) * laneHeight + 40
        func x(_ t: Double) -> Double { left + t / span * width }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + width + 20))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        let ticks = 10
        for i in 0...ticks {
            let t = span * Double(i) / Double(ticks)
            svg += String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>", x(t), top - 5, x(t), height - 30)
            svg += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.0f s</text>\n", x(t), top - 10, t)
        }
        for (i, lane) in lanes.enumerated() {
            let y = top + Double(i) * laneHeight
            svg += "<text x=\"4\" y=\"\(f(y + 12))\">\(htmlEscaped(lane))</text>"
            for (a, faded) in bars[lane]! {
                let w = max(1, x(a.end) - x(a.start))
                let tip = htmlEscaped("#\(a.id) \(a.label): \(String(format: "%.1f", a.start))–\(String(format: "%.1f", a.end)) s" + (a.note.map { " (\($0))" } ?? ""))
                svg += "<rect x=\"\(f(x(a.start)))\" y=\"\(f(y + 2))\" width=\"\(f(w))\" height=\"\(f(laneHeight - 4))\" "
                    + "fill=\"\(colours[a.kind]!)\" fill-opacity=\"\(faded ? "0.35" : "0.9")\"><title>\(tip)</title></rect>"
            }
            svg += "\n"
        }
        var legendX = left
        for kind in PlanActionKind.allCases {
            svg += "<rect x=\"\(f(legendX))\" y=\"\(f(height - 22))\" width=\"12\" height=\"12\" fill=\"\(colours[kind]!)\"/>"
                + "<text x=\"\(f(legendX + 16))\" y=\"\(f(height - 12))\">\(kind.rawValue)</text>"
            legendX += 90
        }
        svg += "</svg>"
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>\(htmlEscaped(title))</title></head>
            <body style="font-family: sans-serif">
            <h1 style="font-size: 16px">\(htmlEscaped(title))</h1>
            <p>\(plan.actions.count) actions, completion \(String(format: "%.1f", plan.completion)) s. Faded bars: the source side of a migration.</p>
            \(svg)
            </body></html>

            """
    }
}
