/// The catalog: every constraint type, once. It drives decoding (kind → type, the type's JSON
/// keys), the kinds' natures and the per-kind tests.
package enum ConstraintCatalog {
    static let types: [any PlacementRule.Type] = [
        Ban.self, Fence.self, Spread.self, Gather.self, Among.self, Lonely.self, Root.self,
        Online.self, Offline.self, MaxOnline.self, Split.self, SplitAmong.self, Quarantine.self, Preserve.self,
        Overbook.self, ResourceCapacity.self, RunningCapacity.self, SingleResourceCapacity.self, Compatible.self,
        Affinity.self, AntiAffinity.self,
        PowerBudget.self, Precedence.self, Deadline.self, Sync.self,
        NoDelay.self, Seq.self, Serialize.self, SerializeReboots.self, MaxConcurrentMigrations.self,
    ] + reassignmentTypes

    /// Machine-reassignment rules (soft capacity, balance targets, transient resources, spread over
    /// locations, dependencies, move costs; the ROADEF/EURO 2012 model). The hard ones (transient,
    /// spreadOver, dependency) have admission tests for the heuristics; the others are costs.
    static let reassignmentTypes: [any PlacementRule.Type] = [
        SoftCapacity.self, BalanceTarget.self, TransientResource.self, SpreadOver.self, Dependency.self,
        MoveCost.self, GroupMoveCost.self, HostMoveCost.self,
    ]

    public static let kinds: [String] = types.map { $0.kind }
    /// The rule types' names (`Spread`, …), for the test that every rule file is listed.
    package static let typeNames: [String] = types.map { String(describing: $0) }
    public static let reassignmentKinds: [String] = reassignmentTypes.map { $0.kind }
    /// Scheduling rules: they constrain the plan's timing and add nothing to the placement.
    public static let schedulingKinds: Set<String> = Set(types.filter { $0.nature == .scheduling }.map { $0.kind })
    /// Soft ("should") rules: they cost in the objective instead of forbidding.
    public static let softKinds: Set<String> = Set(types.filter { $0.nature == .soft }.map { $0.kind })
    private static let typeOfKind: [String: any PlacementRule.Type] = Dictionary(uniqueKeysWithValues: types.map { ($0.kind, $0) })

    static func type(of kind: String) -> (any PlacementRule.Type)? { typeOfKind[kind] }

    /// The type a `.berth` script names (`before` is `precedence`).
    static func type(scriptName: String) -> (any PlacementRule.Type)? { typeOfScriptName[scriptName] }
    private static let typeOfScriptName: [String: any PlacementRule.Type] = Dictionary(
        uniqueKeysWithValues: types.flatMap { type in type.scriptNames.map { ($0, type) } })
}

extension Constraint: Codable {
    private enum KindKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        let kind = try container.decode(String.self, forKey: .kind)
        guard let type = ConstraintCatalog.type(of: kind) else {
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown constraint kind '\(kind)'"
                    + suggestion(for: kind, among: ConstraintCatalog.kinds)
                    + " (known: \(ConstraintCatalog.kinds.joined(separator: ", ")))")
        }
        func decode<T: PlacementRule>(_ type: T.Type) throws -> Constraint {
            try rejectUnknownKeys(decoder, allowed: T.fields + ["kind"], context: "a \(kind) constraint")
            return try T(from: decoder).constraint
        }
        self = try decode(type)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        try container.encode(kind, forKey: .kind)
        try rule.encode(to: encoder)
    }
}

extension Constraint {
    /// A hard placement rule held at every instant of a plan: no violation the start lacks may
    /// appear. `maxOnline` is left to the licence count (absolute), a power budget to the power
    /// timeline (boot peaks included), scheduling rules place nothing.
    var holdsAlongPlans: Bool {
        isContinuous && type(of: rule).nature == .hard && kind != MaxOnline.kind && kind != PowerBudget.kind
    }
}
