import Foundation
import Testing

/// `--max-utilization`: the target placement keeps the headroom operators ask for (issue 28).
@Suite struct HeadroomTests {
    static func peakAfter(_ run: CLITests.Run) throws -> Double {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let hosts = try #require((json["workflow"] as? [String: Any])?["after"] as? [[String: Any]])
        return hosts.filter { ($0["vms"] as? Int ?? 0) > 0 }
            .compactMap { ($0["utilization"] as? [String: Double])?.values.max() }.max() ?? 0
    }

    @Test(arguments: [0.7, 0.5])
    func consolidationKeepsTheHeadroom(_ share: Double) throws {
        let run = try CLITests.berth("consolidate", "Models/workflow-cluster.json", "--max-utilization", "\(share)", "--json", "-q")
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        #expect(try Self.peakAfter(run) <= share + 1e-9)
    }

    @Test func perResourceHeadroomAndBadNames() throws {
        let run = try CLITests.berth("balance", "Models/workflow-cluster.json", "--max-utilization", "cpu=0.6,memory=1", "--json", "-q", "--time-limit", "2")
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let hosts = try #require((json["workflow"] as? [String: Any])?["after"] as? [[String: Any]])
        for host in hosts { #expect((host["utilization"] as? [String: Double])?["cpu"] ?? 0 <= 0.6 + 1e-9) }
        let unknown = try CLITests.berth("consolidate", "Models/workflow-cluster.json", "--max-utilization", "gpu=0.5", "-q")
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("unknown resource 'gpu'"))
        #expect(try CLITests.berth("drain", "Models/workflow-cluster.json", "--hosts", "w1", "--max-utilization", "1.5").status == 3)
    }

    @Test func whatIfKeepsTenPercentUnlessAsked() throws {
        let run = try CLITests.berth("what-if", "Models/workflow-whatif.json", "--grow", "1.5", "-q")
        #expect(run.stdout.contains("at most 0.9 of each host's capacity"), "\(run.stdout)")
        let full = try CLITests.berth("what-if", "Models/workflow-whatif.json", "--grow", "1.5", "-q", "--max-utilization", "1")
        #expect(full.stdout.contains("at most 1 of each host's capacity"), "\(full.stdout)")
    }
}
