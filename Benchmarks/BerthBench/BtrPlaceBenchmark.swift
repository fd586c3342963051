import Berth
import Foundation

/// BtrPlace's own regression instances, repaired: time to a checked solution, migrations (and
/// boots of ready VMs), overloaded hosts before and after.
struct BtrPlaceBenchmark {
    var files = [
        "std-perf/li3", "std-perf/li4", "std-perf/li5", "std-perf/li6",
        "std-perf/nr3", "std-perf/nr4", "std-perf/nr5", "std-perf/nr6",
        "wkld-tdsc/li-r3-c33", "wkld-tdsc/li-r6-c33", "wkld-tdsc/nr-r3-c33", "wkld-tdsc/nr-r6-c33",
    ]
    var timeLimit = 60.0

    func run() {
        let folder = BenchData.folder("btrplace")
        print("| instance | hosts | VMs | constraints (dropped) | hot hosts before | VMs on hot hosts | VMs to boot | import s | solve s | migrations | boots | hot hosts after | checked | source |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for file in files {
            let path = folder.appendingPathComponent(file + ".json.gz").path
            let t0 = ContinuousClock.now
            guard let imported = try? BtrPlaceImport.load(path: path) else {
                print("| \(file) | cannot read \(path) |")
                continue
            }
            let importSeconds = seconds(since: t0)
            let instance = imported.instance
            let cluster = instance.cluster
            let before = Placement(current: cluster)
            let hot = overloaded(cluster, before)
            let onHot = cluster.vms.filter { $0.state == .running && $0.host.map(hot.contains) == true }.count
            let toBoot = cluster.vms.filter { $0.state == .running && $0.host == nil }.count
            let dropped = imported.unsupported.reduce(0) { $0 + $1.count }
            let t1 = ContinuousClock.now
            let outcome = try? PlacementSolver(options: PlacementOptions(timeLimit: .seconds(timeLimit))).solve(instance)
            let solveSeconds = seconds(since: t1)
            guard case .placed(let result)? = outcome else {
                print("| \(file) | \(cluster.hosts.count) | \(cluster.vms.count) | \(instance.constraints.count) (\(dropped)) | \(hot.count) | \(onHot) | \(toBoot) | \(fixed(importSeconds)) | \(fixed(solveSeconds)) | – | – | – | no solution | – |")
                continue
            }
            let migrations = result.moves.filter { $0.from != nil }.count
            let boots = result.moves.filter { $0.from == nil }.count
            let after = overloaded(cluster, result.placement).count
            let checked = PlacementChecker.check(instance, result.placement).isEmpty
            print("| \(file) | \(cluster.hosts.count) | \(cluster.vms.count) | \(instance.constraints.count) (\(dropped)) | \(hot.count) | \(onHot) | \(toBoot) | \(fixed(importSeconds)) | \(fixed(solveSeconds)) | \(migrations) | \(boots) | \(after) | \(checked ? "yes" : "NO") | \(result.source.rawValue) |")
        }
    }

    /// Hosts over capacity on some resource under `placement`.
    func overloaded(_ cluster: Cluster, _ placement: Placement) -> Set<String> {
        var load: [String: [String: Double]] = [:]
        for vm in cluster.vms where vm.state == .running {
            guard let host = placement.vmHosts[vm.id] else { continue }
            for r in cluster.resources { load[host, default: [:]][r, default: 0] += vm.demand[r] }
        }
        var hot = Set<String>()
        for host in cluster.hosts {
            for r in cluster.resources where (load[host.id]?[r] ?? 0) > host.effectiveCapacity(r) + 1e-9 { hot.insert(host.id) }
        }
        return hot
    }
}
