/// The plan checker's side of the scheduling rules: `precedence`, `sync`, `deadline`, `noDelay`, `seq`, `serialize`, `serializeReboots` and `maxConcurrentMigrations`.
extension PlanChecker {
    /// Each VM's move as an interval: its first moving action's start to its last one's end.
    static func moveIntervals(_ actions: [PlanAction]) -> [String: (start: Double, end: Double)] {
        var intervals: [String: (start: Double, end: Double)] = [:]
        for a in actions where a.kind == .migrate || a.kind == .resume || a.kind == .suspend {
            guard let vm = a.vm else { continue }
            let old = intervals[vm] ?? (a.start, a.end)
            intervals[vm] = (min(old.start, a.start), max(old.end, a.end))
        }
        return intervals
    }

    /// Precedence, sync and deadlines, read from the moving actions' times.
    static func orderViolations(_ instance: Instance, moving: [PlanAction]) -> [Violation] {
        var found: [Violation] = []
        for (index, constraint) in instance.constraints.enumerated() {
            let id = instance.constraintID(at: index)
            switch constraint.rule {
            case let rule as Precedence:
                let before = Set(rule.before), after = Set(rule.after)
                let lastEnd = moving.filter { before.contains($0.vm!) && $0.kind != .suspend }.map(\.end).max() ?? 0
                for a in moving where after.contains(a.vm!) && a.start < lastEnd - 1e-6 {
                    found.append(Violation(constraint: id, kind: "precedence", vms: [a.vm!], measured: a.start, limit: lastEnd,
                                           message: "at t = \(format(a.start)) s: \(a.vm!) starts moving before \(listed(rule.before)) have finished (\(format(lastEnd)) s)"))
                }
            case let rule as Sync:
                let group = Set(rule.vms)
                var firstStart: [String: Double] = [:]
                for a in moving where group.contains(a.vm!) { firstStart[a.vm!] = min(firstStart[a.vm!] ?? a.start, a.start) }
                if let earliest = firstStart.values.min(), let latest = firstStart.values.max(), latest - earliest > 1e-6 {
                    let late = firstStart.filter { $0.value > earliest + 1e-6 }.keys.sorted()
                    found.append(Violation(constraint: id, kind: "sync", vms: late, measured: latest - earliest, limit: 0,
                                           message: "at t = \(format(earliest)) s: \(listed(late)) start moving later than the rest of the group (up to \(format(latest)) s)"))
                }
            case let rule as Deadline:
                let vms = Set(rule.vms)
                for a in moving where vms.contains(a.vm!) && a.end > rule.seconds + 1e-6 {
                    found.append(Violation(constraint: id, kind: "deadline", vms: [a.vm!], measured: a.end, limit: rule.seconds,
                                           message: "at t = \(format(a.end)) s: \(a.vm!) finishes moving after its deadline of \(format(rule.seconds)) s"))
                }
            default: break
            }
        }
        return found
    }

    /// `noDelay`, `seq` and `serialize`, read from the actions' times.
    static func timingViolations(_ instance: Instance, actions: [PlanAction]) -> [Violation] {
        let moves = moveIntervals(actions)
        var found: [Violation] = []
        for (index, constraint) in instance.constraints.enumerated() {
            let id = instance.constraintID(at: index)
            switch constraint.rule {
            case let rule as NoDelay:
                for vm in rule.vms { if let move = moves[vm], move.start > 1e-9 {
                    found.append(Violation(constraint: id, kind: NoDelay.kind, vms: [vm], measured: move.start, limit: 0,
                                           message: "at t = \(format(move.start)) s: \(vm) starts moving late (noDelay asks t = 0)"))
                } }
            case let rule as Seq:
                let chain = rule.vms.filter { moves[$0] != nil }
                for (before, after) in zip(chain, chain.dropFirst()) where moves[after]!.start < moves[before]!.end - 1e-6 {
                    found.append(Violation(constraint: id, kind: Seq.kind, vms: [before, after], measured: moves[after]!.start, limit: moves[before]!.end,
                                           message: "at t = \(format(moves[after]!.start)) s: \(after) starts moving before \(before) has finished (\(format(moves[before]!.end)) s)"))
                }
            case let rule as Serialize:
                let members = rule.vms.filter { moves[$0] != nil }.sorted { (moves[$0]!.start, $0) < (moves[$1]!.start, $1) }
                var last: (vm: String, end: Double)?
                for vm in members {
                    let move = moves[vm]!
                    if let previous = last, move.start < previous.end - 1e-6 {
                        found.append(Violation(constraint: id, kind: Serialize.kind, vms: [previous.vm, vm], measured: move.start, limit: previous.end,
                                               message: "at t = \(format(move.start)) s: \(vm) starts moving while \(previous.vm) still moves (until \(format(previous.end)) s)"))
                    }
                    if last.map({ move.end > $0.end }) ?? true { last = (vm, move.end) }
                }
            default: break
            }
        }
        return found
    }

    /// `serializeReboots` and `maxConcurrentMigrations` at one instant: `moving` are the migrations and
    /// resumes running, `changing` the hosts booting or shutting down.
    static func instantViolations(_ instance: Instance, at t: Double, moving: [PlanAction], changing: Set<String>,
                                  links: (PlanAction) -> [String]) -> [Violation] {
        var found: [Violation] = []
        for (index, constraint) in instance.constraints.enumerated() {
            let id = instance.constraintID(at: index)
            switch constraint.rule {
            case let rule as SerializeReboots:
                let busy = rule.hosts.filter(changing.contains)
                if busy.count > 1 {
                    found.append(Violation(constraint: id, kind: SerializeReboots.kind, hosts: busy, measured: Double(busy.count), limit: 1,
                                           message: "at t = \(format(t)) s: \(listed(busy)) boot or shut down at once"))
                }
            case let rule as MaxConcurrentMigrations:
                if let set = rule.hosts.map(Set.init) {
                    let inSet = moving.filter { set.contains($0.from!) || set.contains($0.to!) }
                    if inSet.count > rule.amount {
                        found.append(Violation(constraint: id, kind: MaxConcurrentMigrations.kind, vms: inSet.compactMap(\.vm),
                                               measured: Double(inSet.count), limit: Double(rule.amount),
                                               message: "at t = \(format(t)) s: \(inSet.count) migrations at once on the host set, at most \(rule.amount) allowed"))
                    }
                } else if rule.links == nil, moving.count > rule.amount {
                    found.append(Violation(constraint: id, kind: MaxConcurrentMigrations.kind, vms: moving.compactMap(\.vm),
                                           measured: Double(moving.count), limit: Double(rule.amount),
                                           message: "at t = \(format(t)) s: \(moving.count) migrations at once, at most \(rule.amount) allowed"))
                }
                for link in rule.links ?? [] {
                    let crossing = moving.filter { links($0).contains(link) }
                    if crossing.count > rule.amount {
                        found.append(Violation(constraint: id, kind: MaxConcurrentMigrations.kind, vms: crossing.compactMap(\.vm),
                                               measured: Double(crossing.count), limit: Double(rule.amount),
                                               message: "at t = \(format(t)) s: \(crossing.count) migrations at once across link \(link), at most \(rule.amount) allowed"))
                    }
                }
            default: break
            }
        }
        return found
    }
}
