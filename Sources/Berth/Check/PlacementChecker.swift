/// The independent checker: lists every violation of a placement, re-derived from the model alone.
///
/// It shares no code with the MIP encoding, so a solver bug shows up here as a violation
/// instead of a silently wrong plan.
public enum PlacementChecker {
    /// Built-in rules, checked before the user's constraints. Their ids double as constraint ids.
    package typealias Builtin = BuiltinRule

    /// Every violation of `placement` for `instance`: built-ins, then the user's constraints in order.
    public static func check(_ instance: Instance, _ placement: Placement) -> [Violation] {
        let view = PlacementView(cluster: instance.cluster, placement: placement, constraints: instance.constraints)
        var violations = Builtin.allCases.flatMap { check($0, view) }
        for (index, constraint) in instance.constraints.enumerated() {
            violations += constraint.rule.violations(in: view, id: instance.constraintID(at: index))
        }
        return violations
    }

    /// What the placement costs under the soft rules (affinity, antiAffinity): never a violation.
    public static func softPenalties(_ instance: Instance, _ placement: Placement) -> [SoftPenalty] {
        let view = PlacementView(cluster: instance.cluster, placement: placement, constraints: instance.constraints)
        return instance.constraints.indices.compactMap {
            instance.constraints[$0].rule.softPenalty(in: view, id: instance.constraintID(at: $0))
        }
    }

    static func check(_ rule: Builtin, _ view: PlacementView) -> [Violation] {
        let violation = Violate(rule: rule)
        switch rule {
        case .assignment: return checkAssignment(view, violation)
        case .capacity: return checkCapacity(view, violation)
        case .compatibility: return checkCompatibility(view, violation)
        case .hostState: return checkHostState(view, violation)
        }
    }

    /// Builds a built-in rule's violations.
    private struct Violate {
        let rule: Builtin
        func callAsFunction(vms: [String] = [], hosts: [String] = [], resource: String? = nil,
                            measured: Double? = nil, limit: Double? = nil, _ message: String) -> Violation {
            Violation(constraint: rule.rawValue, kind: rule.rawValue, vms: vms, hosts: hosts, resource: resource,
                      measured: measured, limit: limit, message: message)
        }
    }

    /// Every running VM on a known host that ends on; sleeping VMs stay; ready and killed VMs run nowhere.
    private static func checkAssignment(_ view: PlacementView, _ violation: Violate) -> [Violation] {
        let cluster = view.cluster
        var found: [Violation] = []
        let known = Set(cluster.vms.map(\.id))
        for vm in view.placement.vmHosts.keys.sorted() where !known.contains(vm) {
            found.append(violation(vms: [vm], "the placement names unknown VM \(vm)"))
        }
        for vm in cluster.vms {
            switch vm.state {
            case .running:
                guard let host = view.finalHost(of: vm.id) else {
                    found.append(violation(vms: [vm.id], "running VM \(vm.id) has no host"))
                    continue
                }
                guard let target = view.host(host) else {
                    found.append(violation(vms: [vm.id], hosts: [host], "\(vm.id) is placed on unknown host \(host)"))
                    continue
                }
                if target.state == .maintenance {
                    continue  // reported once per host by hostState
                }
                if !view.endsOnline(host) {
                    found.append(violation(vms: [vm.id], hosts: [host], "\(vm.id) runs on \(host), which ends powered off"))
                }
            case .sleeping:
                if let moved = view.placement.vmHosts[vm.id], moved != vm.host {
                    found.append(violation(vms: [vm.id], hosts: [vm.host ?? "?", moved], "sleeping VM \(vm.id) cannot move to \(moved)"))
                }
            case .ready, .killed:
                if let host = view.placement.vmHosts[vm.id] {
                    found.append(violation(vms: [vm.id], hosts: [host], "\(vm.state.rawValue) VM \(vm.id) cannot run on \(host)"))
                }
            }
        }
        return found
    }

    /// Each host's running VMs within its capacity (overbooking and reservations included), per resource.
    private static func checkCapacity(_ view: PlacementView, _ violation: Violate) -> [Violation] {
        let cluster = view.cluster
        var found: [Violation] = []
        for host in cluster.hosts {
            let running = view.runningResidents(of: host.id)
            guard !running.isEmpty else { continue }
            for resource in cluster.resources {
                let load = running.reduce(0.0) { $0 + (view.vm($1)?.demand[resource] ?? 0) }
                let limit = view.semantics.capacity(host: host, resource: resource)
                if CapacityTolerance.exceeds(load, limit) {
                    found.append(violation(
                        vms: running, hosts: [host.id], resource: resource, measured: load, limit: limit,
                        "\(host.id) is over \(resource) capacity: \(format(load)) > \(format(limit))"))
                }
            }
        }
        return found
    }

    /// Each running VM on a host offering the features it requires.
    private static func checkCompatibility(_ view: PlacementView, _ violation: Violate) -> [Violation] {
        let cluster = view.cluster
        var found: [Violation] = []
        for vm in cluster.vms where vm.state == .running && !vm.requires.isEmpty {
            guard let hostID = view.finalHost(of: vm.id), let host = view.host(hostID) else { continue }
            let missing = vm.requires.subtracting(host.features).sorted()
            if !missing.isEmpty {
                found.append(violation(
                    vms: [vm.id], hosts: [hostID], "\(hostID) lacks \(missing.joined(separator: ", ")) required by \(vm.id)"))
            }
        }
        return found
    }

    /// Maintenance hosts end empty and off; hosts holding sleeping VMs end on.
    private static func checkHostState(_ view: PlacementView, _ violation: Violate) -> [Violation] {
        let cluster = view.cluster
        var found: [Violation] = []
        for host in cluster.hosts {
            let residents = view.residents(of: host.id)
            if host.state == .maintenance, !residents.isEmpty {
                found.append(violation(
                    vms: residents, hosts: [host.id], measured: Double(residents.count), limit: 0,
                    "maintenance host \(host.id) still hosts \(listed(residents))"))
            }
            if host.state == .maintenance, view.endsOnline(host.id) {
                found.append(violation(hosts: [host.id], "maintenance host \(host.id) cannot end online"))
            }
            let sleeping = residents.filter { view.vm($0)?.state == .sleeping }
            if host.state != .maintenance, !sleeping.isEmpty, !view.endsOnline(host.id) {
                found.append(violation(
                    vms: sleeping, hosts: [host.id], "\(host.id) ends off but holds sleeping VMs \(listed(sleeping))"))
            }
        }
        return found
    }
}

extension PlacementProblem {
    /// What the checker finds wrong with the current placement, computed on first use and shared by
    /// every copy of the problem (repair scope and repair heuristic both start from it; on a
    /// 5,000-host cluster one check is ~50 ms).
    var currentViolations: [Violation] {
        currentCheck.violations { PlacementChecker.check(instance, Placement(current: instance.cluster)) }
    }
}
