import BerthMIP

/// Invariant: no two moves of the VMs of `vms` overlap in time (any order); a move runs from its
/// first action's start to its last action's end.
///
/// A scheduling constraint: the scheduler starts a member's move only when no other member is
/// moving; the plan checker enforces it.
public struct Serialize: PlacementRule {
    static let kind = "serialize"
    public var label: String?
    public var vms: [String]

    public init(vms: [String], label: String? = nil) {
        self.vms = vms
        self.label = label
    }

    var referencedVMs: [String] { vms }
    /// A scheduling rule: it holds along the whole plan.
    var isContinuous: Bool { true }
    var summary: String { "serialize: the moves of \(listed(vms)) never overlap" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension Serialize {
    enum CodingKeys: String, CodingKey { case label = "id", vms }
}
