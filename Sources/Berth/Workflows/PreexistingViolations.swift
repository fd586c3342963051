/// Rules the cluster already breaks before a workflow starts. A workflow is asked to drain, to
/// consolidate or to balance, not to repair: unless asked (`repairViolations`), each such rule is
/// set aside for the run and its VMs stay where they are, so the plan moves only what the task
/// needs and the report says what it found. (Before, a drain of 60 VMs silently moved 78.)
enum PreexistingViolations {
    struct Outcome {
        /// The instance to solve: each broken rule replaced, at its own index and under its own id,
        /// by a `root` of its VMs that can stay put (those on hosts the workflow empties must move).
        var instance: Instance
        var findings: [String]
    }

    static func setAside(original: Instance, instance: Instance) -> Outcome {
        let broken = PlacementChecker.check(original, Placement(current: original.cluster))
        var messages: [String: [String]] = [:]
        for violation in broken { messages[violation.constraint, default: []].append(violation.message) }
        guard !messages.isEmpty else { return Outcome(instance: instance, findings: []) }
        let hosts = Dictionary(instance.cluster.hosts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let vms = Dictionary(instance.cluster.vms.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var relaxed = instance
        var findings: [String] = []
        for index in instance.constraints.indices {
            let id = instance.constraintID(at: index)
            guard let found = messages[id] else { continue }
            let staying = instance.constraints[index].vms.filter { id in
                guard let vm = vms[id], vm.state == .running,
                    let host = vm.host.flatMap({ hosts[$0] })
                else { return false }
                return host.state == .online
            }
            relaxed.constraints[index] = .root(Root(vms: staying, label: id))
            findings.append("already broken before this run, kept as found: \(id) (\(found.prefix(2).joined(separator: "; "))); "
                + "its VMs stay put unless their host is emptied (--repair-violations repairs it)")
        }
        return Outcome(instance: relaxed, findings: findings)
    }
}
