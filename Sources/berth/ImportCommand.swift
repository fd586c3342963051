import ArgumentParser
import Berth
import Foundation

/// `berth import btrplace FILE.json[.gz] > MODEL.json`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert another engine's instance to Berth's format (berth/1) on standard output.",
        subcommands: [BtrPlaceImportCommand.self, RoadefImportCommand.self])
}

struct BtrPlaceImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "btrplace",
        abstract: "Convert a BtrPlace JSON instance (gzipped or not); unsupported constraints are listed on standard error.")

    @Argument(help: "The BtrPlace instance (.json or .json.gz).")
    var file: String

    func run() throws {
        let imported = loadBtrPlace(file)
        do {
            FileHandle.standardOutput.write(try InstanceCodec.encode(imported.instance) + Data("\n".utf8))
        } catch {
            writeStandardError("cannot encode the instance: \(error)")
            throw ExitCode(ExitStatus.internalError.rawValue)
        }
    }
}

/// Reads a BtrPlace instance, reporting dropped constraints and notes on standard error; exits 3 on bad input.
func loadBtrPlace(_ file: String) -> BtrPlaceImport.Result {
    do {
        let imported = try BtrPlaceImport.load(path: file)
        for item in imported.unsupported {
            writeStandardError("\(file): unsupported BtrPlace constraint '\(item.kind)' (\(item.count)) left out")
        }
        for note in imported.notes { writeStandardError("\(file): note: \(note)") }
        return imported
    } catch {
        writeStandardError(error.description)
        exit(ExitStatus.badInput.rawValue)
    }
}
