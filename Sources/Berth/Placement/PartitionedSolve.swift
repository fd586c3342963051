import Dispatch
import Synchronization

/// Solves independent sub-problems (see `IndependentSubproblems`) with the MIP, two at a time on
/// the machine's cores, and merges them. Each GLPK problem is built, solved and freed on the thread
/// of its part. Pinned VMs keep their host; the merged placement goes through the checker.
struct PartitionedSolve: Sendable {
    let problem: PlacementProblem
    let objective: Objective
    let pinned: Set<Int>
    let parts: [IndependentSubproblems.Part]
    /// Stops every part's MIP.
    var cancellation: CancellationToken?

    /// The merged placement, or `nil` when a part found nothing or the merge fails the checker.
    /// `base` decides the hosts outside every part (on or off).
    func solve(base: Placement, deadline: ContinuousClock.Instant) -> Placement? {
        let results = Mutex<[Placement?]>(Array(repeating: nil, count: parts.count))
        let seconds = max(0.05, (deadline - .now).inSeconds)
        DispatchQueue.concurrentPerform(iterations: parts.count) { p in
            guard let sub = subInstance(parts[p]) else { return }
            var options = PlacementOptions(objective: objective, timeLimit: .seconds(seconds), mode: .rebuild)
            options.mipColumnLimit = Int.max  // each part was sized for the MIP already
            options.cancellation = cancellation
            guard case .placed(let result)? = try? PlacementSolver(options: options, allowLNS: false).solve(sub) else { return }
            results.withLock { $0[p] = result.placement }
        }
        let placements = results.withLock { $0 }
        guard placements.allSatisfy({ $0 != nil }) else { return nil }
        var vmHosts = Placement(current: problem.instance.cluster).vmHosts.filter { entry in
            problem.vmIndex[entry.key].map { pinned.contains($0) } ?? false
        }
        var partHosts = Set<String>()
        var online = Set<String>()
        for (part, placement) in zip(parts, placements.map { $0! }) {
            for v in part.vms { vmHosts[problem.vmIDs[v]] = placement.vmHosts[problem.vmIDs[v]] }
            for h in part.hosts { partHosts.insert(problem.hostIDs[h]) }
            online.formUnion(placement.onlineHosts)
        }
        online.formUnion(base.onlineHosts.subtracting(partHosts))
        online.formUnion(vmHosts.values.filter { !partHosts.contains($0) })
        let merged = Placement(vmHosts: vmHosts, onlineHosts: online)
        return PlacementChecker.check(problem.instance, merged).isEmpty ? merged : nil
    }

    /// The part's hosts, its free VMs, the pinned VMs on its hosts (kept there by `root`), the
    /// sleeping VMs on its hosts, and the constraints restricted to them; `nil` when a rule is not
    /// local to the part.
    func subInstance(_ part: IndependentSubproblems.Part) -> Instance? {
        let cluster = problem.instance.cluster
        let hostSet = Set(part.hosts)
        var vms = part.vms.map { v in
            var vm = cluster.vms[v]
            if let now = problem.current[v], !hostSet.contains(now) { vm.host = nil }
            return vm
        }
        var fixed: [String] = []
        for (v, vm) in cluster.vms.enumerated() {
            guard let h = problem.current[v], hostSet.contains(h) else { continue }
            if vm.state == .sleeping || (vm.state == .running && pinned.contains(v)) {
                vms.append(vm)
                if vm.state == .running { fixed.append(vm.id) }
            }
        }
        let scope = SubproblemScope(vms: Set(vms.map(\.id)), hosts: Set(part.hosts.map { problem.hostIDs[$0] }))
        var constraints: [Constraint] = fixed.isEmpty ? [] : [.root(Root(vms: fixed, label: "pinned"))]
        for constraint in problem.instance.constraints {
            guard case .rules(let projected) = constraint.projected(onto: scope) else { return nil }
            constraints += projected
        }
        return Instance(
            cluster: Cluster(resources: cluster.resources, hosts: part.hosts.map { cluster.hosts[$0] }, vms: vms),
            constraints: constraints, objective: objective)
    }
}
