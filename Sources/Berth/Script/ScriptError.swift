/// A problem in a `.berth` rules script, at a line and column (both 1-based).
public struct ScriptError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "\(file ?? "<script>"):\(line):\(column): \(message)" }

    /// The same problem as an input error, for callers that report every input problem one way.
    public var inputError: InputError {
        InputError(file: file, issues: [InputIssue(path: "line \(line), column \(column)", message: message)])
    }
}
