import BerthMIP

/// Invariant: every running VM of `vms` ends on a host of `hosts`.
public struct Fence: PlacementRule {
    static let kind = "fence"
    public var label: String?
    public var vms: [String]
    public var hosts: [String]

    public init(vms: [String], hosts: [String], label: String? = nil) {
        self.vms = vms
        self.hosts = hosts
        self.label = label
    }

    var referencedVMs: [String] { vms }
    var referencedHosts: [String] { hosts }
    var summary: String { "fence of \(vms.count) VM(s) (\(listed(vms))) into \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let allowed = Set(hosts)
        return vms.compactMap { vm in
            guard view.isRunning(vm), let host = view.finalHost(of: vm), !allowed.contains(host) else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: [vm], hosts: [host],
                message: "\(vm) runs on \(host), outside its fence (\(listed(hosts)))")
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        for vm in vms { domains.restrict(vm: vm, to: hosts, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Fence {
    enum CodingKeys: String, CodingKey { case label = "id", vms, hosts }
}

extension Fence {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let allowed = Set(problem.hostIndices(of: hosts))
        return AdmissionTest(vms: problem.runningIndices(of: vms)) { _, host, _ in allowed.contains(host) }
    }
}
