/// A decision variable: an index into ``MIPModel/variables``.
///
/// Variables are only meaningful for the model that created them.
public struct Variable: Hashable, Sendable, Comparable {
    /// Position in ``MIPModel/variables`` (0-based).
    public let index: Int

    /// Makes a handle for an existing variable index; ``MIPModel/addVariable(_:kind:lowerBound:upperBound:)``
    /// is the usual way to get one.
    public init(index: Int) {
        self.index = index
    }

    public static func < (lhs: Variable, rhs: Variable) -> Bool {
        lhs.index < rhs.index
    }
}

/// The domain of a variable.
public enum VariableKind: String, Sendable, Codable {
    /// Any real value within the bounds.
    case continuous
    /// Any integer within the bounds.
    case integer
    /// 0 or 1 (bounds are forced into [0, 1]).
    case binary
}

/// A variable as stored in a model. A `nil` bound means "no bound".
public struct VariableDefinition: Sendable, Hashable {
    /// Name used in LP files and messages; may be empty.
    public var name: String
    public var kind: VariableKind
    /// `nil` = unbounded below (`-.infinity` is accepted too).
    public var lowerBound: Double?
    /// `nil` = unbounded above (`.infinity` is accepted too).
    public var upperBound: Double?

    public init(name: String, kind: VariableKind, lowerBound: Double?, upperBound: Double?) {
        self.name = name
        self.kind = kind
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }
}
