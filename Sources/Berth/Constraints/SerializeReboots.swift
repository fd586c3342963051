import BerthMIP

/// Invariant: no two boots or shutdowns of hosts of `hosts` overlap in time (one power change at a
/// time, e.g. hosts sharing a management controller or a power feed).
///
/// A scheduling constraint: the scheduler delays boots and shutdowns; the plan checker enforces it.
public struct SerializeReboots: PlacementRule {
    static let kind = "serializeReboots"
    public var label: String?
    public var hosts: [String]

    public init(hosts: [String], label: String? = nil) {
        self.hosts = hosts
        self.label = label
    }

    var referencedHosts: [String] { hosts }
    /// A scheduling rule: it holds along the whole plan.
    var isContinuous: Bool { true }
    var summary: String { "serializeReboots: boots and shutdowns of \(listed(hosts)) one at a time" }

    func violations(in view: PlacementView, id: String) -> [Violation] { [] }

    func encode(into encoding: inout PlacementEncoding, id: String) {}
}

extension SerializeReboots {
    enum CodingKeys: String, CodingKey { case label = "id", hosts }
}
