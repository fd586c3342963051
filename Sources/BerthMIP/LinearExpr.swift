/// `coefficient · variable`.
public struct LinearTerm: Hashable, Sendable {
    public var variable: Variable
    public var coefficient: Double

    public init(variable: Variable, coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// An affine expression `Σ cᵢ·xᵢ + constant`.
///
/// Terms may repeat a variable; duplicates are merged when a model stores or
/// loads the expression. For long sums prefer ``add(_:_:)-(Double,Variable)`` and
/// ``sum(_:)-(S)`` over operator chains, which strain the type checker.
public struct LinearExpr: Sendable, Hashable {
    /// The terms, possibly with repeated variables.
    public var terms: [LinearTerm]
    public var constant: Double

    /// The zero expression.
    public init() {
        terms = []
        constant = 0
    }

    /// `1·v`.
    public init(_ v: Variable) {
        terms = [LinearTerm(variable: v, coefficient: 1)]
        constant = 0
    }

    /// A constant expression.
    public init(constant: Double) {
        terms = []
        self.constant = constant
    }

    /// Adds `coefficient · v` in place.
    public mutating func add(_ coefficient: Double, _ v: Variable) {
        terms.append(LinearTerm(variable: v, coefficient: coefficient))
    }

    /// Adds `factor · other` in place.
    public mutating func add(_ other: LinearExpr, scaledBy factor: Double = 1) {
        terms.reserveCapacity(terms.count + other.terms.count)
        if factor == 1 {
            terms.append(contentsOf: other.terms)
        } else {
            for t in other.terms {
                terms.append(LinearTerm(variable: t.variable, coefficient: t.coefficient * factor))
            }
        }
        constant += other.constant * factor
    }

    /// `Σ v` over the variables.
    public static func sum<S: Sequence>(_ vars: S) -> LinearExpr where S.Element == Variable {
        var e = LinearExpr()
        e.terms.reserveCapacity(vars.underestimatedCount)
        for v in vars { e.terms.append(LinearTerm(variable: v, coefficient: 1)) }
        return e
    }

    /// `Σ c·v` over the pairs.
    public static func sum<S: Sequence>(_ pairs: S) -> LinearExpr where S.Element == (Double, Variable) {
        var e = LinearExpr()
        e.terms.reserveCapacity(pairs.underestimatedCount)
        for (c, v) in pairs { e.terms.append(LinearTerm(variable: v, coefficient: c)) }
        return e
    }

    /// The expression's value at `values` (indexed by ``Variable/index``).
    public func value(in values: [Double]) -> Double {
        var s = constant
        for t in terms { s += t.coefficient * values[t.variable.index] }
        return s
    }

    /// Terms sorted by variable with duplicates summed and zeros dropped.
    /// Non-finite coefficients are kept so that validation can report them.
    func mergedTerms() -> [LinearTerm] {
        LinearExpr.merge(terms)
    }

    static func merge(_ terms: [LinearTerm]) -> [LinearTerm] {
        if terms.count < 2 { return terms.filter { $0.coefficient != 0 } }
        let sorted = terms.sorted { $0.variable.index < $1.variable.index }
        var out: [LinearTerm] = []
        out.reserveCapacity(sorted.count)
        for t in sorted {
            if let last = out.last, last.variable == t.variable {
                out[out.count - 1].coefficient += t.coefficient
            } else {
                out.append(t)
            }
        }
        out.removeAll { $0.coefficient == 0 }
        return out
    }
}

// MARK: - Arithmetic

extension LinearExpr {
    public static func + (lhs: LinearExpr, rhs: LinearExpr) -> LinearExpr {
        var e = lhs
        e.add(rhs)
        return e
    }

    public static func + (lhs: LinearExpr, rhs: Variable) -> LinearExpr {
        var e = lhs
        e.add(1, rhs)
        return e
    }

    public static func + (lhs: Variable, rhs: LinearExpr) -> LinearExpr {
        var e = rhs
        e.add(1, lhs)
        return e
    }

    public static func + (lhs: LinearExpr, rhs: Double) -> LinearExpr {
        var e = lhs
        e.constant += rhs
        return e
    }

    public static func + (lhs: Double, rhs: LinearExpr) -> LinearExpr {
        rhs + lhs
    }

    public static func - (lhs: LinearExpr, rhs: LinearExpr) -> LinearExpr {
        var e = lhs
        e.add(rhs, scaledBy: -1)
        return e
    }

    public static func - (lhs: LinearExpr, rhs: Variable) -> LinearExpr {
        var e = lhs
        e.add(-1, rhs)
        return e
    }

    public static func - (lhs: Variable, rhs: LinearExpr) -> LinearExpr {
        var e = LinearExpr(lhs)
        e.add(rhs, scaledBy: -1)
        return e
    }

    public static func - (lhs: LinearExpr, rhs: Double) -> LinearExpr {
        var e = lhs
        e.constant -= rhs
        return e
    }

    public static func - (lhs: Double, rhs: LinearExpr) -> LinearExpr {
        var e = LinearExpr(constant: lhs)
        e.add(rhs, scaledBy: -1)
        return e
    }

    public static prefix func - (e: LinearExpr) -> LinearExpr {
        var r = LinearExpr()
        r.add(e, scaledBy: -1)
        return r
    }

    public static func * (lhs: Double, rhs: LinearExpr) -> LinearExpr {
        var e = LinearExpr()
        e.add(rhs, scaledBy: lhs)
        return e
    }

    public static func * (lhs: LinearExpr, rhs: Double) -> LinearExpr {
        rhs * lhs
    }

    public static func += (lhs: inout LinearExpr, rhs: LinearExpr) {
        lhs.add(rhs)
    }

    public static func += (lhs: inout LinearExpr, rhs: Variable) {
        lhs.add(1, rhs)
    }

    public static func += (lhs: inout LinearExpr, rhs: Double) {
        lhs.constant += rhs
    }

    public static func -= (lhs: inout LinearExpr, rhs: LinearExpr) {
        lhs.add(rhs, scaledBy: -1)
    }

    public static func -= (lhs: inout LinearExpr, rhs: Variable) {
        lhs.add(-1, rhs)
    }

    public static func -= (lhs: inout LinearExpr, rhs: Double) {
        lhs.constant -= rhs
    }
}

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> LinearExpr {
        var e = LinearExpr(lhs)
        e.add(1, rhs)
        return e
    }

    public static func + (lhs: Variable, rhs: Double) -> LinearExpr {
        var e = LinearExpr(lhs)
        e.constant = rhs
        return e
    }

    public static func + (lhs: Double, rhs: Variable) -> LinearExpr {
        rhs + lhs
    }

    public static func - (lhs: Variable, rhs: Variable) -> LinearExpr {
        var e = LinearExpr(lhs)
        e.add(-1, rhs)
        return e
    }

    public static func - (lhs: Variable, rhs: Double) -> LinearExpr {
        var e = LinearExpr(lhs)
        e.constant = -rhs
        return e
    }

    public static func - (lhs: Double, rhs: Variable) -> LinearExpr {
        var e = LinearExpr(constant: lhs)
        e.add(-1, rhs)
        return e
    }

    public static prefix func - (v: Variable) -> LinearExpr {
        var e = LinearExpr()
        e.add(-1, v)
        return e
    }

    public static func * (lhs: Double, rhs: Variable) -> LinearExpr {
        var e = LinearExpr()
        e.add(lhs, rhs)
        return e
    }

    public static func * (lhs: Variable, rhs: Double) -> LinearExpr {
        rhs * lhs
    }
}
