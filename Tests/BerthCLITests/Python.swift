import Foundation

/// Python scripts the tests run for real validators (jsonschema, PyYAML).
enum Python {
    /// CI installs the modules and sets this: a missing module then fails instead of skipping.
    static var required: Bool { ProcessInfo.processInfo.environment["BERTH_REQUIRE_SCHEMA_CHECK"] == "1" }

    /// Whether `python3` can import every module named.
    static func has(_ modules: String...) -> Bool {
        (try? run("import " + modules.joined(separator: ", ")).status) == 0
    }

    /// Runs `python3 -c script arguments…`: its exit status and its output (stdout and stderr).
    static func run(_ script: String, _ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
