/// The whitespace-separated integers of a ROADEF/EURO 2012 file, each with its 1-based line, read
/// in order; every error names the file and the line.
struct RoadefTokens {
    let file: String
    private var tokens: [(text: Substring, line: Int)] = []
    private var next = 0
    private let lastLine: Int

    init(_ text: String, file: String) {
        self.file = file
        var line = 0
        // Swift reads "\r\n" as one character: split on every kind of line end, so CRLF files read too.
        for row in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            line += 1
            for token in row.split(whereSeparator: \.isWhitespace) { tokens.append((token, line)) }
        }
        lastLine = tokens.last?.line ?? 1
    }

    func error(line: Int, _ message: String) -> InputError {
        InputError(file: file, issues: [InputIssue(path: "line \(line)", message: message)])
    }

    /// The line of the next token (the last line with a value at the end of the file).
    var line: Int { next < tokens.count ? tokens[next].line : lastLine }

    var isAtEnd: Bool { next >= tokens.count }

    /// The next integer, at least `minimum` and below `limit` when given; `what` names it in errors.
    mutating func int(_ what: String, minimum: Int = 0, below limit: Int? = nil) throws(InputError) -> Int {
        guard next < tokens.count else { throw error(line: lastLine, "the file ends where \(what) was expected") }
        let (text, line) = tokens[next]
        guard let value = Int(text) else { throw error(line: line, "expected \(what) (an integer), found '\(text)'") }
        if value < minimum { throw error(line: line, "\(what) must be ≥ \(minimum), found \(value)") }
        if let limit, value >= limit { throw error(line: line, "\(what) must be below \(limit), found \(value)") }
        next += 1
        return value
    }

    /// Throws when integers are left over.
    func expectEnd(after what: String) throws(InputError) {
        guard next < tokens.count else { return }
        throw error(line: tokens[next].line, "\(tokens.count - next) unexpected values after \(what), starting with '\(tokens[next].text)'")
    }
}
