/// Parses the `.berth` rules language, one statement per line:
///
/// ```text
/// objective minHosts
/// timeLimit 30
/// web-ha: spread(web-[1..3])
/// ban(@db, rack=r7)
/// among(@hpc, by(rack))
/// offline(bladecenter=bc1)
/// maxOnline(*, 30)
/// ```
/// See docs/dsl.md for the grammar and one example per constraint.
struct ScriptParser {
    let cluster: Cluster
    let file: String?
    private var line = 0
    private var tokens: [ScriptLexer.Token] = []
    private var position = 0
    /// Names selected so far, against ``maximumSelected``.
    private let selected = SelectionBudget()
    private var lineLength = 0

    init(cluster: Cluster, file: String?) {
        self.cluster = cluster
        self.file = file
    }

    /// An argument as written, before it is read as VMs, hosts, groups or a number.
    indirect enum Expression {
        case all(column: Int)
        case tag(String, column: Int)
        case name(String, column: Int)
        case attribute(key: String, value: String, column: Int)
        case union([Expression], column: Int)
        case list([Expression], column: Int)
        case by(String, column: Int)
        case number(Double, column: Int)

        var column: Int {
            switch self {
            case .all(let c), .tag(_, let c), .name(_, let c), .attribute(_, _, let c), .union(_, let c),
                .list(_, let c), .by(_, let c), .number(_, let c): c
            }
        }
    }

    mutating func parse(_ text: String) throws(ScriptError) -> RulesScript {
        var script = RulesScript(constraints: [], objective: nil, timeLimit: nil, lines: [])
        for (index, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            line = index + 1
            lineLength = content.count
            tokens = try ScriptLexer.tokens(String(content), lineNumber: line, file: file)
            position = 0
            guard !tokens.isEmpty else { continue }
            try statement(into: &script)
        }
        return script
    }

    // MARK: statements

    private mutating func statement(into script: inout RulesScript) throws(ScriptError) {
        guard case .name(let first) = tokens[0].kind else {
            if tokens[0].kind == .discrete {
                position = 1
                return try constraintStatement(into: &script, continuity: (false, tokens[0].column))
            }
            throw error("a statement starts with a constraint name, 'objective' or 'timeLimit'", at: tokens[0].column)
        }
        if first == "objective" {
            position = 1
            let (name, column) = try expectName("an objective (\(Objective.allCases.map(\.rawValue).joined(separator: ", ")))")
            guard let objective = Objective(rawValue: name) else {
                throw error("unknown objective '\(name)'" + suggestion(for: name, among: Objective.allCases.map(\.rawValue)), at: column)
            }
            script.objective = objective
            try expectEnd()
            return
        }
        if first == "timeLimit" || first == "time-limit" {
            position = 1
            guard position < tokens.count, case .number(let seconds) = tokens[position].kind else {
                throw error("timeLimit needs a number of seconds > 0", at: column(at: position))
            }
            if let problem = TimeBudget.problem(seconds) { throw error("timeLimit \(problem)", at: column(at: position)) }
            position += 1
            script.timeLimit = seconds
            try expectEnd()
            return
        }
        if first == "continuous" || first == "discrete", tokens.count > 1, tokens[1].kind != .symbol("("), tokens[1].kind != .symbol(":") {
            position = 1
            return try constraintStatement(into: &script, continuity: (first == "continuous", tokens[0].column))
        }
        try constraintStatement(into: &script, continuity: nil)
    }

    /// `[label:] kind(args)`, after an optional `continuous`/`discrete`/`>>` prefix.
    private mutating func constraintStatement(into script: inout RulesScript, continuity: (Bool, Int)?) throws(ScriptError) {
        var label: String?
        if position + 1 < tokens.count, case .name(let name) = tokens[position].kind, tokens[position + 1].kind == .symbol(":") {
            label = name
            position += 2
        }
        let (kind, kindColumn) = try expectName("a constraint name")
        try expect("(")
        var arguments: [Expression] = []
        if !check(")") {
            repeat { arguments.append(try expression()) } while consume(",")
        }
        try expect(")")
        try expectEnd()
        var constraint = try build(kind, arguments, label: label, column: kindColumn)
        if let (continuous, column) = continuity {
            guard let chosen = constraint.withContinuity(continuous) else {
                let only = constraint.isContinuous ? "continuous" : "discrete"
                throw error("\(kind) is \(only) only", at: column)
            }
            constraint = chosen
        }
        script.constraints.append(constraint)
        script.lines.append(line)
    }

    // MARK: expressions

    /// Deepest nesting of `{…}` and `[…]` accepted (deeper input would exhaust the stack).
    static let maximumNesting = 32
    /// Most names one range such as `web-[1..3]` may expand to.
    static let maximumExpansion = 100_000

    private mutating func expression(depth: Int = 0) throws(ScriptError) -> Expression {
        guard position < tokens.count else { throw error("an argument is missing", at: lineLength + 1) }
        let token = tokens[position]
        guard depth < Self.maximumNesting else {
            throw error("braces and brackets nest more than \(Self.maximumNesting) deep", at: token.column)
        }
        position += 1
        switch token.kind {
        case .symbol("*"): return .all(column: token.column)
        case .symbol("@"):
            let (tag, _) = try expectName("a tag after '@'")
            return .tag(tag, column: token.column)
        case .symbol("{"):
            var members: [Expression] = []
            if !check("}") { repeat { members.append(try expression(depth: depth + 1)) } while consume(",") }
            try expect("}")
            return .union(members, column: token.column)
        case .symbol("["):
            var members: [Expression] = []
            if !check("]") { repeat { members.append(try expression(depth: depth + 1)) } while consume(",") }
            try expect("]")
            return .list(members, column: token.column)
        case .number(let value): return .number(value, column: token.column)
        case .name(let name):
            if name == "by", consume("(") {
                let (key, _) = try expectName("an attribute name in by(…)")
                try expect(")")
                return .by(key, column: token.column)
            }
            if consume("=") {
                guard position < tokens.count else { throw error("a value is missing after '='", at: lineLength + 1) }
                let valueToken = tokens[position]
                position += 1
                switch valueToken.kind {
                case .name(let value): return .attribute(key: name, value: value, column: token.column)
                case .number: return .attribute(key: name, value: tokenText(valueToken), column: token.column)
                default: throw error("a value is missing after '='", at: valueToken.column)
                }
            }
            return .name(name, column: token.column)
        default:
            throw error("unexpected '\(tokenText(token))'", at: token.column)
        }
    }

    // MARK: reading arguments as VMs, hosts, groups, numbers

    /// Most VM and host names one script may select in all, its statements together: each
    /// statement is bounded, and this bounds their sum (`spread(*)` ten thousand times).
    static let maximumSelected = 2_000_000

    private func vmSet(_ e: Expression) throws(ScriptError) -> [String] {
        let ids = try vmSetUncounted(e)
        try selected.spend(ids.count, at: e.column, self)
        return ids
    }

    private func hostSet(_ e: Expression) throws(ScriptError) -> [String] {
        let ids = try hostSetUncounted(e)
        try selected.spend(ids.count, at: e.column, self)
        return ids
    }

    private func vmSetUncounted(_ e: Expression) throws(ScriptError) -> [String] {
        switch e {
        case .all: return cluster.vms.map(\.id)
        case .tag(let tag, let column):
            let ids = cluster.vms.filter { $0.tags.contains(tag) }.map(\.id)
            if ids.isEmpty {
                let tags = Set(cluster.vms.flatMap(\.tags)).sorted()
                throw error("no VM is tagged '\(tag)'" + suggestion(for: tag, among: tags), at: column)
            }
            return ids
        case .name(let name, let column):
            let known = Set(cluster.vms.map(\.id))
            var ids: [String] = []
            for id in try expand(name, column: column) {
                guard known.contains(id) else {
                    throw error("unknown VM '\(id)'" + suggestion(for: id, among: cluster.vms.map(\.id)), at: column)
                }
                ids.append(id)
            }
            return ids
        case .attribute(let key, let value, let column):
            let ids: [String]
            switch key.lowercased() {
            case "host": ids = cluster.vms.filter { $0.host == value }.map(\.id)
            case "state": ids = cluster.vms.filter { $0.state.rawValue == value }.map(\.id)
            case "workload": ids = cluster.vms.filter { $0.workload.rawValue == value }.map(\.id)
            case "tag": ids = cluster.vms.filter { $0.tags.contains(value) }.map(\.id)
            default:
                throw error("VMs are selected by id, @tag, *, or host=, state=, workload=, tag=; not '\(key)='", at: column)
            }
            if ids.isEmpty { throw error("no VM has \(key)=\(value)", at: column) }
            return ids
        case .union(let members, _):
            var ids: [String] = []
            for member in members { ids += try vmSet(member) }
            return uniqued(ids)
        case .list(_, let column), .by(_, let column), .number(_, let column):
            throw error("expected VMs (an id, a range such as web-[1..3], @tag, * or {…})", at: column)
        }
    }

    private func hostSetUncounted(_ e: Expression) throws(ScriptError) -> [String] {
        switch e {
        case .all: return cluster.hosts.map(\.id)
        case .tag(_, let column):
            throw error("'@' selects VMs by tag; select hosts by id, key=value (rack=r7) or *", at: column)
        case .name(let name, let column):
            let known = Set(cluster.hosts.map(\.id))
            var ids: [String] = []
            for id in try expand(name, column: column) {
                guard known.contains(id) else {
                    throw error("unknown host '\(id)'" + suggestion(for: id, among: cluster.hosts.map(\.id)), at: column)
                }
                ids.append(id)
            }
            return ids
        case .attribute(let key, let value, let column):
            let ids: [String]
            switch key.lowercased() {
            case "state": ids = cluster.hosts.filter { $0.state.rawValue == value }.map(\.id)
            case "feature": ids = cluster.hosts.filter { $0.features.contains(value) }.map(\.id)
            default:
                let attribute = try attributeKey(key, column: column)
                ids = cluster.hosts.filter { $0.attributes[attribute] == value }.map(\.id)
            }
            if ids.isEmpty {
                let values = Set(cluster.hosts.compactMap { $0.attributes[key] }).sorted()
                throw error("no host has \(key)=\(value)" + suggestion(for: value, among: values), at: column)
            }
            return ids
        case .union(let members, _):
            var ids: [String] = []
            for member in members { ids += try hostSet(member) }
            return uniqued(ids)
        case .list(_, let column), .by(_, let column), .number(_, let column):
            throw error("expected hosts (an id, a range such as bc1-[01..15], key=value, * or {…})", at: column)
        }
    }

    private func hostGroups(_ e: Expression) throws(ScriptError) -> [[String]] {
        switch e {
        case .list(let members, _):
            var groups: [[String]] = []
            for member in members { groups.append(try hostSet(member)) }
            return groups
        case .by(let key, let column):
            let attribute = try attributeKey(key, column: column)
            var groups: [String: [String]] = [:]
            for host in cluster.hosts { if let value = host.attributes[attribute] { groups[value, default: []].append(host.id) } }
            return groups.keys.sorted().map { groups[$0]! }
        default:
            throw error("expected host groups: [{…}, {…}] or by(attribute)", at: e.column)
        }
    }

    private func vmGroups(_ e: Expression) throws(ScriptError) -> [[String]] {
        guard case .list(let members, _) = e else { throw error("expected VM groups: [{…}, {…}]", at: e.column) }
        var groups: [[String]] = []
        for member in members { groups.append(try vmSet(member)) }
        return groups
    }

    /// `link=up` or `{link=up, link=core}`: network link ids (checked against the network later), else `nil`.
    private func linkSet(_ e: Expression) -> [String]? {
        switch e {
        case .attribute(let key, let value, _) where key.lowercased() == "link": return [value]
        case .union(let members, _) where !members.isEmpty:
            var links: [String] = []
            for member in members {
                guard case .attribute(let key, let value, _) = member, key.lowercased() == "link" else { return nil }
                links.append(value)
            }
            return links
        default: return nil
        }
    }

    private func plainName(_ e: Expression, _ what: String) throws(ScriptError) -> String {
        guard case .name(let name, _) = e else { throw error("expected \(what)", at: e.column) }
        return name
    }

    private func number(_ e: Expression) throws(ScriptError) -> Double {
        guard case .number(let value, _) = e else { throw error("expected a number", at: e.column) }
        return value
    }

    private func integer(_ e: Expression) throws(ScriptError) -> Int {
        let value = try number(e)
        guard value == value.rounded(), abs(value) < 1e9 else { throw error("expected a whole number", at: e.column) }
        return Int(value)
    }

    private func resource(_ e: Expression) throws(ScriptError) -> String {
        guard case .name(let name, let column) = e else { throw error("expected a resource name", at: e.column) }
        guard cluster.resources.contains(name) else {
            throw error("unknown resource '\(name)'" + suggestion(for: name, among: cluster.resources), at: column)
        }
        return name
    }

    private func features(_ e: Expression) throws(ScriptError) -> [String] {
        switch e {
        case .name(let name, _): return [name]
        case .union(let members, _):
            var names: [String] = []
            for member in members {
                guard case .name(let name, _) = member else { throw error("expected a feature name", at: member.column) }
                names.append(name)
            }
            return names
        default: throw error("expected a feature or {feature, …}", at: e.column)
        }
    }

    /// Matches `bladecenter` to the cluster's `bladeCenter`: attribute keys are case-insensitive in scripts.
    private func attributeKey(_ key: String, column: Int) throws(ScriptError) -> String {
        let keys = Set(cluster.hosts.flatMap { $0.attributes.keys }).sorted()
        if let exact = keys.first(where: { $0 == key }) ?? keys.first(where: { $0.lowercased() == key.lowercased() }) { return exact }
        throw error("no host has the attribute '\(key)'" + suggestion(for: key, among: keys), at: column)
    }

    /// `web-[1..3]` → web-1, web-2, web-3; `bc1-[01..15]` keeps the zero padding; `a[1..2,5]` lists too.
    private func expand(_ name: String, column: Int) throws(ScriptError) -> [String] {
        guard let open = name.firstIndex(of: "["), let close = name[open...].firstIndex(of: "]") else { return [name] }
        let prefix = String(name[..<open])
        let suffixes = try expand(String(name[name.index(after: close)...]), column: column)
        var numbers: [String] = []
        for part in name[name.index(after: open)..<close].split(separator: ",") {
            let bounds = part.trimmingCharacters(in: .whitespaces).components(separatedBy: "..")
            if bounds.count == 1, Int(bounds[0]) != nil {
                numbers.append(bounds[0])
            } else {
                guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high,
                    case let span = high.subtractingReportingOverflow(low), !span.overflow, span.partialValue < Self.maximumExpansion
                else {
                    throw error("bad range '[\(part)]' in '\(name)': write [first..last] with first ≤ last, at most \(Self.maximumExpansion) apart", at: column)
                }
                let width = bounds[0].hasPrefix("0") ? bounds[0].count : 0
                numbers += (low...high).map { padded($0, width) }
            }
            // Checked before the names are built: `v[0..99999][0..99999]` would be 10¹⁰ names.
            guard numbers.count * max(1, suffixes.count) <= Self.maximumExpansion else {
                throw error("'\(name)' expands to more than \(Self.maximumExpansion) names", at: column)
            }
        }
        return numbers.flatMap { n in suffixes.map { prefix + n + $0 } }
    }

    // MARK: building constraints

    private func build(_ kind: String, _ args: [Expression], label: String?, column: Int) throws(ScriptError) -> Constraint {
        guard let type = ConstraintCatalog.type(scriptName: kind) else {
            throw error("unknown constraint '\(kind)'" + suggestion(for: kind, among: ConstraintCatalog.kinds), at: column)
        }
        do {
            return try type.fromScript(Arguments(parser: self, kind: kind, expressions: args, column: column), label: label)
        } catch let failure as ScriptError {
            throw failure
        } catch {
            throw self.error("\(error)", at: column)
        }
    }

    /// A rule's arguments as the catalog's `fromScript` reads them, through this parser's readers.
    private struct Arguments: ScriptArguments {
        let parser: ScriptParser
        let kind: String
        let expressions: [Expression]
        let column: Int
        var count: Int { expressions.count }

        func arity(_ counts: ClosedRange<Int>, _ usage: String) throws {
            guard counts.contains(count) else { throw parser.error("\(kind) takes \(usage)", at: column) }
        }
        func vms(_ i: Int) throws -> [String] { try parser.vmSet(expressions[i]) }
        func hosts(_ i: Int) throws -> [String] { try parser.hostSet(expressions[i]) }
        func vmGroups(_ i: Int) throws -> [[String]] { try parser.vmGroups(expressions[i]) }
        func hostGroups(_ i: Int) throws -> [[String]] { try parser.hostGroups(expressions[i]) }
        func links(_ i: Int) -> [String]? { parser.linkSet(expressions[i]) }
        func name(_ i: Int, _ what: String) throws -> String { try parser.plainName(expressions[i], what) }
        func number(_ i: Int) throws -> Double { try parser.number(expressions[i]) }
        func integer(_ i: Int) throws -> Int { try parser.integer(expressions[i]) }
        func resource(_ i: Int) throws -> String { try parser.resource(expressions[i]) }
        func features(_ i: Int) throws -> [String] { try parser.features(expressions[i]) }
        func failure(_ message: String) -> any Error { parser.error(message, at: column) }
    }

    // MARK: token plumbing

    private func error(_ message: String, at column: Int) -> ScriptError {
        ScriptError(file: file, line: line, column: column, message: message)
    }

    fileprivate func selectionError(_ message: String, at column: Int) -> ScriptError { error(message, at: column) }

    private func column(at index: Int) -> Int { index < tokens.count ? tokens[index].column : lineLength + 1 }

    private func tokenText(_ token: ScriptLexer.Token) -> String {
        switch token.kind {
        case .name(let text): text
        case .number(let value): format(value)
        case .symbol(let c): String(c)
        case .discrete: ">>"
        }
    }

    private func check(_ symbol: Character) -> Bool {
        position < tokens.count && tokens[position].kind == .symbol(symbol)
    }

    private mutating func consume(_ symbol: Character) -> Bool {
        guard check(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: Character) throws(ScriptError) {
        guard consume(symbol) else {
            let found = position < tokens.count ? "'\(tokenText(tokens[position]))'" : "the end of the line"
            throw error("expected '\(symbol)', found \(found)", at: column(at: position))
        }
    }

    private mutating func expectName(_ what: String) throws(ScriptError) -> (String, Int) {
        guard position < tokens.count, case .name(let name) = tokens[position].kind else {
            throw error("expected \(what)", at: column(at: position))
        }
        position += 1
        return (name, tokens[position - 1].column)
    }

    private func expectEnd() throws(ScriptError) {
        if position < tokens.count {
            throw error("unexpected '\(tokenText(tokens[position]))' after the statement", at: tokens[position].column)
        }
    }
}

import Foundation

/// The running count of names a script has selected (a reference, so that the non-mutating
/// readers of expressions can charge it).
private final class SelectionBudget {
    private var spent = 0

    func spend(_ count: Int, at column: Int, _ parser: ScriptParser) throws(ScriptError) {
        spent += count
        if spent > ScriptParser.maximumSelected {
            throw parser.selectionError("the script selects more than \(ScriptParser.maximumSelected) VM and host names in all", at: column)
        }
    }
}
