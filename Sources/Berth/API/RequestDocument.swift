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
        var issues = found

        func sub<T>(_ key: String, _ decode: (Data) throws(InputError) -> T) -> T? {
            guard let value = object[key] else { return nil }
            do {
                guard value is [String: Any], JSONSerialization.isValidJSONObject(value) else { throw fail(key, "must be a JSON object") }
                return try decode(try JSONSerialization.data(withJSONObject: value))
            } catch let error as InputError {
                issues += error.issues.map { InputIssue(path: $0.path == "(file)" ? key : "\(key).\($0.path)", message: $0.message) }
            } catch {
                issues.append(InputIssue(path: key, message: "cannot be read: \(error.localizedDescription)"))
            }
            return nil
        }
        func number(_ key: String, _ check: (Double) -> String?) -> Double? {
            guard let value = object[key] else { return nil }
            guard let n = Self.number(value) else { issues.append(InputIssue(path: key, message: "must be a number")); return nil }
            if let problem = check(n) { issues.append(InputIssue(path: key, message: problem)); return nil }
            return n
        }
        func flag(_ key: String) -> Bool? {
            guard let value = object[key] else { return nil }
            guard Self.isBoolean(value), let b = value as? Bool else { issues.append(InputIssue(path: key, message: "must be true or false")); return nil }
            return b
        }
        func hosts(_ key: String) -> HostSelection? {
            let selection: HostSelection
            switch object[key] {
            case nil: return nil
            case let text as String where !text.isEmpty: selection = .parse(text)
            case let ids as [String] where !ids.isEmpty: selection = .hosts(ids)
            default: issues.append(InputIssue(path: key, message: "must be host ids (a non-empty array) or 'key=value'")); return nil
            }
            do { _ = try selection.resolve(in: model.cluster, path: key) } catch {
                if case .invalidRequest(let found) = error { issues += found } else { issues.append(InputIssue(path: key, message: error.description)) }
                return nil
            }
            return selection
        }
        func counts(_ key: String) -> [(template: String, count: Int)] {
            guard let value = object[key] else { return [] }
            guard let map = value as? [String: Any] else { issues.append(InputIssue(path: key, message: "must map template ids to counts")); return [] }
            return map.keys.sorted().compactMap { template in
                guard let n = map[template].flatMap(Self.whole), n >= 1, n <= WhatIf.maximumAdded else {
                    issues.append(InputIssue(path: "\(key).\(template)", message: "must be a whole count in 1…\(WhatIf.maximumAdded)"))
                    return nil
                }
                return (template, n)
            }
        }

        var document = RequestDocument(request: .solve(model))
        if let seconds = number("timeLimitSeconds", TimeBudget.problem) { document.timeLimit = TimeBudget.duration(seconds) }
        if let headroom = object["maxUtilization"] {
            if let map = headroom as? [String: Any], case let shares = map.compactMapValues(Self.number), shares.count == map.count,
               shares.values.allSatisfy({ $0 > 0 && $0 <= 1 }) {
                document.maxUtilization = shares
            } else {
                issues.append(InputIssue(path: "maxUtilization", message: "must map resources (or \"*\") to shares in (0, 1]"))
            }
        }
        document.repairViolations = flag("repairViolations") ?? false

        switch command {
        case "solve":
            var objective: Objective?
            if let name = object["objective"] {
                objective = (name as? String).flatMap(Objective.init(rawValue:))
                if objective == nil {
                    issues.append(InputIssue(path: "objective", message: "must be one of " + Objective.allCases.map(\.rawValue).joined(separator: ", ")
                        + suggestion(for: "\(name)", among: Objective.allCases.map(\.rawValue))))
                }
            }
            var mode = PlacementMode.auto
            if let name = object["mode"] {
                if let parsed = (name as? String).flatMap(PlacementMode.init(rawValue:)) { mode = parsed } else {
                    issues.append(InputIssue(path: "mode", message: "must be one of " + PlacementMode.allCases.map(\.rawValue).joined(separator: ", ")))
                }
            }
            document.request = .solve(model, objective: objective, mode: mode)
        case "plan":
            let target = sub("target") { (data) throws(InputError) in try InstanceCodec.decodePlacement(data, for: model.cluster) }
            document.request = .workflow(.plan(Planning.Request(target: target, compare: flag("compare") ?? false)), on: model)
        case "check":
            guard object["placement"] != nil else { issues.append(InputIssue(path: "placement", message: "required: a berth-placement/1 placement")); break }
            if let placement = sub("placement", { (data) throws(InputError) in try InstanceCodec.decodePlacement(data, for: model.cluster) }) {
                document.request = .check(model, placement)
            }
        case "simulate":
            guard object["plan"] != nil else { issues.append(InputIssue(path: "plan", message: "required: a berth-plan/1 plan")); break }
            if let plan = sub("plan", { (data) throws(InputError) in try InstanceCodec.decodePlan(data, for: model.cluster) }) {
                document.request = .simulate(model, plan)
            }
        case "what-if":
            var request = WhatIf.Request()
            request.addHosts = counts("addHosts")
            request.addVMs = counts("addVMs")
            request.removeHosts = hosts("removeHosts")
            request.fail = hosts("fail")
            request.grow = number("grow") { $0 > 0 && $0 <= WhatIf.maximumGrowth ? nil : "must be > 0 and at most \(Int(WhatIf.maximumGrowth))" } ?? 1
            if issues.isEmpty {
                // The scenario is built now, so that an unknown template or an impossible change is a bad request.
                do { _ = try WhatIf.instance(model, request) } catch {
                    // WhatIf names its fields as the CLI's flags do.
                    let names = ["add-hosts": "addHosts", "add-vms": "addVMs", "remove-hosts": "removeHosts"]
                    if case .invalidRequest(let found) = error {
                        issues += found.map { issue in
                            let head = issue.path.prefix { $0 != "." && $0 != "[" }
                            return InputIssue(path: (names[String(head)] ?? String(head)) + issue.path.dropFirst(head.count), message: issue.message)
                        }
                    } else { issues.append(InputIssue(path: "(request)", message: error.description)) }
                }
            }
            document.request = .whatIf(model, request)
        case "drain":
            guard let selection = hosts("hosts") else {
                if object["hosts"] == nil { issues.append(InputIssue(path: "hosts", message: "required: the hosts to drain")) }
                break
            }
            let deadline = number("deadlineSeconds", TimeBudget.problem)
            document.request = .workflow(.drain(Drain.Request(hosts: selection, deadline: deadline)), on: model)
        case "undrain":
            document.request = .workflow(.undrain(hosts("hosts")), on: model)
        case "consolidate":
            var request = Consolidate.Request(powerOff: flag("powerOff") ?? true)
            if let value = object["maxMigrations"] {
                if let n = Self.whole(value), n >= 0 { request.maxMigrations = n } else {
                    issues.append(InputIssue(path: "maxMigrations", message: "must be a whole number ≥ 0"))
                }
            }
            document.request = .workflow(.consolidate(request), on: model)
        default:
            document.request = .workflow(.balance, on: model)
        }
        guard issues.isEmpty else { throw InputError(file: nil, issues: issues) }
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
    private static func fail(_ path: String, _ message: String) -> InputError {
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
