import ArgumentParser
import Foundation

/// Files the commands write: checked before any search (a bad path is bad input, exit 3, found in
/// milliseconds rather than after a long solve), then written whole or not at all.
enum OutputFile {
    /// Throws a validation error (exit 3) when `path` cannot be written: a missing or read-only
    /// folder, a directory in the way, or a read-only file.
    static func checkWritable(_ path: String?, flag: String) throws {
        guard let path else { return }
        guard !path.isEmpty else { throw ValidationError("\(flag): empty path") }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(flag) \(path): the folder \(folder) does not exist")
        }
        guard files.isWritableFile(atPath: folder) else {
            throw ValidationError("\(flag) \(path): the folder \(folder) is not writable")
        }
        if files.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw ValidationError("\(flag) \(path): is a directory") }
            if !files.isWritableFile(atPath: url.path) { throw ValidationError("\(flag) \(path): the file is not writable") }
        }
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`: a kill mid-write
    /// leaves the old file, never a partial one. A failure (disk full, path removed meanwhile) is
    /// reported and exits 3: the output, not Berth, is at fault.
    static func write(_ data: Data, to path: String) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            writeStandardError("cannot write \(path): \(error.localizedDescription)")
            exit(ExitStatus.badInput.rawValue)
        }
    }
}
