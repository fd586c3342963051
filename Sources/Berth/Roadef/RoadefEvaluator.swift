/// The ROADEF/EURO 2012 objective of a placement, read from a Berth instance's general rules:
/// every part is the sum of the soft penalties of one kind of rule, weights included, so the same
/// numbers come out for any instance using those rules, imported or not.
package struct RoadefCost: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `softCapacity`: weighted usage above the safety thresholds.
    public var load: Double
    /// `balanceTarget`: weighted shortfalls of free-resource ratios.
    public var balance: Double
    /// `moveCost`: weighted per-VM move costs.
    public var processMove: Double
    /// `groupMoveCost`: weighted largest number of moved VMs in one group.
    public var serviceMove: Double
    /// `hostMoveCost`: weighted host-to-host move costs.
    public var machineMove: Double
    /// Hard-rule violations (empty when the placement is feasible).
    public var violations: [Violation]

    public var total: Double { load + balance + processMove + serviceMove + machineMove }
    public var isFeasible: Bool { violations.isEmpty }

    public var description: String {
        func n(_ v: Double) -> String { String(Int64(v.rounded())) }
        return "total=\(n(total)) feasible=\(isFeasible) load=\(n(load)) balance=\(n(balance)) processMove=\(n(processMove)) "
            + "serviceMove=\(n(serviceMove)) machineMove=\(n(machineMove))"
    }
}

package enum RoadefEvaluator {
    /// The objective breakdown and the hard-constraint check of `placement`.
    public static func evaluate(_ instance: Instance, _ placement: Placement) -> RoadefCost {
        var cost = RoadefCost(load: 0, balance: 0, processMove: 0, serviceMove: 0, machineMove: 0, violations: [])
        for penalty in PlacementChecker.softPenalties(instance, placement) {
            switch penalty.kind {
            case SoftCapacity.kind: cost.load += penalty.cost
            case BalanceTarget.kind: cost.balance += penalty.cost
            case MoveCost.kind: cost.processMove += penalty.cost
            case GroupMoveCost.kind: cost.serviceMove += penalty.cost
            case HostMoveCost.kind: cost.machineMove += penalty.cost
            default: break
            }
        }
        cost.violations = PlacementChecker.check(instance, placement)
        return cost
    }
}
