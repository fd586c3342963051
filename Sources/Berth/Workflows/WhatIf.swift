/// What-if capacity planning: change the cluster (add or remove hosts, grow demand, add VMs, fail a
/// rack) and ask whether everything fits, on how few hosts, with how much headroom, and what binds.
public enum WhatIf {
    /// The changes of a scenario; everything left at its default changes nothing.
    public struct Request: Sendable {
        /// Copies of a template host (an existing host id), added switched off: `(template, count)`.
        public var addHosts: [(template: String, count: Int)] = []
        /// Hosts taken away (their VMs must fit elsewhere).
        public var removeHosts: HostSelection?
        /// Every running VM's demand multiplied by this factor.
        public var grow: Double = 1
        /// Copies of a template VM (an existing VM id), added running and unplaced: `(template, count)`.
        public var addVMs: [(template: String, count: Int)] = []
        /// Hosts that fail (N-1, a whole rack): `rack=r2`.
        public var fail: HostSelection?

        public init() {}
    }

    /// One side of the comparison: how many hosts are on and how much of each resource is left.
    public struct Capacity: Hashable, Sendable, Codable {
        /// Hosts switched on.
        public var hostsOn: Int
        /// Hosts on per host type (template id for added hosts, else the host's own id prefix before `-`/digits).
        public var hostsOnByType: [String: Int]
        /// 1 − Σ demand ÷ Σ capacity of the hosts on, per resource.
        public var headroom: [String: Double]
        /// The resource with the least headroom.
        public var bindingResource: String?
        /// The highest utilisation of any host and resource.
        public var peakUtilization: Double
    }

    /// The answer, beside the current state.
    public struct Report: Sendable {
        /// The scenario's changes, in words.
        public var changes: [String]
        /// The cluster as it runs now.
        public var current: Capacity
        /// Whether every running VM (old and new) has a place in the scenario.
        public var fits: Bool
        /// The scenario's placement on the fewest hosts (when it fits).
        public var scenario: Capacity?
        /// The host count is proven minimal by the MIP.
        public var provenMinimal: Bool
        /// When it does not fit: the constraints that conflict, and why.
        public var conflicts: [ConflictingConstraint]
        public var explanation: [String]
        /// The scenario model that was solved.
        public var instance: Instance
        /// Per added host type, the fewest copies that make the scenario fit with every other host
        /// available: each smaller count was proven infeasible by the MIP (`nil` entry: unknown at the limit).
        public var copiesNeeded: [String: Int?] = [:]
        /// The checked placement on the fewest hosts, when it fits.
        public var placement: PlacementResult?

        /// One line: fits or not, on how many hosts, headroom, what binds.
        public var summary: String {
            guard fits, let scenario else {
                return "what-if: does NOT fit; binding: \(conflicts.map(\.id).joined(separator: ", ")); now \(current.hostsOn) hosts on"
            }
            let headroom = scenario.headroom.keys.sorted().map { "\($0) \(percent(scenario.headroom[$0]!))" }.joined(separator: ", ")
            let copies = copiesNeeded.keys.sorted().map { type in
                "; \(copiesNeeded[type]!.map(String.init) ?? "unknown") more × \(type) needed"
            }.joined()
            return "what-if: fits on \(scenario.hostsOn) hosts (\(provenMinimal ? "proven minimal" : "not proven minimal")) vs \(current.hostsOn) on now; "
                + "headroom \(headroom); binding resource \(scenario.bindingResource ?? "none")" + copies
        }
    }

    /// Most hosts, and most VMs, one scenario may add (each is a copy of a model: bounded memory).
    public static let maximumAdded = 100_000
    /// Largest demand growth factor.
    public static let maximumGrowth: Double = 1_000

    /// The scenario model: the changes applied, objective `minHosts`.
    public static func instance(_ model: Instance, _ request: Request) throws(WorkflowError) -> (Instance, [String], [String: String]) {
        var instance = model
        var changes: [String] = []
        var types: [String: String] = [:]
        guard request.grow > 0, request.grow <= maximumGrowth else { throw .invalid("grow", "must be > 0 and at most \(Int(maximumGrowth)), found \(request.grow)") }
        let addedHosts = request.addHosts.reduce(0) { $0 &+ max(0, $1.count) }, addedVMs = request.addVMs.reduce(0) { $0 &+ max(0, $1.count) }
        guard (0...maximumAdded).contains(addedHosts) else { throw .invalid("add-hosts", "adds \(addedHosts) hosts; at most \(maximumAdded) at once") }
        guard (0...maximumAdded).contains(addedVMs) else { throw .invalid("add-vms", "adds \(addedVMs) VMs; at most \(maximumAdded) at once") }
        for (template, count) in request.addHosts {
            guard let host = model.cluster.host(template) else { throw .invalid("add-hosts", "unknown host type '\(template)' (name an existing host)") }
            guard count > 0 else { throw .invalid("add-hosts", "count must be > 0") }
            for k in 1...count {
                var copy = host
                copy.id = "\(template)+\(k)"
                copy.state = .offline
                instance.cluster.hosts.append(copy)
                types[copy.id] = template
            }
            changes.append("add \(count) × \(template)")
            types[template] = template
        }
        if let remove = request.removeHosts {
            let ids = try remove.resolve(in: model.cluster, path: "remove-hosts")
            instance = instance.settingHosts(ids, to: .maintenance)
            changes.append("remove \(ids.joined(separator: ", "))")
        }
        if let fail = request.fail {
            let ids = try fail.resolve(in: model.cluster, path: "fail")
            instance = instance.settingHosts(ids, to: .maintenance)
            changes.append("fail \(fail) (\(ids.joined(separator: ", ")))")
        }
        if request.grow != 1 {
            for i in instance.cluster.vms.indices where instance.cluster.vms[i].state == .running {
                for r in instance.cluster.resources { instance.cluster.vms[i].demand[r] *= request.grow }
            }
            changes.append("grow demand × \(format(request.grow))")
        }
        for (template, count) in request.addVMs {
            guard let vm = model.cluster.vm(template) else { throw .invalid("add-vms", "unknown VM template '\(template)' (name an existing VM)") }
            guard count > 0 else { throw .invalid("add-vms", "count must be > 0") }
            for k in 1...count {
                var copy = vm
                copy.id = "\(template)+\(k)"
                copy.host = nil
                copy.state = .running
                copy.demand = ResourceVector(vm.demand.amounts.mapValues { $0 * request.grow })
                instance.cluster.vms.append(copy)
            }
            changes.append("add \(count) × VM \(template)")
        }
        instance.objective = .minHosts
        return (instance, changes, types)
    }

    /// Solves the scenario with `minHosts`; an infeasible scenario is an answer (`fits == false`), not an error.
    public static func run(_ model: Instance, _ request: Request, options: WorkflowOptions = WorkflowOptions()) throws(WorkflowError) -> Report {
        let (instance, changes, types) = try instance(model, request)
        let current = capacity(model.cluster, Placement(current: model.cluster), types: types)
        // With a deadline and hosts to count, the scenario's solve leaves half the time to the counting.
        var first = options
        if !request.addHosts.isEmpty, let deadline = options.deadline {
            first.deadline = .now + ContinuousClock.now.duration(to: deadline) / 2
        }
        do {
            let result = try WorkflowPipeline.place(workflow: "what-if", instance: instance, options: first)
            var report = Report(changes: changes, current: current, fits: true,
                                scenario: capacity(instance.cluster, result.placement, types: types), provenMinimal: result.isOptimal,
                                conflicts: [], explanation: [], instance: instance, placement: result)
            for (template, count) in request.addHosts {
                report.copiesNeeded[template] = copiesNeeded(instance, template: template, count: count, options: options)
            }
            return report
        } catch {
            guard case .infeasible(let report) = error else { throw error }
            return Report(changes: changes, current: current, fits: false, scenario: nil, provenMinimal: false,
                          conflicts: report.conflicts, explanation: report.explanation, instance: instance, placement: nil)
        }
    }

    /// The fewest of the `count` copies of `template` (`template+1`, …) that let everything fit:
    /// the others are held off by an `offline` rule, counts tried upwards; `nil` when a solve hit its limit.
    static func copiesNeeded(_ instance: Instance, template: String, count: Int, options: WorkflowOptions) -> Int? {
        var quiet = options
        quiet.progress = nil
        for k in 0...count {
            if let deadline = options.deadline, ContinuousClock.now >= deadline { return nil }
            var trial = instance
            let unused = ((k + 1)..<(count + 1)).map { "\(template)+\($0)" }
            if !unused.isEmpty { trial.constraints.append(.offline(Offline(hosts: unused, label: "what-if-unused-\(template)"))) }
            do {
                _ = try WorkflowPipeline.place(workflow: "what-if", instance: trial, options: quiet)
                return k
            } catch {
                guard case .infeasible = error else { return nil }
            }
        }
        return nil
    }

    static func capacity(_ cluster: Cluster, _ placement: Placement, types: [String: String]) -> Capacity {
        let on = cluster.hosts.filter { placement.onlineHosts.contains($0.id) }
        var byType: [String: Int] = [:]
        for host in on { byType[types[host.id] ?? "existing", default: 0] += 1 }
        var headroom: [String: Double] = [:]
        for r in cluster.resources {
            let capacity = on.reduce(0) { $0 + $1.effectiveCapacity(r) }
            let demand = cluster.vms.filter { $0.state == .running && placement.vmHosts[$0.id] != nil }.reduce(0) { $0 + $1.demand[r] }
            if capacity > 0 { headroom[r] = 1 - demand / capacity }
        }
        let binding = headroom.keys.sorted().min { headroom[$0]! < headroom[$1]! }
        return Capacity(hostsOn: on.count, hostsOnByType: byType, headroom: headroom, bindingResource: binding,
                        peakUtilization: HostUtilization.peak(HostUtilization.of(cluster, placement)))
    }
}
