import Foundation

/// A request as JSON (`berth-request/1`): what `berth serve` accepts and what another language
/// sends. The model is a `berth/1` instance; the other fields are the command's options, named as
/// the CLI names them.
///
/// ```json
/// {"command": "consolidate", "model": {"format": "berth/1", …}, "powerOff": true, "maxMigrations": 5,
///  "timeLimitSeconds": 60}
/// ```
public struct RequestDocument: Sendable {
    public var request: BerthRequest
    /// The request's own time limit (capped by whoever runs it).
    public var timeLimit: Duration?
    public var maxUtilization: [String: Double] = [:]
    public var repairViolations = false

    /// Every field each command reads, beside `command`, `model`, `timeLimitSeconds`,
    /// `maxUtilization` and `repairViolations`.
    static let fields: [String: [String]] = [
        "solve": ["objective", "mode"],
        "plan": ["target", "compare"],
        "check": ["placement"],
        "simulate": ["plan"],
        "what-if": ["addHosts", "addVMs", "removeHosts", "fail", "grow"],
        "drain": ["hosts", "deadlineSeconds"],
        "undrain": ["hosts"],
        "consolidate": ["powerOff", "maxMigrations"],
        "balance": [],
    ]
    static let common = ["command", "model", "timeLimitSeconds", "maxUtilization", "repairViolations"]

    /// The commands a request may name.
    public static var commands: [String] { fields.keys.sorted() }

    /// Decodes and validates a request; every problem is an issue with its field's path
    /// (`model.vms[3].host`, `hosts`, `grow`).
    public static func decode(_ data: Data) throws(InputError) -> RequestDocument {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw fail("(request)", "the request must be a JSON object")
            }
            object = parsed
        } catch let error as InputError {
            throw error
        } catch {
            throw fail("(request)", "not valid JSON: \(error.localizedDescription)")
        }
        guard let command = object["command"] as? String else { throw fail("command", "required: one of \(commands.joined(separator: ", "))") }
        guard let allowed = fields[command] else {
            throw fail("command", "unknown command '\(command)'" + suggestion(for: command, among: commands))
        }
        var issues: [InputIssue] = []
        for key in object.keys.sorted() where !common.contains(key) && !allowed.contains(key) {
            issues.append(InputIssue(path: key, message: "'\(key)' is not a field of a \(command) request" + suggestion(for: key, among: common + allowed)))
        }
        guard let modelObject = object["model"] else { throw fail("model", "required: a berth/1 instance") }
        // JSONSerialization traps (rather than throws) on a top level that is not an object or array.
        guard modelObject is [String: Any] else { throw InputError(file: nil, issues: issues + [InputIssue(path: "model", message: "must be a JSON object (a berth/1 instance)")]) }
        let model: Instance
        do {
            model = try InstanceCodec.decodeInstance(try JSONSerialization.data(withJSONObject: modelObject), file: nil)
        } catch let error as InputError {
            throw InputError(file: nil, issues: issues + error.issues.map { InputIssue(path: "model." + $0.path, message: $0.message) })
        } catch {
            throw fail("model", "must be a JSON object (a berth/1 instance)")
        }
        return try decode(object, command: command, model: model, issues: issues)
    }

    /// A request's fields (`object`, its `model` aside) on a model already decoded and validated:
    /// a sweep reads its model once for all its scenarios.
    static func decode(_ object: [String: Any], command: String, model: Instance, issues found: [InputIssue] = []) throws(InputError) -> RequestDocument {
        var fields = RequestFields(object: object, model: model, issues: found)
        var document = RequestDocument(request: .solve(model))
        if let seconds = fields.number("timeLimitSeconds", TimeBudget.problem) { document.timeLimit = TimeBudget.duration(seconds) }
        if let shares = fields.shares("maxUtilization") { document.maxUtilization = shares }
        document.repairViolations = fields.flag("repairViolations") ?? false
        switch command {
        case "solve": document.request = .solve(model, objective: fields.objective(), mode: fields.mode())
        case "plan": document.request = fields.plan()
        case "check": document.request = fields.check() ?? document.request
        case "simulate": document.request = fields.simulate() ?? document.request
        case "what-if": document.request = .whatIf(model, fields.whatIf())
        case "drain": document.request = fields.drain() ?? document.request
        case "undrain": document.request = .workflow(.undrain(fields.hosts("hosts")), on: model)
        case "consolidate": document.request = .workflow(.consolidate(fields.consolidate()), on: model)
        default: document.request = .workflow(.balance, on: model)
        }
        guard fields.issues.isEmpty else { throw InputError(file: nil, issues: fields.issues) }
        return document
    }

    /// JSON's true and false (Foundation's parser bridges booleans and numbers alike to NSNumber;
    /// booleans are the ones whose type code is `c`).
    static func isBoolean(_ value: Any) -> Bool {
        (value as? NSNumber).map { String(cString: $0.objCType) == "c" } ?? false
    }

    /// A JSON number (not a boolean), finite.
    static func number(_ value: Any) -> Double? {
        guard !isBoolean(value), let n = (value as? NSNumber)?.doubleValue, n.isFinite else { return nil }
        return n
    }

    /// A JSON number that is a whole number within `Int`'s range.
    static func whole(_ value: Any) -> Int? {
        guard let n = number(value), n == n.rounded(), abs(n) < 9e15 else { return nil }
        return Int(n)
    }

    /// One problem at one field, as an error.
    fileprivate static func fail(_ path: String, _ message: String) -> InputError {
        InputError(file: nil, issues: [InputIssue(path: path, message: message)])
    }

    /// An engine configured as the document asks, its time limit capped at `maximum`.
    public func engine(maximumTimeLimit maximum: Duration? = nil) -> BerthEngine {
        var engine = BerthEngine(timeLimit: timeLimit ?? request.instance.timeLimit.map(TimeBudget.duration) ?? .seconds(30))
        if let maximum, let limit = engine.timeLimit, limit > maximum { engine.timeLimit = maximum }
        engine.maxUtilization = maxUtilization
        engine.repairViolations = repairViolations
        return engine
    }
}

/// A request document's fields read one at a time against its model, each problem collected under
/// the field's name (`grow`, `target.vms[2]`…) so that a bad request names all of them at once.
private struct RequestFields {
    let object: [String: Any]
    let model: Instance
    var issues: [InputIssue]

    mutating func report(_ path: String, _ message: String) { issues.append(InputIssue(path: path, message: message)) }

    /// A nested document (a placement, a plan) decoded by `decode`; its issues under `key`.
    mutating func sub<T>(_ key: String, _ decode: (Data) throws(InputError) -> T) -> T? {
        guard let value = object[key] else { return nil }
        do {
            guard value is [String: Any], JSONSerialization.isValidJSONObject(value) else { throw RequestDocument.fail(key, "must be a JSON object") }
            return try decode(try JSONSerialization.data(withJSONObject: value))
        } catch let error as InputError {
            issues += error.issues.map { InputIssue(path: $0.path == "(file)" ? key : "\(key).\($0.path)", message: $0.message) }
        } catch {
            report(key, "cannot be read: \(error.localizedDescription)")
        }
        return nil
    }

    mutating func number(_ key: String, _ check: (Double) -> String?) -> Double? {
        guard let value = object[key] else { return nil }
        guard let n = RequestDocument.number(value) else { report(key, "must be a number"); return nil }
        if let problem = check(n) { report(key, problem); return nil }
        return n
    }

    mutating func flag(_ key: String) -> Bool? {
        guard let value = object[key] else { return nil }
        guard RequestDocument.isBoolean(value), let b = value as? Bool else { report(key, "must be true or false"); return nil }
        return b
    }

    /// Resources (or `*`) to shares in (0, 1].
    mutating func shares(_ key: String) -> [String: Double]? {
        guard let value = object[key] else { return nil }
        if let map = value as? [String: Any], case let shares = map.compactMapValues(RequestDocument.number), shares.count == map.count,
           shares.values.allSatisfy({ $0 > 0 && $0 <= 1 }) {
            return shares
        }
        report(key, "must map resources (or \"*\") to shares in (0, 1]")
        return nil
    }

    mutating func hosts(_ key: String) -> HostSelection? {
        let selection: HostSelection
        switch object[key] {
        case nil: return nil
        case let text as String where !text.isEmpty: selection = .parse(text)
        case let ids as [String] where !ids.isEmpty: selection = .hosts(ids)
        default: report(key, "must be host ids (a non-empty array) or 'key=value'"); return nil
        }
        do { _ = try selection.resolve(in: model.cluster, path: key) } catch {
            if case .invalidRequest(let found) = error { issues += found } else { report(key, error.description) }
            return nil
        }
        return selection
    }

    mutating func counts(_ key: String) -> [(template: String, count: Int)] {
        guard let value = object[key] else { return [] }
        guard let map = value as? [String: Any] else { report(key, "must map template ids to counts"); return [] }
        return map.keys.sorted().compactMap { template in
            guard let n = map[template].flatMap(RequestDocument.whole), n >= 1, n <= WhatIf.maximumAdded else {
                report("\(key).\(template)", "must be a whole count in 1…\(WhatIf.maximumAdded)")
                return nil
            }
            return (template, n)
        }
    }

    mutating func objective() -> Objective? {
        guard let name = object["objective"] else { return nil }
        if let objective = (name as? String).flatMap(Objective.init(rawValue:)) { return objective }
        report("objective", "must be one of " + Objective.allCases.map(\.rawValue).joined(separator: ", ")
            + suggestion(for: "\(name)", among: Objective.allCases.map(\.rawValue)))
        return nil
    }

    mutating func mode() -> PlacementMode {
        guard let name = object["mode"] else { return .auto }
        if let mode = (name as? String).flatMap(PlacementMode.init(rawValue:)) { return mode }
        report("mode", "must be one of " + PlacementMode.allCases.map(\.rawValue).joined(separator: ", "))
        return .auto
    }

    mutating func plan() -> BerthRequest {
        let cluster = model.cluster
        let target = sub("target") { (data) throws(InputError) in try InstanceCodec.decodePlacement(data, for: cluster) }
        return .workflow(.plan(Planning.Request(target: target, compare: flag("compare") ?? false)), on: model)
    }

    mutating func check() -> BerthRequest? {
        guard object["placement"] != nil else { report("placement", "required: a berth-placement/1 placement"); return nil }
        let cluster = model.cluster
        return sub("placement") { (data) throws(InputError) in try InstanceCodec.decodePlacement(data, for: cluster) }.map { .check(model, $0) }
    }

    mutating func simulate() -> BerthRequest? {
        guard object["plan"] != nil else { report("plan", "required: a berth-plan/1 plan"); return nil }
        let cluster = model.cluster
        return sub("plan") { (data) throws(InputError) in try InstanceCodec.decodePlan(data, for: cluster) }.map { .simulate(model, $0) }
    }

    mutating func whatIf() -> WhatIf.Request {
        var request = WhatIf.Request()
        request.addHosts = counts("addHosts")
        request.addVMs = counts("addVMs")
        request.removeHosts = hosts("removeHosts")
        request.fail = hosts("fail")
        request.grow = number("grow") { $0 > 0 && $0 <= WhatIf.maximumGrowth ? nil : "must be > 0 and at most \(Int(WhatIf.maximumGrowth))" } ?? 1
        guard issues.isEmpty else { return request }
        // The scenario is built now, so that an unknown template or an impossible change is a bad request.
        do { _ = try WhatIf.instance(model, request) } catch {
            // WhatIf names its fields as the CLI's flags do.
            let names = ["add-hosts": "addHosts", "add-vms": "addVMs", "remove-hosts": "removeHosts"]
            if case .invalidRequest(let found) = error {
                issues += found.map { issue in
                    let head = issue.path.prefix { $0 != "." && $0 != "[" }
                    return InputIssue(path: (names[String(head)] ?? String(head)) + issue.path.dropFirst(head.count), message: issue.message)
                }
            } else { report("(request)", error.description) }
        }
        return request
    }

    mutating func drain() -> BerthRequest? {
        guard let selection = hosts("hosts") else {
            if object["hosts"] == nil { report("hosts", "required: the hosts to drain") }
            return nil
        }
        let deadline = number("deadlineSeconds", TimeBudget.problem)
        return .workflow(.drain(Drain.Request(hosts: selection, deadline: deadline)), on: model)
    }

    mutating func consolidate() -> Consolidate.Request {
        var request = Consolidate.Request(powerOff: flag("powerOff") ?? true)
        if let value = object["maxMigrations"] {
            if let n = RequestDocument.whole(value), n >= 0 { request.maxMigrations = n } else { report("maxMigrations", "must be a whole number ≥ 0") }
        }
        return request
    }
}
