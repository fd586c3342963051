import ArgumentParser
import Berth
import Foundation

struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Apply a .berth rules script to a model and print the resulting instance as berth/1 JSON.",
        discussion: "Exit codes: 0 written, 3 bad input (the script's errors name line and column).")

    @Argument(help: "The instance (format berth/1).")
    var model: String

    @Argument(help: "The .berth rules script.")
    var rules: String

    @Option(help: "Write the instance here instead of standard output (written whole or not at all).")
    var output: String?

    func validate() throws { try OutputFile.checkWritable(output, flag: "--output") }

    func run() throws {
        let instance = loadInstance(model: model, rules: rules, json: false)
        let data = try InstanceCodec.encode(instance) + Data("\n".utf8)
        if let output {
            OutputFile.write(data, to: output)
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}
