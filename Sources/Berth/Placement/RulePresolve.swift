/// Contradictions between a gather and another rule, visible from the rules alone and found in
/// microseconds before any search: a search would otherwise branch for the whole time limit (a
/// gather and a spread on the same pair leave the LP relaxation feasible at ½ on every host).
/// Conflicts that empty a VM's domain (fence against ban, root on a host in maintenance, a spread
/// wider than its fence) need no presolve: the infeasibility explainer finds them on the domains alone.
struct RulePresolve {
    let problem: PlacementProblem

    /// The first contradiction, in constraint order, as a minimal conflict; `nil` when none is visible.
    func contradiction() -> InfeasibilityReport? {
        let instance = problem.instance
        let constraints = instance.constraints
        func running(_ ids: [String]) -> [String] {
            ids.filter { id in problem.vmIndex[id].map { problem.vms[$0].state == .running } ?? false }
        }
        func conflict(_ indices: [Int], _ sentence: String) -> InfeasibilityReport {
            InfeasibilityReport(
                conflicts: indices.map { i in
                    let c = constraints[i]
                    return ConflictingConstraint(id: instance.constraintID(at: i), kind: c.kind, summary: c.summary, vms: c.vms, hosts: c.hosts)
                },
                explanation: [sentence], isMinimal: true)
        }
        for (i, c) in constraints.enumerated() {
            switch c.rule {
            case let gather as Gather:
                let members = running(gather.vms)
                let memberSet = Set(members)
                for (j, other) in constraints.enumerated() where j != i {
                    let id = instance.constraintID(at: i), otherID = instance.constraintID(at: j)
                    switch other.rule {
                    case let spread as Spread:
                        let shared = running(spread.vms).filter(memberSet.contains)
                        if shared.count >= 2 {
                            return conflict([i, j], "\(id) puts \(listed(shared)) on one host; \(otherID) puts them on distinct hosts")
                        }
                    case let lonely as Lonely:
                        let group = Set(lonely.vms)
                        if let inside = members.first(where: group.contains), let outside = members.first(where: { !group.contains($0) }) {
                            return conflict([i, j], "\(id) puts \(inside) and \(outside) on one host; \(otherID) keeps \(inside) away from VMs outside its group, \(outside) among them")
                        }
                    case let split as Split:
                        let groupOf = Dictionary(split.groups.enumerated().flatMap { g, vms in vms.map { ($0, g) } }, uniquingKeysWith: { a, _ in a })
                        let placed = members.filter { groupOf[$0] != nil }
                        if let a = placed.first, let b = placed.first(where: { groupOf[$0] != groupOf[a] }) {
                            return conflict([i, j], "\(id) puts \(a) and \(b) on one host; \(otherID) keeps their groups on different hosts")
                        }
                    default: break
                    }
                }
            default: break
            }
        }
        return nil
    }
}
