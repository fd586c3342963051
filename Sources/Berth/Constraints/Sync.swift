import BerthMIP

/// Invariant: the migrations of the VMs of `vms` that move start at the same instant (VMs that talk
/// to each other converge together, as COMMA does); a scheduling constraint, checked on plans only.
public struct Sync: PlacementRule {
    static let kind = "sync"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    /// A scheduling rule: it holds along the whole plan.
    var isContinuous: Bool { true }
    var summary: String { "sync: \(listed(vms)) start migrating together" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Sync {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}
