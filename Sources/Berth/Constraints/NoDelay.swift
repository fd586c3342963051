import BerthMIP

/// Invariant: every move of the VMs of `vms` starts at t = 0 (BtrPlace's `NoDelay`).
///
/// A scheduling constraint: the scheduler moves these VMs first and fails naming it when one cannot
/// start at once; the plan checker enforces it. It adds nothing to the placement.
public struct NoDelay: PlacementRule {
    static let kind = "noDelay"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    /// A scheduling rule: it holds along the whole plan.
    var isContinuous: Bool { true }
    var summary: String { "noDelay: \(listed(vms)) start moving at t = 0" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension NoDelay {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}
