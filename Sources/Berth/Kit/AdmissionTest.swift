/// A constraint compiled for constructive heuristics: may `vm` land on `host`, given the VMs
/// placed so far in a `PackingState`?
///
/// A test is asked only about the VMs and hosts it names (`vms`, `hosts`), or about every VM when
/// `asksEveryVM` is set (lonely: outsiders must keep off its hosts). It must be conservative in the
/// sense that matters: admitting a pair may still lead to a placement the checker rejects (the
/// portfolio then drops it), but it never refuses a pair that some valid completion needs in a way
/// the heuristics could not recover from anyway.
struct AdmissionTest: Sendable {
    /// Running VMs (dense indices) the test judges.
    var vms: [Int] = []
    /// Hosts (dense indices) the test judges, whatever the VM.
    var hosts: [Int] = []
    /// Ask the test about every VM.
    var asksEveryVM = false
    /// VMs that must be placed together, as one unit (gather).
    var unit: [Int]? = nil
    let admits: @Sendable (_ vm: Int, _ host: Int, _ state: PackingState) -> Bool
}

extension PlacementProblem {
    /// Dense indices of the running VMs among `ids`, in the given order.
    func runningIndices(of ids: [String]) -> [Int] {
        ids.compactMap { vmIndex[$0] }.filter { vms[$0].state == .running }
    }

    func hostIndices(of ids: [String]) -> [Int] { ids.compactMap { hostIndex[$0] } }

    /// Per host, whether it must end off: in maintenance, or named by a rule that switches it off (`offline`).
    var closedHosts: [Bool] {
        var closed = hostStates.map { $0 == .maintenance }
        for constraint in instance.constraints {
            if case .off(let hosts) = constraint.rule.hostStateDemand { for h in hostIndices(of: hosts) { closed[h] = true } }
        }
        return closed
    }

    /// Each host's value of the host attribute `attribute`, numbered in order of first appearance
    /// (`nil` for hosts without it).
    func hostAttributeValues(_ attribute: String) -> [Int?] {
        var number: [String: Int] = [:]
        return instance.cluster.hosts.map { host in
            host.attributes[attribute].map { value in
                if let n = number[value] { return n }
                number[value] = number.count
                return number.count - 1
            }
        }
    }
}
