/// Whether the objective is minimised or maximised.
public enum ObjectiveSense: String, Sendable, Codable {
    case minimize, maximize
}

/// A linear or mixed-integer program, built as a value and handed to a solver.
///
/// The model holds no solver state, so it can be built on one task and
/// solved on another thread. Rows store merged terms (sorted, no zeros) with
/// the expression's constant moved into the bounds.
public struct MIPModel: Sendable {
    /// Problem name, written to LP files.
    public var name: String
    public private(set) var variables: [VariableDefinition] = []
    public private(set) var rows: [RowDefinition] = []
    public var sense: ObjectiveSense = .minimize
    /// The objective; its constant is included in reported objective values and bounds.
    public var objective = LinearExpr()

    public init(name: String = "berth") {
        self.name = name
    }

    /// Adds a variable. `.binary` forces bounds [0, 1]; a `nil` bound means none.
    @discardableResult
    public mutating func addVariable(
        _ name: String, kind: VariableKind = .continuous, lowerBound: Double? = 0, upperBound: Double? = nil
    ) -> Variable {
        let binary = kind == .binary
        variables.append(VariableDefinition(
            name: name, kind: kind,
            lowerBound: binary ? 0 : lowerBound, upperBound: binary ? 1 : upperBound))
        return Variable(index: variables.count - 1)
    }

    /// Adds a row. Duplicate terms are merged and the expression's constant
    /// is moved into the bounds.
    @discardableResult
    public mutating func addConstraint(_ c: LinearConstraint, name: String) -> RowID {
        let k = c.expr.constant
        rows.append(RowDefinition(
            name: name, terms: c.expr.mergedTerms(),
            lower: c.lower.map { $0 - k }, upper: c.upper.map { $0 - k }))
        return RowID(index: rows.count - 1)
    }

    /// Replaces a variable's bounds (`nil` = none). For binaries the bounds
    /// must stay within [0, 1] (``validate()`` checks).
    public mutating func setBounds(_ v: Variable, lower: Double?, upper: Double?) {
        variables[v.index].lowerBound = lower
        variables[v.index].upperBound = upper
    }

    /// Fixes a variable: both bounds become `value`.
    public mutating func fix(_ v: Variable, to value: Double) {
        setBounds(v, lower: value, upper: value)
    }

    public mutating func minimize(_ e: LinearExpr) {
        sense = .minimize
        objective = e
    }

    public mutating func maximize(_ e: LinearExpr) {
        sense = .maximize
        objective = e
    }

    /// The LP relaxation: every integer and binary column continuous within its bounds.
    public func relaxation() -> MIPModel {
        var copy = self
        for i in copy.variables.indices where copy.variables[i].kind != .continuous {
            copy.variables[i].kind = .continuous
        }
        return copy
    }

    public var variableCount: Int { variables.count }
    public var constraintCount: Int { rows.count }
    /// Stored matrix entries (rows only, after merging).
    public var nonzeroCount: Int { rows.reduce(0) { $0 + $1.terms.count } }

    /// The objective (constant included) at `values`.
    public func objectiveValue(_ values: [Double]) -> Double {
        objective.value(in: values)
    }
}

/// Everything wrong with a model, found in one pass.
public struct MIPModelError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        let shown = problems.prefix(20).joined(separator: "; ")
        let more = problems.count > 20 ? "; and \(problems.count - 20) more" : ""
        return "invalid model (\(problems.count) problem\(problems.count == 1 ? "" : "s")): \(shown)\(more)"
    }
}

// MARK: - Bounds and labels

/// `nil` and `-∞` both mean "no lower bound".
func effectiveLower(_ b: Double?) -> Double? {
    guard let b, b != -.infinity else { return nil }
    return b
}

/// `nil` and `+∞` both mean "no upper bound".
func effectiveUpper(_ b: Double?) -> Double? {
    guard let b, b != .infinity else { return nil }
    return b
}

/// Integers print without ".0" so messages read "violated by 2".
func formatNumber(_ x: Double) -> String {
    if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

extension MIPModel {
    func variableLabel(_ j: Int) -> String {
        guard j >= 0, j < variables.count else { return "variable #\(j)" }
        let n = variables[j].name
        return n.isEmpty ? "variable #\(j)" : "variable \(n)"
    }

    func rowLabel(_ i: Int) -> String {
        let n = rows[i].name
        return n.isEmpty ? "row #\(i)" : "row \(n)"
    }
}

// MARK: - Validation

extension MIPModel {
    /// Checks the whole model and reports every problem at once: non-finite
    /// coefficients or bounds, inverted bounds, out-of-range variables, and
    /// binary bounds outside [0, 1]. Empty names are fine.
    public func validate() throws(MIPModelError) {
        var problems: [String] = []
        for (j, v) in variables.enumerated() {
            let label = variableLabel(j)
            checkBounds(v.lowerBound, v.upperBound, label, into: &problems)
            if v.kind == .binary {
                if let lb = effectiveLower(v.lowerBound), lb.isFinite, lb < 0 || lb > 1 {
                    problems.append("\(label): binary lower bound \(formatNumber(lb)) outside [0, 1]")
                }
                if let ub = effectiveUpper(v.upperBound), ub.isFinite, ub < 0 || ub > 1 {
                    problems.append("\(label): binary upper bound \(formatNumber(ub)) outside [0, 1]")
                }
            }
        }
        if !objective.constant.isFinite {
            problems.append("objective: constant \(objective.constant) is not finite")
        }
        checkTerms(objective.terms, "objective", into: &problems)
        for (i, r) in rows.enumerated() {
            let label = rowLabel(i)
            checkTerms(r.terms, label, into: &problems)
            checkBounds(r.lower, r.upper, label, into: &problems)
        }
        if !problems.isEmpty { throw MIPModelError(problems: problems) }
    }

    private func checkBounds(_ lower: Double?, _ upper: Double?, _ label: String, into problems: inout [String]) {
        var ok = true
        if let lb = lower, lb.isNaN || lb == .infinity {
            problems.append("\(label): lower bound \(lb) is not finite")
            ok = false
        }
        if let ub = upper, ub.isNaN || ub == -.infinity {
            problems.append("\(label): upper bound \(ub) is not finite")
            ok = false
        }
        if ok, let lb = effectiveLower(lower), let ub = effectiveUpper(upper), lb > ub {
            problems.append("\(label): lower bound \(formatNumber(lb)) exceeds upper bound \(formatNumber(ub))")
        }
    }

    private func checkTerms(_ terms: [LinearTerm], _ label: String, into problems: inout [String]) {
        for t in terms {
            let j = t.variable.index
            if j < 0 || j >= variables.count {
                problems.append("\(label): variable index \(j) out of range (model has \(variables.count) variables)")
            } else if !t.coefficient.isFinite {
                problems.append("\(label): coefficient \(t.coefficient) of \(variableLabel(j)) is not finite")
            }
        }
    }
}

// MARK: - Checking points

extension MIPModel {
    /// What is wrong with `values` as a solution: bounds, integrality and
    /// rows, each named. Empty when the point is feasible within `tolerance`
    /// (absolute, scaled by the bound's magnitude when that exceeds 1).
    public func violations(of values: [Double], tolerance: Double = 1e-6) -> [String] {
        guard values.count == variables.count else {
            return ["expected \(variables.count) values, got \(values.count)"]
        }
        func slack(_ b: Double) -> Double { tolerance * max(1, abs(b)) }
        var out: [String] = []
        for (j, v) in variables.enumerated() {
            let x = values[j]
            guard x.isFinite else {
                out.append("\(variableLabel(j)) = \(x) is not finite")
                continue
            }
            if let lb = effectiveLower(v.lowerBound), x < lb - slack(lb) {
                out.append("\(variableLabel(j)) = \(formatNumber(x)) below its lower bound \(formatNumber(lb)) by \(formatNumber(lb - x))")
            }
            if let ub = effectiveUpper(v.upperBound), x > ub + slack(ub) {
                out.append("\(variableLabel(j)) = \(formatNumber(x)) above its upper bound \(formatNumber(ub)) by \(formatNumber(x - ub))")
            }
            if v.kind != .continuous, abs(x - x.rounded()) > tolerance {
                out.append("\(variableLabel(j)) = \(formatNumber(x)) is not integral")
            }
        }
        for (i, r) in rows.enumerated() {
            var a = 0.0
            for t in r.terms where t.variable.index >= 0 && t.variable.index < values.count {
                a += t.coefficient * values[t.variable.index]
            }
            if let lb = effectiveLower(r.lower), !(a >= lb - slack(lb)) {
                out.append("\(rowLabel(i)) violated by \(formatNumber(lb - a)) (activity \(formatNumber(a)) < lower bound \(formatNumber(lb)))")
            }
            if let ub = effectiveUpper(r.upper), !(a <= ub + slack(ub)) {
                out.append("\(rowLabel(i)) violated by \(formatNumber(a - ub)) (activity \(formatNumber(a)) > upper bound \(formatNumber(ub)))")
            }
        }
        return out
    }

    /// `values` with integer and binary columns rounded to exact integers
    /// (glp_ios_heur_sol rejects 0.9999999) and clamped into their bounds.
    func roundedToDomains(_ values: [Double]) -> [Double] {
        var x = values
        for (j, v) in variables.enumerated() where v.kind != .continuous {
            x[j] = x[j].rounded()
            if let lb = effectiveLower(v.lowerBound) { x[j] = max(x[j], lb.rounded(.up)) }
            if let ub = effectiveUpper(v.upperBound) { x[j] = min(x[j], ub.rounded(.down)) }
        }
        return x
    }
}
