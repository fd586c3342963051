import Berth
import BerthMIP
import Foundation
import Synchronization

/// `BerthBench api`: how fast the async API answers a cancellation and how much progress it
/// passes on, on generated clusters of 50–200 hosts (no data set needed).
///
/// For each cluster and objective, a solve with a 60 s limit is cancelled at 0.2, 1 and 3 s:
/// "answered" is the time until the awaiting task has its `CancellationError`; "stopped" is the
/// time until the solver thread itself returns (the same solve run synchronously with the token).
/// "events/s" counts what the progress closure received against GLPK's raw callback rate.
struct ApiBenchmark {
    var sizes = [(50, 250), (100, 500), (200, 1000)]
    var objectives: [Objective] = [.balance, .minHosts]
    var cancelAt: [Duration] = [.milliseconds(200), .seconds(1), .seconds(3)]

    static func cluster(hosts: Int, vms: Int, objective: Objective, seed: UInt64 = 7) -> Instance {
        var random = SplitMix64(seed: seed)
        let list = (0..<vms).map { i in
            VM(id: "v\(i)", demand: ["cpu": Double(1 + random.next() % 8), "mem": Double(1 + random.next() % 16)],
               host: "h\(i % hosts)", memoryMiB: 1024)
        }
        let servers = (0..<hosts).map { Server(id: "h\($0)", capacity: ["cpu": 48, "mem": 96]) }
        return Instance(cluster: Cluster(resources: ["cpu", "mem"], hosts: servers, vms: list), constraints: [], objective: objective, timeLimit: 60)
    }

    func run() {
        print("### Async API: cancellation and progress (release, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
        print("")
        print("| cluster | objective | cancel at | answered (ms) | solver stopped (ms) | stage when cancelled |")
        print("|---|---|---|---|---|---|")
        for (hosts, vms) in sizes {
            for objective in objectives {
                let instance = Self.cluster(hosts: hosts, vms: vms, objective: objective)
                for at in cancelAt {
                    let answered = answeredAfterCancel(instance, at: at)
                    let (stopped, stage) = stoppedAfterCancel(instance, at: at)
                    print("| \(hosts) hosts, \(vms) VMs | \(objective.rawValue) | \(format(at)) s | \(ms(answered)) | \(ms(stopped)) | \(stage) |")
                }
            }
        }
        print("")
        print("| cluster | objective | seconds | GLPK callbacks/s | events passed/s | phases |")
        print("|---|---|---|---|---|---|")
        for (hosts, vms) in sizes {
            let instance = Self.cluster(hosts: hosts, vms: vms, objective: .balance)
            let raw = Atomic<Int>(0)
            var options = PlacementOptions(objective: .balance, timeLimit: .seconds(5))
            options.onSearchProgress = { _ in raw.add(1, ordering: .relaxed) }
            let start = ContinuousClock.now
            _ = try? PlacementSolver(options: options).solve(instance)
            let rawSeconds = (ContinuousClock.now - start).inSeconds
            let events = Mutex<[SolveProgress]>([])
            let engineStart = ContinuousClock.now
            let done = DispatchSemaphore(value: 0)
            Task {
                _ = try? await BerthEngine(timeLimit: .seconds(5)).solve(instance) { event in events.withLock { $0.append(event) } }
                done.signal()
            }
            done.wait()
            let seconds = (ContinuousClock.now - engineStart).inSeconds
            let received = events.withLock { $0 }
            let phases = Set(received.map(\.phase)).count
            print("| \(hosts) hosts, \(vms) VMs | balance | \(String(format: "%.1f", seconds)) | \(Int(Double(raw.load(ordering: .relaxed)) / rawSeconds)) "
                + "| \(String(format: "%.1f", Double(received.count) / seconds)) | \(phases) |")
        }
    }

    private func answeredAfterCancel(_ instance: Instance, at: Duration) -> Duration {
        let result = Mutex<Duration>(.zero)
        let done = DispatchSemaphore(value: 0)
        Task {
            let task = Task { _ = try await BerthEngine(timeLimit: .seconds(60)).solve(instance) }
            try? await Task.sleep(for: at)
            let cancelled = ContinuousClock.now
            task.cancel()
            _ = try? await task.value
            result.withLock { $0 = ContinuousClock.now - cancelled }
            done.signal()
        }
        done.wait()
        // Let the abandoned solver thread end before the next measurement.
        Thread.sleep(forTimeInterval: 1)
        return result.withLock { $0 }
    }

    private func stoppedAfterCancel(_ instance: Instance, at: Duration) -> (Duration, String) {
        let token = CancellationToken()
        let stage = Mutex<String>("preparing")
        var options = PlacementOptions(timeLimit: .seconds(60))
        options.cancellation = token
        options.onStage = { s in stage.withLock { $0 = s.rawValue } }
        let configured = options
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            _ = try? PlacementSolver(options: configured).solve(instance)
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
        Thread.sleep(forTimeInterval: at.inSeconds)
        let cancelled = ContinuousClock.now
        let stageNow = stage.withLock { $0 }
        token.cancel()
        done.wait()
        return (ContinuousClock.now - cancelled, stageNow)
    }

    private func ms(_ d: Duration) -> String { String(format: "%.0f", d.inSeconds * 1000) }
    private func format(_ d: Duration) -> String { String(format: "%g", d.inSeconds) }
}
