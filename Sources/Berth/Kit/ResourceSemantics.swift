/// What capacity and demand mean once `overbook` and `preserve` constraints apply. The checker and
/// the solvers both read these definitions (they are the model's semantics, not solver code).
package enum ResourceSemantics {
    /// Overbooking ratio in force on a host for a resource: the smallest ratio any `overbook`
    /// constraint sets there (the most cautious), else the host's own ratio, else 1.
    public static func overbookingRatio(host: Server, resource: String, constraints: [Constraint]) -> Double {
        Table(constraints: constraints).overbookingRatio(host: host, resource: resource)
    }

    /// Capacity usable by VMs: physical capacity × the ratio in force.
    public static func capacity(host: Server, resource: String, constraints: [Constraint]) -> Double {
        Table(constraints: constraints).capacity(host: host, resource: resource)
    }

    /// What a VM holds on its host: its demand, raised to the largest amount any `preserve` guarantees it.
    public static func demand(vm: VM, resource: String, constraints: [Constraint]) -> Double {
        Table(constraints: constraints).demand(vm: vm, resource: resource)
    }

    /// The definitions, with the `overbook` and `preserve` rules indexed once: O(1) per question
    /// instead of a scan of every constraint (nr6: 5,000 hosts × thousands of rules). The static
    /// functions above are one-off questions to a table.
    public struct Table: Sendable {
        private var ratio: [String: [String: Double]] = [:]
        private var preserved: [String: [String: Double]] = [:]

        public init(constraints: [Constraint]) {
            for constraint in constraints {
                switch constraint.rule.resourceAdjustment {
                case let .capacityRatio(hosts, resource, r):
                    for host in hosts { ratio[host, default: [:]][resource] = min(ratio[host]?[resource] ?? r, r) }
                case let .demandFloor(vms, resource, amount):
                    for vm in vms { preserved[vm, default: [:]][resource] = max(preserved[vm]?[resource] ?? amount, amount) }
                case nil:
                    break
                }
            }
        }

        /// ``ResourceSemantics/overbookingRatio(host:resource:constraints:)``.
        public func overbookingRatio(host: Server, resource: String) -> Double {
            ratio[host.id]?[resource] ?? host.overbooking[resource] ?? 1
        }

        /// ``ResourceSemantics/capacity(host:resource:constraints:)``.
        public func capacity(host: Server, resource: String) -> Double {
            host.capacity[resource] * overbookingRatio(host: host, resource: resource)
        }

        /// ``ResourceSemantics/demand(vm:resource:constraints:)``.
        public func demand(vm: VM, resource: String) -> Double {
            guard let amount = preserved[vm.id]?[resource] else { return vm.demand[resource] }
            return max(vm.demand[resource], amount)
        }
    }
}
