import Berth
import Foundation

/// The readers Berth exposes to untrusted input, each run on arbitrary bytes: every one must end
/// with a value or an error, never a trap, a hang or unbounded memory. A decoded instance also
/// goes through validation, the independent checker, its network's routes and each VM's pre-copy
/// estimate; a decoded plan through the simulator; a progress report through replanning's state; a `berth serve` request through its decoder.
enum FuzzTarget: String, CaseIterable {
    case instance, script, btrplace, roadef, placement, plan, progress, request

    /// A small cluster for the inputs that refer to one (scripts, placements, plans).
    static let cluster: Instance = {
        let text = #"""
        {"format": "berth/1", "resources": ["cpu", "memory"],
         "hosts": [{"id": "a", "capacity": {"cpu": 8, "memory": 16384}, "state": "online", "attributes": {"rack": "r1"}},
                   {"id": "b", "capacity": {"cpu": 8, "memory": 16384}, "state": "online", "attributes": {"rack": "r1"}},
                   {"id": "c", "capacity": {"cpu": 8, "memory": 16384}, "state": "offline", "attributes": {"rack": "r2"}}],
         "vms": [{"id": "v1", "demand": {"cpu": 2, "memory": 4096}, "host": "a", "memoryMiB": 4096, "tags": ["web"]},
                 {"id": "v2", "demand": {"cpu": 2, "memory": 4096}, "host": "a", "memoryMiB": 4096, "tags": ["web"]},
                 {"id": "v3", "demand": {"cpu": 4, "memory": 8192}, "host": "b", "memoryMiB": 8192}],
         "objective": "minHosts", "timeLimit": 1}
        """#
        return try! InstanceCodec.decodeInstance(Data(text.utf8))
    }()

    /// A plan on `cluster` for progress reports to refer to: c boots, v3 moves there, b shuts down.
    static let samplePlan = MigrationPlan(actions: [
        PlanAction(id: 0, kind: .boot, to: "c", start: 0, end: 60),
        PlanAction(id: 1, kind: .migrate, vm: "v3", from: "b", to: "c", start: 60, end: 130, dependsOn: [0]),
        PlanAction(id: 2, kind: .shutdown, to: "b", start: 130, end: 160, dependsOn: [1]),
    ])

    func run(_ data: Data) {
        switch self {
        case .instance:
            guard let instance = try? InstanceCodec.decodeInstance(data) else { return }
            _ = PlacementChecker.check(instance, Placement(current: instance.cluster))
            // The network as read: routes (hash, pins) and pre-copy (hot set, timeout, cap, auto-converge).
            let topology = NetworkTopology(cluster: instance.cluster, network: instance.network)
            let hosts = instance.cluster.hosts.prefix(8).map(\.id)
            for a in hosts { for b in hosts where a != b && topology.isReachable(from: a, to: b) { _ = topology.route(from: a, to: b) } }
            if let a = hosts.first, let b = hosts.last, a != b, topology.isReachable(from: a, to: b) {
                let rate = topology.loneRate(topology.route(from: a, to: b))
                for vm in instance.cluster.vms.prefix(8) { _ = topology.preCopy.estimate(vm, bandwidthMiBps: rate) }
            }
        case .script:
            guard let script = try? RulesScript.parse(String(decoding: data, as: UTF8.self), cluster: Self.cluster.cluster) else { return }
            _ = PlacementChecker.check(script.applied(to: Self.cluster), Placement(current: Self.cluster.cluster))
        case .btrplace:
            _ = try? BtrPlaceImport.read(data)
        case .roadef:
            // A model, then an assignment for it from the same bytes' second half.
            let text = String(decoding: data, as: UTF8.self)
            let half = text.index(text.startIndex, offsetBy: text.count / 2)
            guard let model = try? RoadefModel(text: String(text[..<half])) else { return }
            if let assignment = try? model.assignment(text: String(text[half...])) {
                let instance = RoadefImport.instance(model, initial: assignment)
                _ = RoadefEvaluator.evaluate(instance, RoadefImport.placement(assignment, in: instance))
            }
        case .placement:
            guard let placement = try? InstanceCodec.decodePlacement(data, for: Self.cluster.cluster) else { return }
            _ = PlacementChecker.check(Self.cluster, placement)
        case .plan:
            guard let plan = try? InstanceCodec.decodePlan(data, for: Self.cluster.cluster) else { return }
            _ = PlanSimulator(instance: Self.cluster).simulate(plan)
        case .progress:
            guard let progress = try? InstanceCodec.decodeProgress(data, plan: Self.samplePlan, cluster: Self.cluster.cluster) else { return }
            let (current, _) = progress.currentState(of: Self.cluster, plan: Self.samplePlan)
            _ = PlacementChecker.check(current, Placement(current: current.cluster))
        case .request:
            // A berth-request/1 body as `berth serve` receives it: decoded and validated, not solved.
            guard let document = try? RequestDocument.decode(data) else { return }
            _ = document.engine(maximumTimeLimit: .seconds(1))
        }
    }
}

#if FUZZING
/// The target comes from `BERTH_FUZZ_TARGET` (`Benchmarks/fuzz.sh` builds with `-sanitize=fuzzer -D FUZZING`).
let selected = ProcessInfo.processInfo.environment["BERTH_FUZZ_TARGET"].flatMap(FuzzTarget.init) ?? .instance

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM names the entry point itself, so libFuzzer's own `main` cannot be used: its driver is
/// called from here instead.
@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            selected.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        }
        exit(status)
    }
}
#else
/// Without libFuzzer: replays files (a corpus, a crash) through a target,
/// `BerthFuzz TARGET FILE...`, so a crash found once stays a regression check.
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("usage: BerthFuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...\n".utf8))
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            target.run(data)
            count += 1
        }
        print("\(name): \(count) inputs replayed, no crash")
    }
}
#endif
