/// A placement rule of the catalog, as a value. JSON: an object whose `kind` names the case.
///
/// Adding a constraint means adding a case here and a file beside this one; `ConstraintCatalog`
/// and every `switch` over this enum then refuse to compile until it is wired everywhere.
public enum Constraint: Hashable, Sendable {
    case ban(Ban)
    case fence(Fence)
    case spread(Spread)
    case gather(Gather)
    case among(Among)
    case lonely(Lonely)
    case root(Root)
    case online(Online)
    case offline(Offline)
    case maxOnline(MaxOnline)
    case split(Split)
    case splitAmong(SplitAmong)
    case quarantine(Quarantine)
    case preserve(Preserve)
    case overbook(Overbook)
    case resourceCapacity(ResourceCapacity)
    case runningCapacity(RunningCapacity)
    case singleResourceCapacity(SingleResourceCapacity)
    case compatible(Compatible)
    case affinity(Affinity)
    case antiAffinity(AntiAffinity)
    case powerBudget(PowerBudget)
    case precedence(Precedence)
    case deadline(Deadline)
    case sync(Sync)
    case noDelay(NoDelay)
    case seq(Seq)
    case serialize(Serialize)
    case serializeReboots(SerializeReboots)
    case maxConcurrentMigrations(MaxConcurrentMigrations)
    case softCapacity(SoftCapacity)
    case balanceTarget(BalanceTarget)
    case transient(TransientResource)
    case spreadOver(SpreadOver)
    case dependency(Dependency)
    case moveCost(MoveCost)
    case groupMoveCost(GroupMoveCost)
    case hostMoveCost(HostMoveCost)

    var rule: any PlacementRule {
        switch self {
        case .ban(let c): c
        case .fence(let c): c
        case .spread(let c): c
        case .gather(let c): c
        case .among(let c): c
        case .lonely(let c): c
        case .root(let c): c
        case .online(let c): c
        case .offline(let c): c
        case .maxOnline(let c): c
        case .split(let c): c
        case .splitAmong(let c): c
        case .quarantine(let c): c
        case .preserve(let c): c
        case .overbook(let c): c
        case .resourceCapacity(let c): c
        case .runningCapacity(let c): c
        case .singleResourceCapacity(let c): c
        case .compatible(let c): c
        case .affinity(let c): c
        case .antiAffinity(let c): c
        case .powerBudget(let c): c
        case .precedence(let c): c
        case .deadline(let c): c
        case .sync(let c): c
        case .noDelay(let c): c
        case .seq(let c): c
        case .serialize(let c): c
        case .serializeReboots(let c): c
        case .maxConcurrentMigrations(let c): c
        case .softCapacity(let c): c
        case .balanceTarget(let c): c
        case .transient(let c): c
        case .spreadOver(let c): c
        case .dependency(let c): c
        case .moveCost(let c): c
        case .groupMoveCost(let c): c
        case .hostMoveCost(let c): c
        }
    }

    /// The JSON `kind` (`spread`, `maxOnline`, …).
    public var kind: String { type(of: rule).kind }
    /// The user's label (`"id"` in JSON), if any.
    public var label: String? { rule.label }
    public var vms: [String] { rule.referencedVMs }
    public var hosts: [String] { rule.referencedHosts }
    /// One line saying what the constraint asks.
    public var summary: String { rule.summary }
    /// Every way `view` breaks this constraint, reported under `id`.
    package func violations(in view: PlacementView, id: String) -> [Violation] { rule.violations(in: view, id: id) }

    /// Whether the rule must hold at every instant of a plan (BtrPlace's continuous semantics).
    public var isContinuous: Bool { rule.isContinuous }
    /// Whether the rule is soft (a cost in the objective) rather than hard.
    public var isSoft: Bool { ConstraintCatalog.softKinds.contains(kind) }
    /// A hard placement rule held at every instant of a plan: no violation the start lacks may
    /// appear. `maxOnline` is left to the licence count (absolute), scheduling rules place nothing.
    var holdsAlongPlans: Bool {
        isContinuous && !isSoft && kind != MaxOnline.kind && !ConstraintCatalog.schedulingKinds.contains(kind)
    }
}

/// The catalog: JSON kind ↔ case. It drives decoding, encoding and the per-kind tests.
package enum ConstraintCatalog {
    public static let kinds: [String] = [
        Ban.kind, Fence.kind, Spread.kind, Gather.kind, Among.kind, Lonely.kind, Root.kind,
        Online.kind, Offline.kind, MaxOnline.kind, Split.kind, SplitAmong.kind, Quarantine.kind, Preserve.kind,
        Overbook.kind, ResourceCapacity.kind, RunningCapacity.kind, SingleResourceCapacity.kind, Compatible.kind,
        Affinity.kind, AntiAffinity.kind,
        PowerBudget.kind, Precedence.kind, Deadline.kind, Sync.kind,
        NoDelay.kind, Seq.kind, Serialize.kind, SerializeReboots.kind, MaxConcurrentMigrations.kind,
    ] + reassignmentKinds

    /// Machine-reassignment rules (soft capacity, balance targets, transient resources, spread over
    /// locations, dependencies, move costs; the ROADEF/EURO 2012 model). The hard ones (transient,
    /// spreadOver, dependency) have admission tests for the heuristics; the others are costs.
    public static let reassignmentKinds: [String] = [
        SoftCapacity.kind, BalanceTarget.kind, TransientResource.kind, SpreadOver.kind, Dependency.kind,
        MoveCost.kind, GroupMoveCost.kind, HostMoveCost.kind,
    ]

    /// Scheduling rules: they constrain the plan's timing and add nothing to the placement.
    public static let schedulingKinds: Set<String> = [
        PowerBudget.kind, Precedence.kind, Deadline.kind, Sync.kind,
        NoDelay.kind, Seq.kind, Serialize.kind, SerializeReboots.kind, MaxConcurrentMigrations.kind,
    ]

    /// Soft ("should") rules: they cost in the objective instead of forbidding.
    public static let softKinds: Set<String> = [
        Affinity.kind, AntiAffinity.kind, SoftCapacity.kind, BalanceTarget.kind, MoveCost.kind, GroupMoveCost.kind, HostMoveCost.kind,
    ]
}

extension Constraint: Codable {
    private enum KindKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        let kind = try container.decode(String.self, forKey: .kind)
        func decode<T: PlacementRule>(_ type: T.Type, _ fields: [String]) throws -> T {
            try rejectUnknownKeys(decoder, allowed: fields + ["kind"], context: "a \(kind) constraint")
            return try T(from: decoder)
        }
        switch kind {
        case Ban.kind: self = .ban(try decode(Ban.self, ["id", "vms", "hosts", "continuous"]))
        case Fence.kind: self = .fence(try decode(Fence.self, ["id", "vms", "hosts", "continuous"]))
        case Spread.kind: self = .spread(try decode(Spread.self, ["id", "vms", "continuous"]))
        case Gather.kind: self = .gather(try decode(Gather.self, ["id", "vms", "continuous"]))
        case Among.kind: self = .among(try decode(Among.self, ["id", "vms", "groups", "continuous"]))
        case Lonely.kind: self = .lonely(try decode(Lonely.self, ["id", "vms", "continuous"]))
        case Root.kind: self = .root(try decode(Root.self, ["id", "vms"]))
        case Online.kind: self = .online(try decode(Online.self, ["id", "hosts"]))
        case Offline.kind: self = .offline(try decode(Offline.self, ["id", "hosts"]))
        case MaxOnline.kind: self = .maxOnline(try decode(MaxOnline.self, ["id", "hosts", "amount", "continuous"]))
        case Split.kind: self = .split(try decode(Split.self, ["id", "groups", "continuous"]))
        case SplitAmong.kind: self = .splitAmong(try decode(SplitAmong.self, ["id", "vmGroups", "hostGroups", "continuous"]))
        case Quarantine.kind: self = .quarantine(try decode(Quarantine.self, ["id", "hosts"]))
        case Preserve.kind: self = .preserve(try decode(Preserve.self, ["id", "vms", "resource", "amount"]))
        case Overbook.kind: self = .overbook(try decode(Overbook.self, ["id", "hosts", "resource", "ratio", "continuous"]))
        case ResourceCapacity.kind: self = .resourceCapacity(try decode(ResourceCapacity.self, ["id", "hosts", "resource", "amount", "continuous"]))
        case RunningCapacity.kind: self = .runningCapacity(try decode(RunningCapacity.self, ["id", "hosts", "amount", "continuous"]))
        case SingleResourceCapacity.kind:
            self = .singleResourceCapacity(try decode(SingleResourceCapacity.self, ["id", "hosts", "resource", "amount", "continuous"]))
        case Compatible.kind: self = .compatible(try decode(Compatible.self, ["id", "vms", "features"]))
        case Affinity.kind: self = .affinity(try decode(Affinity.self, ["id", "vms", "weight"]))
        case AntiAffinity.kind: self = .antiAffinity(try decode(AntiAffinity.self, ["id", "vms", "weight"]))
        case PowerBudget.kind: self = .powerBudget(try decode(PowerBudget.self, ["id", "watts"]))
        case Precedence.kind: self = .precedence(try decode(Precedence.self, ["id", "before", "after"]))
        case Deadline.kind: self = .deadline(try decode(Deadline.self, ["id", "vms", "seconds"]))
        case Sync.kind: self = .sync(try decode(Sync.self, ["id", "vms"]))
        case NoDelay.kind: self = .noDelay(try decode(NoDelay.self, ["id", "vms"]))
        case Seq.kind: self = .seq(try decode(Seq.self, ["id", "vms"]))
        case Serialize.kind: self = .serialize(try decode(Serialize.self, ["id", "vms"]))
        case SerializeReboots.kind: self = .serializeReboots(try decode(SerializeReboots.self, ["id", "hosts"]))
        case MaxConcurrentMigrations.kind:
            self = .maxConcurrentMigrations(try decode(MaxConcurrentMigrations.self, ["id", "hosts", "links", "amount"]))
        case SoftCapacity.kind: self = .softCapacity(try decode(SoftCapacity.self, ["id", "resource", "thresholds", "weight"]))
        case BalanceTarget.kind: self = .balanceTarget(try decode(BalanceTarget.self, ["id", "resource", "against", "target", "weight", "hosts"]))
        case TransientResource.kind: self = .transient(try decode(TransientResource.self, ["id", "resource", "vms"]))
        case SpreadOver.kind: self = .spreadOver(try decode(SpreadOver.self, ["id", "vms", "attribute", "minimum"]))
        case Dependency.kind: self = .dependency(try decode(Dependency.self, ["id", "vms", "on", "attribute"]))
        case MoveCost.kind: self = .moveCost(try decode(MoveCost.self, ["id", "costs", "weight"]))
        case GroupMoveCost.kind: self = .groupMoveCost(try decode(GroupMoveCost.self, ["id", "groups", "weight"]))
        case HostMoveCost.kind: self = .hostMoveCost(try decode(HostMoveCost.self, ["id", "costs", "weight", "vms"]))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown constraint kind '\(kind)'"
                    + suggestion(for: kind, among: ConstraintCatalog.kinds)
                    + " (known: \(ConstraintCatalog.kinds.joined(separator: ", ")))")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: KindKey.self)
        try container.encode(kind, forKey: .kind)
        try rule.encode(to: encoder)
    }
}
