import Foundation

/// Converts a ROADEF/EURO 2012 machine-reassignment instance (Google's `model_*.txt` and
/// `assignment_*.txt`) into a Berth instance built from general rules, and back to the challenge's
/// solution format.
///
/// Mapping: resource r → `r<r>`; machine m → online host `m<m>` with capacity C(m) and attributes
/// `location` and `neighborhood`; process p → running VM `p<p>` on its initial machine, tagged
/// `service:s<s>`. Constraints, each labelled: `transient-r<r>` (`transient`) per transient resource;
/// `load-r<r>` (`softCapacity`, thresholds SC(m,r), weight = load-cost weight) per resource;
/// `balance-<b>` (`balanceTarget`) per balance objective; per service `conflict-s<s>` (`spread`, when
/// it has two processes or more), `spread-s<s>` (`spreadOver` the `location` attribute, when spreadMin
/// can bind), `dep-s<s>-s<d>` (`dependency` over `neighborhood`); then `processMove` (`moveCost`),
/// `serviceMove` (`groupMoveCost` over the services) and `machineMove` (`hostMoveCost`), weighted.
/// The objective is `minCost`: the challenge's objective is the sum of these costs.
package enum RoadefImport {
    /// Host attribute holding a machine's location.
    public static let locationAttribute = "location"
    /// Host attribute holding a machine's neighborhood.
    public static let neighborhoodAttribute = "neighborhood"

    public static func resourceID(_ r: Int) -> String { "r\(r)" }
    public static func hostID(_ m: Int) -> String { "m\(m)" }
    public static func vmID(_ p: Int) -> String { "p\(p)" }
    public static func serviceTag(_ s: Int) -> String { "service:s\(s)" }

    /// Reads both files; errors name the file and the line (exit 3 in the CLI).
    public static func load(modelPath: String, assignmentPath: String) throws(InputError) -> (model: RoadefModel, initial: [Int], instance: Instance) {
        let model = try RoadefModel(text: try text(modelPath), file: modelPath)
        let initial = try model.assignment(text: try text(assignmentPath), file: assignmentPath)
        return (model, initial, instance(model, initial: initial))
    }

    /// A file's text; a missing or unreadable file is an input error naming it.
    public static func text(_ path: String) throws(InputError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as text" : "does not exist"
            throw InputError(file: path, issues: [InputIssue(path: "(file)", message: "the file \(reason)")])
        }
        return text
    }

    /// The Berth instance of a model and its initial assignment.
    public static func instance(_ model: RoadefModel, initial: [Int]) -> Instance {
        let resources = model.resources.indices.map(resourceID)
        func vector(_ values: [Int]) -> ResourceVector {
            ResourceVector(Dictionary(uniqueKeysWithValues: values.enumerated().map { (resourceID($0.offset), Double($0.element)) }))
        }
        let hosts = model.machines.enumerated().map { m, machine in
            Server(id: hostID(m), capacity: vector(machine.capacity), attributes: [
                locationAttribute: String(machine.location), neighborhoodAttribute: String(machine.neighborhood),
            ])
        }
        let vms = model.processes.enumerated().map { p, process in
            VM(id: vmID(p), demand: vector(process.requirements), host: hostID(initial[p]), tags: [serviceTag(process.service)])
        }
        var members = model.services.map { _ in [String]() }
        for (p, process) in model.processes.enumerated() { members[process.service].append(vmID(p)) }

        var constraints: [Constraint] = []
        for (r, resource) in model.resources.enumerated() where resource.isTransient {
            constraints.append(.transient(TransientResource(resource: resourceID(r), label: "transient-r\(r)")))
        }
        for (r, resource) in model.resources.enumerated() {
            var thresholds: [String: Double] = [:]
            for (m, machine) in model.machines.enumerated() { thresholds[hostID(m)] = Double(machine.safetyCapacity[r]) }
            constraints.append(.softCapacity(SoftCapacity(
                resource: resourceID(r), thresholds: thresholds, weight: Double(resource.loadCostWeight), label: "load-r\(r)")))
        }
        for (b, balance) in model.balances.enumerated() {
            constraints.append(.balanceTarget(BalanceTarget(
                resource: resourceID(balance.resource), against: resourceID(balance.against), target: Double(balance.target),
                weight: Double(balance.weight), label: "balance-\(b)")))
        }
        for (s, service) in model.services.enumerated() {
            if members[s].count > 1 { constraints.append(.spread(Spread(vms: members[s], label: "conflict-s\(s)"))) }
            // spreadMin ≤ 1 always holds for a service with processes.
            if !members[s].isEmpty && service.spreadMin > 1 {
                constraints.append(.spreadOver(SpreadOver(vms: members[s], attribute: locationAttribute, minimum: service.spreadMin, label: "spread-s\(s)")))
            }
            for d in service.dependencies where !members[s].isEmpty {
                constraints.append(.dependency(Dependency(vms: members[s], on: members[d], attribute: neighborhoodAttribute, label: "dep-s\(s)-s\(d)")))
            }
        }
        var moveCosts: [String: Double] = [:]
        for (p, process) in model.processes.enumerated() where process.moveCost != 0 { moveCosts[vmID(p)] = Double(process.moveCost) }
        constraints.append(.moveCost(MoveCost(costs: moveCosts, weight: Double(model.processMoveWeight), label: "processMove")))
        constraints.append(.groupMoveCost(GroupMoveCost(
            groups: members.filter { !$0.isEmpty }, weight: Double(model.serviceMoveWeight), label: "serviceMove")))
        var matrix: [String: [String: Double]] = [:]
        for (m, machine) in model.machines.enumerated() {
            for (n, cost) in machine.moveCosts.enumerated() where cost != 0 && n != m { matrix[hostID(m), default: [:]][hostID(n)] = Double(cost) }
        }
        constraints.append(.hostMoveCost(HostMoveCost(costs: matrix, weight: Double(model.machineMoveWeight), label: "machineMove")))
        return Instance(cluster: Cluster(resources: resources, hosts: hosts, vms: vms), constraints: constraints, objective: .minCost)
    }

    /// The placement that puts process p on machine `machines[p]` (every host stays online).
    public static func placement(_ machines: [Int], in instance: Instance) -> Placement {
        let hosts = instance.cluster.hosts.map(\.id)
        var map: [String: String] = [:]
        for (vm, m) in zip(instance.cluster.vms, machines) { map[vm.id] = hosts[m] }
        return Placement(vmHosts: map, onlineHosts: Set(hosts))
    }

    /// The challenge's solution format: one host index (position in `cluster.hosts`) per VM, in cluster
    /// order, space-separated on one line. Throws when a running VM has no known host.
    public static func solution(_ placement: Placement, in instance: Instance) throws(InputError) -> String {
        var index: [String: Int] = [:]
        for (i, host) in instance.cluster.hosts.enumerated() { index[host.id] = i }
        var issues: [InputIssue] = []
        var fields: [String] = []
        for vm in instance.cluster.vms {
            guard let host = placement.vmHosts[vm.id] ?? vm.host, let i = index[host] else {
                issues.append(InputIssue(path: "vms.\(vm.id)", message: "VM '\(vm.id)' has no known host in the placement"))
                continue
            }
            fields.append(String(i))
        }
        guard issues.isEmpty else { throw InputError(file: nil, issues: issues) }
        return fields.joined(separator: " ") + "\n"
    }
}
