/// Running VMs that are interchangeable to every selected rule: no rule names them, and they have
/// the same demand, the same allowed hosts and the same move weight. Real clouds run a handful of
/// flavours, so the placement MIP counts a class's VMs per host (`n[c,h]`, integer) instead of
/// deciding each VM's host: one or two orders of magnitude fewer columns, and no symmetry between
/// identical VMs for branch-and-bound to wade through.
struct VMClass: Sendable, Hashable {
    /// Member VM indices, ascending.
    let members: [Int]
    /// Hosts every member may land on, ascending.
    let hosts: [Int]
    /// Each member's demand under the selected rules.
    let demand: [Double]

    /// How many members fit on an empty host of this capacity (`Int.max` for a zero demand).
    func fitting(on host: Int, capacity: [Double]) -> Int {
        var most = Int.max
        for r in demand.indices where demand[r] > 0 {
            let ratio = (capacity[r] * (1 + 1e-9)) / demand[r]
            most = min(most, ratio >= Double(Int.max / 2) ? Int.max : Int(ratio.rounded(.down)))
        }
        return most
    }

    /// Rules whose encoding reaches VMs they do not name one by one (through all the VMs that may land on
    /// a host, with per-VM data): with them in the selection, no class is formed.
    static func blocksClasses(_ constraint: Constraint) -> Bool {
        type(of: constraint.rule).encodingReachesUnnamedVMs
    }

    /// Columns of the placement MIP with classes, counted without building it: a binary per
    /// (individual VM, allowed host), a count per (class, allowed host), a host-state column per host.
    static func estimatedColumns(problem: PlacementProblem, domains: PlacementDomains, classes: [VMClass]) -> Int {
        let counted = Set(classes.flatMap(\.members))
        var columns = problem.hostIDs.count + classes.reduce(0) { $0 + $1.hosts.count }
        for v in problem.running where !counted.contains(v) { columns += domains.hosts(of: v).count }
        return columns
    }

    /// The classes of at least two VMs, in order of their first member; VMs named by a selected rule stay individual.
    static func classes(problem: PlacementProblem, domains: PlacementDomains, selection: RuleSelection) -> [VMClass] {
        let constraints = problem.instance.constraints
        guard !selection.constraints.contains(where: { blocksClasses(constraints[$0]) }) else { return [] }
        var named = Set<Int>()
        for index in selection.constraints {
            for id in constraints[index].rule.referencedVMs { if let v = problem.vmIndex[id] { named.insert(v) } }
        }
        struct Key: Hashable {
            let hosts: [Int]
            let demand: [Double]
            let weight: Double
        }
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for v in problem.running where !named.contains(v) {
            let key = Key(hosts: domains.hosts(of: v), demand: domains.demand[v], weight: problem.moveWeight(v))
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(v)
        }
        return order.compactMap { key in
            guard let members = groups[key], members.count > 1 else { return nil }
            return VMClass(members: members, hosts: key.hosts, demand: key.demand)
        }
    }
}
