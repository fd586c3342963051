import Dispatch
import Foundation
import Synchronization

/// BtrPlace's fixed-size partitioning (its `FixedSizePartitioning`): the hosts are cut, in cluster
/// order, into parts of at most `size` hosts; every VM stays in the part of its current host (VMs
/// without one go where the most capacity is left; BtrPlace deals them round-robin, which sends
/// them to parts whose hosts are all offline), each part is solved on its own, the parts run concurrently
/// on the machine's cores, and the merged placement goes through the independent checker.
///
/// The parts are independent by construction, at a price: no VM may leave its part, so the answer
/// is never claimed optimal. A rule that spans parts is split as it says it splits
/// (`PlacementRule.projected`: per-VM and per-host rules, `spread`, `lonely`), and otherwise
/// partitioning is refused with the reason, so the caller solves the whole problem instead.
struct HostPartitioning: Sendable {
    let problem: PlacementProblem
    let size: Int

    enum Split {
        case parts([Instance])
        /// Partitioning would change the problem's meaning (or not split it at all); why.
        case refused(String)
    }

    /// One sub-instance per part: its hosts, its VMs (running, sleeping and to boot), its rules.
    func split(objective: Objective) -> Split {
        let cluster = problem.instance.cluster
        let partCount = (cluster.hosts.count + size - 1) / size
        guard partCount > 1 else { return .refused("one partition of \(size) hosts holds all \(cluster.hosts.count) hosts") }
        let partOfHost = cluster.hosts.indices.map { $0 / size }
        var partOfVM = [Int](repeating: 0, count: cluster.vms.count)
        var room = self.room(partOfHost: partOfHost, partCount: partCount)
        let references = problem.resources.indices.map { r in max(1e-9, problem.capacity.reduce(0) { $0 + $1[r] }) }
        // A VM to boot goes where the most room is left (normalised, summed over resources; the first part on a tie).
        func roomLeft(_ p: Int) -> Double { room[p].indices.reduce(0) { $0 + room[p][$1] / references[$1] } }
        for v in cluster.vms.indices {
            if let h = problem.current[v] {
                partOfVM[v] = partOfHost[h]
                continue
            }
            let p = room.indices.max { (roomLeft($0), -$0) < (roomLeft($1), -$1) }!
            partOfVM[v] = p
            if cluster.vms[v].state == .running { for r in room[p].indices { room[p][r] -= problem.demand[v][r] } }
        }
        var hostsOf = [[Server]](repeating: [], count: partCount)
        for (h, host) in cluster.hosts.enumerated() { hostsOf[partOfHost[h]].append(host) }
        var vmsOf = [[VM]](repeating: [], count: partCount)
        for (v, vm) in cluster.vms.enumerated() { vmsOf[partOfVM[v]].append(vm) }
        let scopes = (0..<partCount).map { p in
            SubproblemScope(vms: Set(vmsOf[p].map(\.id)), hosts: Set(hostsOf[p].map(\.id)))
        }
        var rules = [[Constraint]](repeating: [], count: partCount)
        for constraint in problem.instance.constraints {
            let parts = Set(constraint.vms.compactMap { problem.vmIndex[$0] }.map { partOfVM[$0] }
                + problem.hostIndices(of: constraint.hosts).map { partOfHost[$0] })
            // A rule that names nothing speaks of the whole cluster (or, scheduling, of no placement).
            if parts.isEmpty, constraint.projected(onto: SubproblemScope(vms: [], hosts: [])) == .notLocal {
                return .refused("\(constraint.kind) applies to the whole cluster")
            }
            for p in parts.sorted() {
                guard case .rules(let projected) = constraint.projected(onto: scopes[p]) else {
                    let name = constraint.vms.first.map { "\(constraint.kind) on \($0)" } ?? constraint.kind
                    return .refused("\(name) spans \(parts.count) partitions")
                }
                rules[p] += projected
            }
        }
        return .parts((0..<partCount).map { p in
            var instance = problem.instance
            instance.cluster = Cluster(resources: cluster.resources, hosts: hostsOf[p], vms: vmsOf[p])
            instance.constraints = rules[p]
            instance.objective = objective
            return instance
        })
    }

    /// Capacity left per part and resource on the hosts that may end on (not in maintenance, not
    /// named by `offline`), by the running VMs where they are now.
    private func room(partOfHost: [Int], partCount: Int) -> [[Double]] {
        let closed = problem.closedHosts
        var room = [[Double]](repeating: [Double](repeating: 0, count: problem.resources.count), count: partCount)
        for h in problem.hostIDs.indices where !closed[h] {
            for r in room[partOfHost[h]].indices { room[partOfHost[h]][r] += problem.capacity[h][r] }
        }
        for v in problem.running {
            guard let h = problem.current[v] else { continue }
            for r in room[partOfHost[h]].indices { room[partOfHost[h]][r] -= problem.demand[v][r] }
        }
        return room
    }

    /// Solves the parts, `cores` at a time, each with `options` and an equal share of the time
    /// left; `nil` for a part that found no placement. Which thread solves a part changes nothing.
    static func solve(_ parts: [Instance], options: PlacementOptions, deadline: ContinuousClock.Instant) -> [PlacementResult?] {
        let results = Mutex<[PlacementResult?]>(Array(repeating: nil, count: parts.count))
        let next = Atomic<Int>(0)
        let workers = min(cores, parts.count)
        let rounds = (parts.count + workers - 1) / workers
        let share = max(0.05, (deadline - .now).inSeconds * 0.95 / Double(rounds))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let p = next.add(1, ordering: .relaxed).oldValue
                guard p < parts.count else { return }
                var partOptions = options
                partOptions.timeLimit = .seconds(share)
                partOptions.partitionSize = nil
                guard case .placed(let result)? = try? PlacementSolver(options: partOptions, allowLNS: false).solve(parts[p]) else { continue }
                results.withLock { $0[p] = result }
            }
        }
        return results.withLock { $0 }
    }

    /// Cores the parts share (`BERTH_CORES` overrides, for measuring the speed-up).
    static var cores: Int {
        if let text = ProcessInfo.processInfo.environment["BERTH_CORES"], let n = Int(text), n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}
