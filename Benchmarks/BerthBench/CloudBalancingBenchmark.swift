import Berth
import Foundation

/// OptaPlanner/Timefold cloud balancing: every process on one computer, minimise the total cost of
/// the computers used. Berth runs the portfolio (cheapest capacity first), local search and LNS.
struct CloudBalancingBenchmark {
    var datasets = ProcessInfo.processInfo.environment["BERTH_CLOUD_DATASETS"].map { $0.split(separator: ",").map(String.init) } ?? [
        "2computers-6processes", "3computers-9processes", "4computers-12processes", "100computers-300processes",
        "200computers-600processes", "400computers-1200processes", "800computers-2400processes", "1600computers-4800processes",
    ]
    /// Reference values from the README in the data folder (MIP optima for the small ones, HiGHS for 100/200).
    var reference: [String: String] = [
        "2computers-6processes": "-5,460 (optimal)", "3computers-9processes": "-5,460 (optimal)",
        "4computers-12processes": "-7,410 (optimal)", "100computers-300processes": "-119,670 (HiGHS 400 s)",
        "200computers-600processes": "-224,430 (HiGHS 500 s)",
    ]
    var searchSeconds = 20

    struct Dataset: Decodable {
        struct Computer: Decodable { var id: Int; var cpuPower: Double; var memory: Double; var networkBandwidth: Double; var cost: Double }
        struct Process: Decodable { var id: Int; var requiredCpuPower: Double; var requiredMemory: Double; var requiredNetworkBandwidth: Double }
        var computers: [Computer]
        var processes: [Process]
    }

    func run() {
        let folder = BenchData.folder("cloudbalancing")
        print("| dataset | Berth soft score | heuristic | s | reference | hard score |")
        print("|---|---|---|---|---|---|")
        for name in datasets {
            let url = folder.appendingPathComponent(name + ".json")
            guard let data = try? Data(contentsOf: url), let dataset = try? JSONDecoder().decode(Dataset.self, from: data) else {
                print("| \(name) | cannot read \(url.path) |")
                continue
            }
            let hosts = dataset.computers.map {
                Server(id: "c\($0.id)", capacity: ["cpu": $0.cpuPower, "memory": $0.memory, "network": $0.networkBandwidth], state: .offline)
            }
            let vms = dataset.processes.map {
                VM(id: "p\($0.id)", demand: ["cpu": $0.requiredCpuPower, "memory": $0.requiredMemory, "network": $0.requiredNetworkBandwidth])
            }
            let instance = Instance(cluster: Cluster(resources: ["cpu", "memory", "network"], hosts: hosts, vms: vms), objective: .minHosts)
            var search = PortfolioSearch()
            search.hostCosts = Dictionary(uniqueKeysWithValues: dataset.computers.map { ("c\($0.id)", $0.cost) })
            search.neighbourhoodTime = .seconds(dataset.processes.count > 12 ? searchSeconds : 2)
            let t = ContinuousClock.now
            guard let outcome = search.run(instance) else {
                print("| \(name) | no placement | – | – | \(reference[name] ?? "–") | – |")
                continue
            }
            let hard = PlacementChecker.check(instance, outcome.placement).isEmpty ? "0" : "violated"
            print("| \(name) | -\(Int(outcome.cost)) | \(outcome.heuristic) | \(fixed(seconds(since: t), 1)) (portfolio \(fixed(Double(outcome.portfolioTime.components.seconds), 0))) | \(reference[name] ?? "–") | \(hard) |")
        }
    }
}
