/// `lower ≤ expr ≤ upper`; a `nil` side is absent. Build one with the
/// comparison operators (`x + y <= 4`, `expr >= other`, `e == 1`).
public struct LinearConstraint: Sendable {
    public var expr: LinearExpr
    public var lower: Double?
    public var upper: Double?

    public init(expr: LinearExpr, lower: Double?, upper: Double?) {
        self.expr = expr
        self.lower = lower
        self.upper = upper
    }

    /// Moves the expression's constant into the bounds.
    fileprivate static func make(_ e: LinearExpr, lower: Double?, upper: Double?) -> LinearConstraint {
        var terms = e
        let c = terms.constant
        terms.constant = 0
        return LinearConstraint(expr: terms, lower: lower.map { $0 - c }, upper: upper.map { $0 - c })
    }
}

/// Identifies a row of a ``MIPModel``.
public struct RowID: Hashable, Sendable {
    /// Position in ``MIPModel/rows`` (0-based).
    public let index: Int

    public init(index: Int) {
        self.index = index
    }
}

/// A row as stored in a model: merged terms (sorted by variable, no zeros) and bounds.
public struct RowDefinition: Sendable {
    public var name: String
    public var terms: [LinearTerm]
    public var lower: Double?
    public var upper: Double?

    public init(name: String, terms: [LinearTerm], lower: Double?, upper: Double?) {
        self.name = name
        self.terms = terms
        self.lower = lower
        self.upper = upper
    }
}

// Comparisons between two expressions move the right side to the left.
// `Variable <= Variable` and `LinearExpr == LinearExpr` are deliberately absent:
// they already mean `Comparable`/`Equatable` (write `LinearExpr(x) <= y`, `a - b == 0`).

public func <= (lhs: LinearExpr, rhs: Double) -> LinearConstraint {
    .make(lhs, lower: nil, upper: rhs)
}

public func >= (lhs: LinearExpr, rhs: Double) -> LinearConstraint {
    .make(lhs, lower: rhs, upper: nil)
}

public func == (lhs: LinearExpr, rhs: Double) -> LinearConstraint {
    .make(lhs, lower: rhs, upper: rhs)
}

public func <= (lhs: Double, rhs: LinearExpr) -> LinearConstraint {
    rhs >= lhs
}

public func >= (lhs: Double, rhs: LinearExpr) -> LinearConstraint {
    rhs <= lhs
}

public func <= (lhs: LinearExpr, rhs: LinearExpr) -> LinearConstraint {
    (lhs - rhs) <= 0
}

public func >= (lhs: LinearExpr, rhs: LinearExpr) -> LinearConstraint {
    (lhs - rhs) >= 0
}

public func <= (lhs: LinearExpr, rhs: Variable) -> LinearConstraint {
    (lhs - rhs) <= 0
}

public func >= (lhs: LinearExpr, rhs: Variable) -> LinearConstraint {
    (lhs - rhs) >= 0
}

public func == (lhs: LinearExpr, rhs: Variable) -> LinearConstraint {
    (lhs - rhs) == 0
}

public func <= (lhs: Variable, rhs: LinearExpr) -> LinearConstraint {
    (lhs - rhs) <= 0
}

public func >= (lhs: Variable, rhs: LinearExpr) -> LinearConstraint {
    (lhs - rhs) >= 0
}

public func == (lhs: Variable, rhs: LinearExpr) -> LinearConstraint {
    (lhs - rhs) == 0
}

public func <= (lhs: Variable, rhs: Double) -> LinearConstraint {
    LinearExpr(lhs) <= rhs
}

public func >= (lhs: Variable, rhs: Double) -> LinearConstraint {
    LinearExpr(lhs) >= rhs
}

public func == (lhs: Variable, rhs: Double) -> LinearConstraint {
    LinearExpr(lhs) == rhs
}
