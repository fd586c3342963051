/// One problem in user input: where (a JSON path such as `hosts[3].capacity.cpu`) and what.
public struct InputIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "at \(path): \(message)" }
}

/// Input that Berth refuses, with every problem found (not only the first).
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file read, when there was one.
    public var file: String?
    public var issues: [InputIssue]

    public init(file: String?, issues: [InputIssue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        return issues.map { prefix + $0.description }.joined(separator: "\n")
    }
}
