import Foundation
import Testing

/// The CLI's text and JSON output, byte for byte, against committed golden files: a change in
/// what users or scripts read shows up here. `BERTH_UPDATE_GOLDEN=1 swift test --filter
/// GoldenOutputTests` rewrites the files after a deliberate change (review the diff).
@Suite struct GoldenOutputTests {
    static let directory = "Tests/BerthCLITests/Fixtures/golden/"

    static func expectGolden(_ name: String, status: Int32, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let run = try CLITests.berth(arguments)
        #expect(run.status == status, "\(arguments): exit \(run.status)\n\(run.stderr)", sourceLocation: sourceLocation)
        let path = CLITests.root.appendingPathComponent(directory + name).path
        if ProcessInfo.processInfo.environment["BERTH_UPDATE_GOLDEN"] == "1" {
            try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(run.stdout == golden, "\(arguments) differs from \(path):\n\(run.stdout)", sourceLocation: sourceLocation)
    }

    @Test func infeasibleExplanation() throws {
        try Self.expectGolden("solve-impossible-spread.txt", status: 2, "solve", "Models/impossible-spread.json")
    }

    @Test func checkerViolationsAsTextAndJSON() throws {
        let placement = Self.directory + "spread-broken-placement.json"
        try Self.expectGolden("check-spread-broken.txt", status: 2, "check", "Models/impossible-spread.json", placement)
        try Self.expectGolden("check-spread-broken.json", status: 2, "check", "Models/impossible-spread.json", placement, "--json")
    }

    @Test func simulationScoresAsJSON() throws {
        try Self.expectGolden("simulate-hotvms.json", status: 0, "simulate", "Models/seed001-hotvms-plan.json", Self.directory + "hotvms-plan.json", "--json")
    }
}
