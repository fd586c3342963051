import BerthMIP

/// Invariant: no running VM of `vms` ends on a host of `hosts`.
public struct Ban: PlacementRule {
    static let kind = "ban"
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
    var summary: String { "ban of \(vms.count) VM(s) (\(listed(vms))) from \(listed(hosts))" }

    func violations(in view: PlacementView, id: String) -> [Violation] {
        let banned = Set(hosts)
        return vms.compactMap { vm in
            guard view.isRunning(vm), let host = view.finalHost(of: vm), banned.contains(host) else { return nil }
            return Violation(
                constraint: id, kind: Self.kind, vms: [vm], hosts: [host],
                message: "\(vm) runs on \(host), which it is banned from")
        }
    }

    func restrict(_ domains: inout PlacementDomains, id: String) {
        for vm in vms { domains.forbid(vm: vm, hosts: hosts, by: id) }
    }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Ban {
    enum CodingKeys: String, CodingKey { case label = "id", vms, hosts }
}

extension Ban {
    func admission(in problem: PlacementProblem) -> AdmissionTest? {
        let banned = Set(problem.hostIndices(of: hosts))
        return AdmissionTest(vms: problem.runningIndices(of: vms)) { _, host, _ in !banned.contains(host) }
    }
}
