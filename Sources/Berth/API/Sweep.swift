import Foundation

/// Many what-if scenarios on one base model, each answered independently (`berth sweep`).
///
/// A sweep file (`berth-sweep/1`) names the base model and lists scenarios, explicitly and/or as
/// the cartesian product of per-field choices:
///
/// ```json
/// {"format": "berth-sweep/1", "model": "workflow-whatif.json", "timeLimitSeconds": 10,
///  "scenarios": [{"name": "rack r1 fails", "fail": "rack=r1"}],
///  "product": {"grow": [1, 1.25, 1.5], "addHosts": [{}, {"big": 2}], "maxUtilization": [{"*": 1}, {"*": 0.8}]}}
/// ```
///
/// Every scenario becomes a `what-if` request (`RequestDocument` reads its fields, so a sweep
/// scenario and a `berth serve` what-if request are one format) and its answer one ``Row``.
public struct Sweep: Sendable {
    public static let format = "berth-sweep/1"
    /// The most scenarios a sweep may expand to.
    public static let maximumScenarios = 10_000
    /// The fields a scenario may set (those of a what-if request, plus its name).
    static let fields = ["name", "grow", "addHosts", "addVMs", "removeHosts", "fail", "maxUtilization"]

    /// One scenario: a name and the what-if request it stands for.
    public struct Scenario: Sendable {
        public var index: Int
        public var name: String
        public var document: RequestDocument
        /// The demand growth factor, and the scenario's other changes in words (the curve it belongs to in a plot).
        public var grow: Double
        public var variant: String
    }

    /// One line of the table.
    public struct Row: Codable, Sendable, Hashable {
        public var index: Int
        public var scenario: String
        /// The demand growth factor, and the scenario's other changes (`base` for none).
        public var grow: Double
        public var variant: String
        public var status: String
        public var fits: Bool
        /// Hosts the scenario needs on (when it fits).
        public var hostsNeeded: Int?
        /// Hosts on now, for comparison.
        public var hostsNow: Int
        /// Share of capacity left per resource on the hosts the scenario keeps on.
        public var headroom: [String: Double]
        /// The resource with the least headroom when it fits; the conflicting rules when it does not.
        public var binding: String?
        /// The proven bound on the hosts needed (`hostsNeeded` itself when proven minimal).
        public var bound: Double?
        public var provenMinimal: Bool
        public var seconds: Double
        public var message: String?

        /// The row as one line of JSON (keys sorted), newline included: what `--output`, the
        /// partial file and a worker write.
        public var jsonLine: Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
        }
    }

    public var model: Instance
    public var scenarios: [Scenario]
    public var timeLimit: Duration

    /// Reads a sweep file; the model path is relative to the sweep file's folder.
    public static func load(path: String) throws(InputError) -> Sweep {
        func fail(_ at: String, _ message: String) -> InputError { InputError(file: path, issues: [InputIssue(path: at, message: message)]) }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("(file)", "the file cannot be read") }
        guard data.count <= 64 << 20 else { throw fail("(file)", "larger than 64 MiB") }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw fail("(file)", "not a JSON object")
        }
        guard object["format"] as? String == format else { throw fail("format", "must be \"\(format)\"") }
        for key in object.keys.sorted() where !["format", "model", "timeLimitSeconds", "scenarios", "product"].contains(key) {
            throw fail(key, "unknown field" + suggestion(for: key, among: ["format", "model", "timeLimitSeconds", "scenarios", "product"]))
        }
        guard let modelPath = object["model"] as? String, !modelPath.isEmpty else { throw fail("model", "required: the base model's path") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let resolved = modelPath.hasPrefix("/") ? modelPath : folder.appendingPathComponent(modelPath).path
        let model = try InstanceCodec.loadInstance(path: resolved)
        var seconds = 30.0
        if let value = object["timeLimitSeconds"] {
            guard let n = RequestDocument.number(value), TimeBudget.problem(n) == nil else { throw fail("timeLimitSeconds", "must be a number of seconds in (0, 30 days]") }
            seconds = n
        }
        var raw: [(String, [String: Any])] = []
        if let list = object["scenarios"] {
            guard let list = list as? [[String: Any]] else { throw fail("scenarios", "must be an array of objects") }
            for (k, scenario) in list.enumerated() { raw.append(("scenarios[\(k)]", scenario)) }
        }
        if let product = object["product"] {
            guard let product = product as? [String: Any] else { throw fail("product", "must map fields to arrays of choices") }
            var combos: [[String: Any]] = [[:]]
            for key in product.keys.sorted() {
                guard fields.contains(key), key != "name" else { throw fail("product.\(key)", "not a scenario field" + suggestion(for: key, among: fields)) }
                guard let choices = product[key] as? [Any], !choices.isEmpty else { throw fail("product.\(key)", "must be a non-empty array") }
                guard combos.count * choices.count <= maximumScenarios else {
                    throw fail("product", "expands to more than \(maximumScenarios) scenarios")
                }
                combos = combos.flatMap { combo in choices.map { choice in
                    var next = combo
                    if !(choice is NSNull) { next[key] = choice }
                    return next
                } }
            }
            for (k, combo) in combos.enumerated() { raw.append(("product[\(k)]", combo)) }
        }
        guard !raw.isEmpty else { throw fail("scenarios", "no scenario: give scenarios, a product, or both") }
        guard raw.count <= maximumScenarios else { throw fail("scenarios", "more than \(maximumScenarios) scenarios") }

        var scenarios: [Scenario] = []
        var names = Set<String>()
        var issues: [InputIssue] = []
        for (k, (at, fieldsOfScenario)) in raw.enumerated() {
            for key in fieldsOfScenario.keys.sorted() where !fields.contains(key) {
                issues.append(InputIssue(path: "\(at).\(key)", message: "not a scenario field" + suggestion(for: key, among: fields)))
            }
            let name = (fieldsOfScenario["name"] as? String) ?? describe(fieldsOfScenario)
            guard names.insert(name).inserted else { issues.append(InputIssue(path: at, message: "a second scenario named '\(name)'")); continue }
            var request = fieldsOfScenario.filter { $0.key != "name" && fields.contains($0.key) }
            request["timeLimitSeconds"] = seconds
            do {
                let document = try RequestDocument.decode(request, command: "what-if", model: model)
                let grow = fieldsOfScenario["grow"].flatMap(RequestDocument.number) ?? 1
                let variant = fieldsOfScenario["name"] == nil ? describe(fieldsOfScenario.filter { $0.key != "grow" }) : name
                scenarios.append(Scenario(index: k, name: name, document: document, grow: grow, variant: variant))
            } catch {
                issues += error.issues.map { InputIssue(path: "\(at).\($0.path)", message: $0.message) }
            }
        }
        guard issues.isEmpty else { throw InputError(file: path, issues: issues) }
        return Sweep(model: model, scenarios: scenarios, timeLimit: .seconds(seconds))
    }

    /// A scenario's name from its fields: `grow=1.25 addHosts=big:2`, or `base` for no change.
    static func describe(_ fields: [String: Any]) -> String {
        let parts = fields.keys.sorted().compactMap { key -> String? in
            let value = fields[key]!
            switch value {
            case let map as [String: Any]:
                return map.isEmpty ? nil : "\(key)=" + map.keys.sorted().map { "\($0):\(text(map[$0]!))" }.joined(separator: ",")
            case let list as [Any]: return "\(key)=" + list.map(text).joined(separator: ",")
            default: return "\(key)=\(text(value))"
            }
        }
        return parts.isEmpty ? "base" : parts.joined(separator: " ")
    }

    private static func text(_ value: Any) -> String {
        if let n = RequestDocument.number(value) { return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n) }
        return "\(value)"
    }

    /// Answers one scenario.
    public static func answer(_ scenario: Scenario) async throws -> Row {
        let clock = ContinuousClock(), start = clock.now
        let result = try await scenario.document.engine().result(for: scenario.document.request)
        let seconds = start.duration(to: clock.now).inSeconds
        let whatIf = result.whatIf
        let binding = whatIf?.fits == true ? whatIf?.scenario?.bindingResource : result.conflicts?.map(\.id).joined(separator: ",")
        return Row(
            index: scenario.index, scenario: scenario.name, grow: scenario.grow, variant: scenario.variant, status: result.status.rawValue, fits: whatIf?.fits ?? false,
            hostsNeeded: whatIf?.fits == true ? whatIf?.scenario?.hostsOn : nil, hostsNow: whatIf?.current.hostsOn ?? 0,
            headroom: whatIf?.scenario?.headroom ?? [:], binding: binding,
            bound: whatIf?.provenMinimal == true ? whatIf?.scenario.map { Double($0.hostsOn) } : result.solve?.bestBound,
            provenMinimal: whatIf?.provenMinimal ?? false, seconds: seconds,
            message: result.status == .error || result.status == .invalidInput
                ? (result.message ?? result.issues?.map(\.description).joined(separator: "; ")) : nil)
    }

    /// The row of a scenario Berth could not answer (status `error`).
    public static func failed(_ scenario: Scenario, message: String) -> Row {
        Row(index: scenario.index, scenario: scenario.name, grow: scenario.grow, variant: scenario.variant, status: "error", fits: false, hostsNeeded: nil, hostsNow: 0,
            headroom: [:], binding: nil, bound: nil, provenMinimal: false, seconds: 0, message: message)
    }

    /// The CSV header and one line per row (resources in `resources` order).
    public static func csv(_ rows: [Row], resources: [String]) -> String {
        func field(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var lines = [(["scenario", "grow", "variant", "status", "fits", "hosts_needed", "hosts_now"] + resources.map { "headroom_\($0)" }
            + ["binding", "bound", "proven_minimal", "seconds"]).joined(separator: ",")]
        for row in rows.sorted(by: { $0.index < $1.index }) {
            var cells: [String] = [field(row.scenario), String(format: "%g", row.grow), field(row.variant), row.status, String(row.fits), row.hostsNeeded.map(String.init) ?? "", String(row.hostsNow)]
            for r in resources { cells.append(row.headroom[r].map { String(format: "%.4f", $0) } ?? "") }
            cells.append(field(row.binding ?? ""))
            cells.append(row.bound.map { String(format: "%g", $0) } ?? "")
            cells.append(String(row.provenMinimal))
            cells.append(String(format: "%.3f", row.seconds))
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A self-contained HTML page: hosts needed against demand growth, one curve per variant
    /// (added host types, failures, headroom), a hollow mark where the scenario does not fit; then the table.
    public static func html(_ rows: [Row], title: String) -> String {
        let fitting = rows.filter { $0.hostsNeeded != nil }
        let variants = Array(Set(rows.map(\.variant))).sorted()
        let grows = rows.map(\.grow), maxHosts = max(1, (fitting.compactMap(\.hostsNeeded).max() ?? 1) + 1)
        let xMin = grows.min() ?? 1, xMax = max(grows.max() ?? 1, xMin + 0.01)
        let (width, height, left, bottom) = (720.0, 360.0, 50.0, 40.0)
        func x(_ g: Double) -> Double { left + (g - xMin) / (xMax - xMin) * (width - left - 20) }
        func y(_ h: Double) -> Double { height - bottom - h / Double(maxHosts) * (height - bottom - 20) }
        let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
        var svg = "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(width + 260))' height='\(Int(height))' font-family='sans-serif' font-size='12'>"
        svg += "<line x1='\(left)' y1='\(y(0))' x2='\(width - 20)' y2='\(y(0))' stroke='#333'/><line x1='\(left)' y1='20' x2='\(left)' y2='\(y(0))' stroke='#333'/>"
        for h in stride(from: 0, through: maxHosts, by: max(1, maxHosts / 8)) {
            svg += "<text x='\(left - 8)' y='\(y(Double(h)) + 4)' text-anchor='end'>\(h)</text>"
        }
        for g in Array(Set(grows)).sorted() { svg += "<text x='\(x(g))' y='\(height - bottom + 16)' text-anchor='middle'>\(String(format: "%g", g))</text>" }
        svg += "<text x='\((width + left) / 2)' y='\(height - 6)' text-anchor='middle'>demand growth</text>"
        svg += "<text x='14' y='\((height - bottom) / 2)' transform='rotate(-90 14 \((height - bottom) / 2))' text-anchor='middle'>hosts needed</text>"
        for (k, variant) in variants.enumerated() {
            let color = palette[k % palette.count]
            let series = rows.filter { $0.variant == variant }.sorted { $0.grow < $1.grow }
            let points = series.compactMap { r in r.hostsNeeded.map { "\(x(r.grow)),\(y(Double($0)))" } }
            if points.count > 1 { svg += "<polyline fill='none' stroke='\(color)' stroke-width='2' points='\(points.joined(separator: " "))'/>" }
            for r in series {
                if let h = r.hostsNeeded {
                    svg += "<circle cx='\(x(r.grow))' cy='\(y(Double(h)))' r='4' fill='\(color)'><title>\(htmlEscaped(r.scenario)): \(h) hosts</title></circle>"
                } else {
                    svg += "<circle cx='\(x(r.grow))' cy='\(y(Double(maxHosts)))' r='4' fill='white' stroke='\(color)'><title>\(htmlEscaped(r.scenario)): does not fit</title></circle>"
                }
            }
            svg += "<rect x='\(width + 10)' y='\(24 + 18 * Double(k) - 9)' width='10' height='10' fill='\(color)'/>"
            svg += "<text x='\(width + 26)' y='\(24 + 18 * Double(k))'>\(htmlEscaped(variant))</text>"
        }
        svg += "</svg>"
        var table = "<table><tr><th>scenario</th><th>status</th><th>fits</th><th>hosts needed</th><th>hosts now</th><th>binding</th><th>proven</th><th>s</th></tr>"
        for r in rows.sorted(by: { $0.index < $1.index }) {
            table += "<tr><td>\(htmlEscaped(r.scenario))</td><td>\(r.status)</td><td>\(r.fits ? "yes" : "no")</td><td>\(r.hostsNeeded.map(String.init) ?? "–")</td>"
                + "<td>\(r.hostsNow)</td><td>\(htmlEscaped(r.binding ?? ""))</td><td>\(r.provenMinimal ? "yes" : "no")</td><td>\(String(format: "%.2f", r.seconds))</td></tr>"
        }
        table += "</table>"
        return "<!doctype html><html><head><meta charset='utf-8'><title>\(htmlEscaped(title))</title><style>body{font-family:sans-serif;margin:2em}"
            + "table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}</style></head><body>"
            + "<h1>\(htmlEscaped(title))</h1><p>Hosts needed against demand growth; a hollow mark at the top: the scenario does not fit.</p>"
            + svg + table + "</body></html>\n"
    }
}
