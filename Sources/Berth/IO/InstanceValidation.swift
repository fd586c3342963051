import Foundation

/// Semantic checks on a decoded instance: every issue, each with its JSON path.
package enum InstanceValidation {
    /// The largest amount accepted anywhere (capacity, demand, memory, watts, seconds): far above
    /// any real cluster in any unit, and low enough that sums over a million VMs stay exact to 10⁻³.
    public static let largestAmount = 1e15

    public static func issues(in instance: Instance) -> [InputIssue] {
        var validator = InstanceValidator(instance: instance)
        validator.checkResources()
        validator.checkHosts()
        validator.checkVMs()
        for i in instance.constraints.indices { validator.checkConstraint(at: i) }
        var issues = validator.issues + NetworkValidation.issues(in: instance)
        if let limit = instance.timeLimit, let problem = TimeBudget.problem(limit) {
            issues.append(InputIssue(path: "timeLimit", message: "time limit \(problem)"))
        }
        return issues
    }
}

/// One pass of `InstanceValidation.issues`: the tables later checks read (resources, host and VM
/// ids) and the issues found so far, in the order of the document.
struct InstanceValidator {
    let instance: Instance
    let cluster: Cluster
    var issues: [InputIssue] = []
    var resources = Set<String>()
    var hostIDs: [String: Int] = [:]
    var vmIDs: [String: Int] = [:]
    var resourceList: [String] { cluster.resources }
    var largestAmount: Double { InstanceValidation.largestAmount }

    let linkIDs: [String]

    init(instance: Instance) {
        self.instance = instance
        cluster = instance.cluster
        linkIDs = instance.network?.links.map(\.id) ?? []
    }

    mutating func report(_ path: String, _ message: String) { issues.append(InputIssue(path: path, message: message)) }


    mutating func checkResources() {
        if cluster.resources.isEmpty { report("resources", "at least one resource is needed") }
        for (i, name) in cluster.resources.enumerated() {
            if name.isEmpty { report("resources[\(i)]", "empty resource name") }
            if !resources.insert(name).inserted { report("resources[\(i)]", "duplicate resource '\(name)'") }
        }
    }

    mutating func checkVector(_ vector: ResourceVector, _ path: String, what: String) {
        for name in vector.names {
            let value = vector[name]
            if !resources.contains(name) {
                report("\(path).\(name)", "unknown resource '\(name)'" + suggestion(for: name, among: resourceList))
            } else if !value.isFinite || value < 0 || value > largestAmount {
                report("\(path).\(name)", "\(what) must be a number in [0, \(format(largestAmount))], found \(value)")
            }
        }
    }

    mutating func checkHosts() {
        for (i, host) in cluster.hosts.enumerated() {
            let path = "hosts[\(i)]"
            if host.id.isEmpty { report("\(path).id", "empty host id") }
            if let first = hostIDs[host.id] {
                report("\(path).id", "duplicate host id '\(host.id)' (first at hosts[\(first)])")
            } else {
                hostIDs[host.id] = i
            }
            checkVector(host.capacity, "\(path).capacity", what: "capacity")
            for (name, ratio) in host.overbooking.sorted(by: { $0.key < $1.key }) {
                if !resources.contains(name) {
                    report("\(path).overbooking.\(name)", "unknown resource '\(name)'" + suggestion(for: name, among: resourceList))
                } else if !ratio.isFinite || ratio <= 0 || ratio > 1_000 {
                    report("\(path).overbooking.\(name)", "overbooking ratio must be in (0, 1000], found \(ratio)")
                }
            }
            if let power = host.power {
                for (field, value) in [
                    ("idleWatts", power.idleWatts), ("peakWatts", power.peakWatts),
                    ("bootSeconds", power.bootSeconds), ("shutdownSeconds", power.shutdownSeconds),
                    ("wattsPerVM", power.wattsPerVM), ("offWatts", power.offWatts),
                ] where !value.isFinite || value < 0 || value > largestAmount {
                    report("\(path).power.\(field)", "must be a number in [0, \(format(largestAmount))], found \(value)")
                }
                if let overhead = power.bootOverhead, !overhead.isFinite || overhead < 0 || overhead > 100 {
                    report("\(path).power.bootOverhead", "must be a share of idle power in [0, 100] (0.2 = +20 %), found \(overhead)")
                }
                if power.peakWatts < power.idleWatts {
                    report("\(path).power.peakWatts", "peak (\(power.peakWatts) W) is below idle (\(power.idleWatts) W)")
                }
            }
        }
    }

    mutating func checkVMs() {
        for (i, vm) in cluster.vms.enumerated() {
            let path = "vms[\(i)]"
            if vm.id.isEmpty { report("\(path).id", "empty VM id") }
            if let first = vmIDs[vm.id] {
                report("\(path).id", "duplicate VM id '\(vm.id)' (first at vms[\(first)])")
            } else {
                vmIDs[vm.id] = i
            }
            checkVector(vm.demand, "\(path).demand", what: "demand")
            for (field, value) in [
                ("memoryMiB", vm.memoryMiB), ("dirtyRateMiBps", vm.dirtyRateMiBps),
                ("hotSetMiB", vm.hotSetMiB), ("hotRateMiBps", vm.hotRateMiBps),
            ]
            where !value.isFinite || value < 0 || value > largestAmount {
                report("\(path).\(field)", "must be a number in [0, \(format(largestAmount))], found \(value)")
            }
            if let hostID = vm.host {
                if let h = hostIDs[hostID] {
                    let host = cluster.hosts[h]
                    if host.state == .offline && (vm.state == .running || vm.state == .sleeping) {
                        report("\(path).host", "\(vm.state.rawValue) VM '\(vm.id)' sits on '\(hostID)', which is offline")
                    }
                } else {
                    report("\(path).host", RuleValidation.unknownHost(hostID, in: cluster))
                }
            }
            switch vm.state {
            case .sleeping where vm.host == nil:
                report("\(path).host", "a sleeping VM needs the host it sleeps on")
            case .ready where vm.host != nil, .killed where vm.host != nil:
                report("\(path).host", "a \(vm.state.rawValue) VM runs nowhere; remove 'host'")
            default: break
            }
            if vm.state == .running, !cluster.hosts.isEmpty {
                // Cheap necessary check: some host must be big enough on every resource at once.
                let fits = cluster.hosts.contains { host in
                    resourceList.allSatisfy { vm.demand[$0] <= host.effectiveCapacity($0) + 1e-9 }
                }
                if !fits {
                    let worst = resourceList.first { r in cluster.hosts.allSatisfy { vm.demand[r] > $0.effectiveCapacity(r) + 1e-9 } }
                    let detail = worst.map { r in
                        "it needs \(format(vm.demand[r])) \(r), the largest host offers \(format(cluster.hosts.map { $0.effectiveCapacity(r) }.max() ?? 0))"
                    } ?? "no single host has room for all of its demand at once"
                    report("\(path).demand", "VM '\(vm.id)' is larger than every host: \(detail)")
                }
            }
        }
    }

    /// The constraint at `i`: the VMs and hosts it names, its fields, its id.
    mutating func checkConstraint(at i: Int) {
        let constraint = instance.constraints[i]
        let path = "constraints[\(i)]"
        var check = RuleValidation(
            path: path, kind: constraint.kind, cluster: cluster, vmIDs: vmIDs, hostIDs: hostIDs, linkIDs: linkIDs,
            largestAmount: largestAmount)
        constraint.rule.validate(&check)
        for problem in check.problems { report(problem.path, problem.message) }
        checkLabel(at: i)
    }

    /// Its id is unique and has no spaces.
    mutating func checkLabel(at i: Int) {
        let path = "constraints[\(i)]"
        guard let label = instance.constraints[i].label else { return }
        if let j = instance.constraints.prefix(i).firstIndex(where: { $0.label == label }) {
            report("\(path).id", "duplicate constraint id '\(label)' (first at constraints[\(j)])")
        }
        if label.isEmpty || label.contains(where: { $0.isWhitespace }) {
            report("\(path).id", "a constraint id must be non-empty without spaces, found '\(label)'")
        }
    }
}
