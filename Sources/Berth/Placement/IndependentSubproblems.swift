/// Splits the free part of a placement problem into sub-problems that share no candidate host and
/// no constraint, so they can be solved apart (and concurrently) and merged.
///
/// Union-find over VMs and hosts: a free VM joins each host its domain allows; the free VMs and
/// hosts a constraint names join each other, and so does the host of each pinned VM it names.
/// O(free VMs · H + Σ constraint sizes) with near-constant union-find steps.
struct IndependentSubproblems {
    struct Part: Hashable, Sendable {
        /// Free running VMs, in index order.
        var vms: [Int]
        /// Hosts the part's VMs may use or its constraints name, in index order.
        var hosts: [Int]
    }

    static func split(_ problem: PlacementProblem, domains: PlacementDomains, free: [Int]) -> [Part] {
        let vmCount = problem.vmIDs.count
        var parent = Array(0..<(vmCount + problem.hostIDs.count))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let (ra, rb) = (find(a), find(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        let isFree = Set(free)
        // VMs no rule restricts have the same domain when they need the same features and amounts:
        // join them to the first such VM instead of scanning every host again (O(VMs × hosts) on li6).
        var sameDomain: [DomainKey: Int] = [:]
        for v in free {
            if !domains.isRestricted(v), !domains.hasDenyList(v) {
                let key = DomainKey(requires: problem.vms[v].requires, demand: domains.demand[v])
                if let first = sameDomain[key] { union(v, first); continue }
                sameDomain[key] = v
            }
            for h in domains.hosts(of: v) { union(v, vmCount + h) }
        }
        for constraint in problem.instance.constraints {
            var nodes: [Int] = []
            for id in constraint.vms {
                guard let v = problem.vmIndex[id] else { continue }
                if isFree.contains(v) { nodes.append(v) } else if let h = problem.current[v] { nodes.append(vmCount + h) }
            }
            nodes += problem.hostIndices(of: constraint.hosts).map { vmCount + $0 }
            guard let first = nodes.first, nodes.contains(where: { $0 < vmCount }) else { continue }
            for node in nodes.dropFirst() { union(first, node) }
        }
        var partOfRoot: [Int: Int] = [:]
        var parts: [Part] = []
        for v in free.sorted() {
            let root = find(v)
            if let p = partOfRoot[root] { parts[p].vms.append(v) } else {
                partOfRoot[root] = parts.count
                parts.append(Part(vms: [v], hosts: []))
            }
        }
        for h in problem.hostIDs.indices { if let p = partOfRoot[find(vmCount + h)] { parts[p].hosts.append(h) } }
        return parts
    }

    private struct DomainKey: Hashable {
        let requires: Set<String>
        let demand: [Double]
    }
}
