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
    case powerBudget(PowerBudget)
    case continuousMaxOnline(ContinuousMaxOnline)
    case precedence(Precedence)
    case deadline(Deadline)
    case sync(Sync)

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
        case .powerBudget(let c): c
        case .continuousMaxOnline(let c): c
        case .precedence(let c): c
        case .deadline(let c): c
        case .sync(let c): c
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
}

/// The catalog: JSON kind ↔ case. It drives decoding, encoding and the per-kind tests.
enum ConstraintCatalog {
    static let kinds: [String] = [
        Ban.kind, Fence.kind, Spread.kind, Gather.kind, Among.kind, Lonely.kind, Root.kind,
        Online.kind, Offline.kind, MaxOnline.kind,
        PowerBudget.kind, ContinuousMaxOnline.kind, Precedence.kind, Deadline.kind, Sync.kind,
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
        case Ban.kind: self = .ban(try decode(Ban.self, ["id", "vms", "hosts"]))
        case Fence.kind: self = .fence(try decode(Fence.self, ["id", "vms", "hosts"]))
        case Spread.kind: self = .spread(try decode(Spread.self, ["id", "vms"]))
        case Gather.kind: self = .gather(try decode(Gather.self, ["id", "vms"]))
        case Among.kind: self = .among(try decode(Among.self, ["id", "vms", "groups"]))
        case Lonely.kind: self = .lonely(try decode(Lonely.self, ["id", "vms"]))
        case Root.kind: self = .root(try decode(Root.self, ["id", "vms"]))
        case Online.kind: self = .online(try decode(Online.self, ["id", "hosts"]))
        case Offline.kind: self = .offline(try decode(Offline.self, ["id", "hosts"]))
        case MaxOnline.kind: self = .maxOnline(try decode(MaxOnline.self, ["id", "hosts", "amount"]))
        case PowerBudget.kind: self = .powerBudget(try decode(PowerBudget.self, ["id", "watts"]))
        case ContinuousMaxOnline.kind: self = .continuousMaxOnline(try decode(ContinuousMaxOnline.self, ["id", "hosts", "amount"]))
        case Precedence.kind: self = .precedence(try decode(Precedence.self, ["id", "before", "after"]))
        case Deadline.kind: self = .deadline(try decode(Deadline.self, ["id", "vms", "seconds"]))
        case Sync.kind: self = .sync(try decode(Sync.self, ["id", "vms"]))
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
