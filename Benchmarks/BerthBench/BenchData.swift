import Foundation

/// Where the public benchmark data lives: `$BERTH_BENCHDATA`, else `../shared/benchdata` from the
/// package root (the current directory).
enum BenchData {
    static var root: URL {
        if let path = ProcessInfo.processInfo.environment["BERTH_BENCHDATA"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared/benchdata").standardizedFileURL
    }

    /// The folder of one benchmark set, or exit with a clear message when it is absent.
    static func folder(_ name: String) -> URL {
        let url = root.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            FileHandle.standardError.write(Data("""
                benchmark data not found: \(url.path)
                Set BERTH_BENCHDATA to the folder holding vbp/, btrplace/ and cloudbalancing/ (see Benchmarks/README.md).

                """.utf8))
            exit(2)
        }
        return url
    }

    /// Files under `folder` whose names end with `suffix`, sorted by path.
    static func files(in folder: URL, suffix: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [URL] = []
        while let url = enumerator?.nextObject() as? URL { if url.lastPathComponent.hasSuffix(suffix) { found.append(url) } }
        return found.sorted { $0.path < $1.path }
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fixed(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
