import BerthMIP

/// Finds a small set of conflicting constraints by a deletion filter: drop each constraint in turn
/// and keep it out if the rest stays infeasible. Capacity, compatibility and host state each count
/// as one constraint. Each test is a short GLPK feasibility solve (or a cheap domain check).
struct InfeasibilityExplainer {
    let problem: PlacementProblem
    let deadline: ContinuousClock.Instant

    private enum Item: Hashable {
        case builtin(BuiltinRule)
        case constraint(Int)
    }

    func explain() -> InfeasibilityReport {
        var kept: [Item] = [.builtin(.capacity), .builtin(.compatibility), .builtin(.hostState)]
        kept += problem.instance.constraints.indices.map { Item.constraint($0) }
        var isMinimal = true
        for item in kept {
            let remaining = deadline - .now
            guard remaining > .zero else {
                isMinimal = false
                break
            }
            let candidate = kept.filter { $0 != item }
            let perTest = min(remaining, max(.milliseconds(200), remaining / max(1, candidate.count)))
            switch feasible(selection(candidate), timeLimit: perTest) {
            case false: kept = candidate
            case true: break
            case nil: isMinimal = false
            }
        }
        return report(kept, isMinimal: isMinimal)
    }

    private func selection(_ items: [Item]) -> RuleSelection {
        var selection = RuleSelection(builtins: [.assignment], constraints: [])
        for item in items {
            switch item {
            case .builtin(let rule): selection.builtins.insert(rule)
            case .constraint(let index): selection.constraints.append(index)
            }
        }
        return selection
    }

    /// `true`/`false` when decided, `nil` when the test ran out of time.
    private func feasible(_ selection: RuleSelection, timeLimit: Duration) -> Bool? {
        let domains = PlacementDomains(problem: problem, selection: selection)
        if !domains.emptyDomains.isEmpty { return false }
        // Quick answers before any MIP: a spread wider than the hosts its members may use is
        // impossible; a current placement that meets every selected rule is a witness.
        let instance = problem.instance
        for index in selection.constraints {
            guard case let spread as Spread = instance.constraints[index].rule else { continue }
            let members = spread.vms.compactMap { problem.vmIndex[$0] }.filter { problem.vms[$0].state == .running }
            var hosts = Set<Int>()
            for v in members { hosts.formUnion(domains.hosts(of: v)) }
            if hosts.count < members.count { return false }
        }
        if selection.builtins.isSuperset(of: BuiltinRule.allCases) {
            let subset = Instance(cluster: instance.cluster, constraints: selection.constraints.map { instance.constraints[$0] },
                objective: instance.objective, timeLimit: instance.timeLimit)
            if PlacementChecker.check(subset, Placement(current: instance.cluster)).isEmpty { return true }
            // The repair heuristic under the selected rules only: a checked placement is a witness.
            let context = PackingContext(problem: PlacementProblem(subset), objective: .minMigrations)
            if let state = RepairPacker(context: context).repairedIfComplete(),
                PlacementChecker.check(subset, state.placement).isEmpty
            {
                return true
            }
        }
        let formulation = PlacementFormulation(problem: problem, selection: selection, objective: nil, countClasses: true)
        guard let result = try? GLPKSolver().solve(formulation.model, parameters: SolveParameters(timeLimit: timeLimit))
        else { return nil }
        switch result.status {
        case .infeasible: return false
        case .optimal, .feasible: return true
        case .unbounded, .noSolution: return nil
        }
    }

    private func report(_ items: [Item], isMinimal: Bool) -> InfeasibilityReport {
        let instance = problem.instance
        let selected = selection(items)
        let domains = PlacementDomains(problem: problem, selection: selected)
        let others = { (me: Item) -> String in
            let names = items.filter { $0 != me }.map(id)
            return names.isEmpty ? "" : " under \(names.joined(separator: " and "))"
        }
        var lines: [String] = []
        let conflicts = items.map { item -> ConflictingConstraint in
            switch item {
            case .builtin(let rule):
                return ConflictingConstraint(id: rule.rawValue, kind: rule.rawValue, summary: builtinSummary(rule), vms: [], hosts: [])
            case .constraint(let index):
                let c = instance.constraints[index]
                return ConflictingConstraint(id: id(item), kind: c.kind, summary: c.summary, vms: c.vms, hosts: c.hosts)
            }
        }

        for v in domains.emptyDomains {
            lines.append("\(problem.vmIDs[v]) has no host it may run on\(others(.builtin(.assignment)))")
        }
        for item in items {
            switch item {
            case .builtin(.capacity):
                let usable = Set(problem.running.flatMap { domains.hosts(of: $0) })
                for (r, name) in problem.resources.enumerated() {
                    let need = problem.running.reduce(0.0) { $0 + domains.demand[$1][r] }
                    let offer = usable.reduce(0.0) { $0 + domains.capacity[$1][r] }
                    if need > offer + 1e-9 {
                        lines.append("capacity: the running VMs need \(format(need)) \(name), the \(usable.count) usable hosts offer \(format(offer)) (missing \(format(need - offer)))\(others(item))")
                    }
                }
            case .constraint(let index):
                let c = instance.constraints[index]
                switch c.rule {
                case let spread as Spread:
                    let members = spread.vms.compactMap { problem.vmIndex[$0] }.filter { problem.vms[$0].state == .running }
                    let hosts = Set(members.flatMap { domains.hosts(of: $0) }).sorted().map { problem.hostIDs[$0] }
                    if hosts.count < members.count {
                        lines.append("\(id(item)): spread of \(members.count) VMs needs \(members.count) distinct hosts; only \(hosts.count) can take them (\(listed(hosts)))\(others(item))")
                    } else {
                        lines.append("\(id(item)): spread of \(members.count) VMs over \(hosts.count) candidate hosts cannot be satisfied\(others(item))")
                    }
                case let gather as Gather:
                    let members = gather.vms.compactMap { problem.vmIndex[$0] }.filter { problem.vms[$0].state == .running }
                    let common = problem.hostIDs.indices.filter { h in members.allSatisfy { domains.isAllowed($0, h) } }
                    if common.isEmpty {
                        lines.append("\(id(item)): no host admits all \(members.count) gathered VMs\(others(item))")
                    } else {
                        for (r, name) in problem.resources.enumerated() {
                            let need = members.reduce(0.0) { $0 + domains.demand[$1][r] }
                            let best = common.map { domains.capacity[$0][r] }.max() ?? 0
                            if need > best + 1e-9 {
                                lines.append("\(id(item)): the gathered VMs need \(format(need)) \(name) on one host; the largest usable host offers \(format(best))")
                            }
                        }
                    }
                case let rule as MaxOnline:
                    lines.append("\(id(item)): at most \(rule.amount) of \(rule.hosts.count) hosts may end online\(others(item))")
                default:
                    break
                }
            case .builtin: break
            }
        }
        if lines.isEmpty {
            lines.append("these constraints cannot hold together: \(items.map(id).joined(separator: ", "))")
        }
        if !isMinimal { lines.append("(the time limit stopped the search for a smaller conflicting set)") }
        return InfeasibilityReport(conflicts: conflicts, explanation: lines, isMinimal: isMinimal)
    }

    private func id(_ item: Item) -> String {
        switch item {
        case .builtin(let rule): rule.rawValue
        case .constraint(let index): problem.instance.constraintID(at: index)
        }
    }

    private func builtinSummary(_ rule: BuiltinRule) -> String {
        switch rule {
        case .assignment: "every running VM needs a host"
        case .capacity: "host capacity (with overbooking) on every resource"
        case .compatibility: "VMs run only on hosts with the features they require"
        case .hostState: "maintenance hosts end empty; hosts with sleeping VMs stay on"
        }
    }
}
