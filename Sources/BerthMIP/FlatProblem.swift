import CGLPKShim

/// A validated model as the shim's flat, 0-based arrays.
///
/// Owns the memory behind `problem`'s pointers, so they stay valid for the
/// object's lifetime; used within one synchronous call.
final class FlatProblem {
    private(set) var problem = berth_glpk_problem()
    /// Integer variables whose rounded bounds hold no integer (the model is infeasible).
    private(set) var emptyIntegerDomains: [Int] = []

    private var intBuffers: [UnsafeMutableBufferPointer<Int32>] = []
    private var doubleBuffers: [UnsafeMutableBufferPointer<Double>] = []
    private var nameBuffers: [UnsafeMutableBufferPointer<UnsafePointer<CChar>?>] = []
    private var strings: [UnsafeMutableBufferPointer<CChar>] = []

    /// Rows whose largest coefficient lies within 2^±16 are passed as written (MiB capacities are).
    static let unscaledExponent = 16

    init(_ model: MIPModel, names: Bool) throws(GLPKError) {
        let n = model.variableCount
        let m = model.constraintCount
        let nnz = model.nonzeroCount
        guard n < Int32.max, m < Int32.max, nnz < Int32.max else {
            throw GLPKError(function: "load", code: GLPKError.invalidInput,
                            message: "model too large for GLPK (\(n) columns, \(m) rows, \(nnz) nonzeros)")
        }
        let kind = ints(n), colFlags = ints(n)
        let colLb = doubles(n), colUb = doubles(n), obj = doubles(n)
        for (j, v) in model.variables.enumerated() {
            switch v.kind {
            case .continuous: kind[j] = Int32(BERTH_GLPK_CONTINUOUS.rawValue)
            case .integer: kind[j] = Int32(BERTH_GLPK_INTEGER.rawValue)
            case .binary: kind[j] = Int32(BERTH_GLPK_BINARY.rawValue)
            }
            let (lb, ub) = Self.bounds(of: v)
            if v.kind != .continuous, let l = lb, let u = ub, l > u { emptyIntegerDomains.append(j) }
            colFlags[j] = (lb != nil ? BERTH_GLPK_HAS_LOWER : 0) | (ub != nil ? BERTH_GLPK_HAS_UPPER : 0)
            colLb[j] = lb ?? 0
            colUb[j] = ub ?? 0
        }
        for t in model.objective.mergedTerms() { obj[t.variable.index] += t.coefficient }

        // glp_write_lp writes nothing but a warning for a problem without rows,
        // so an LP file gets one always-true empty row ("0 x >= 0").
        let placeholderRow = names && m == 0
        let rowCount = placeholderRow ? 1 : m
        let rowFlags = ints(rowCount), rowLb = doubles(rowCount), rowUb = doubles(rowCount)
        if placeholderRow { rowFlags[0] = BERTH_GLPK_HAS_LOWER }
        let aRow = ints(nnz), aCol = ints(nnz), aVal = doubles(nnz)
        var k = 0
        for (i, r) in model.rows.enumerated() {
            // GLPK's feasibility tolerances are absolute on rows with zero bounds: a capacity row
            // in bytes (coefficients ~10¹⁰) carries rounding errors far above them, and GLPK then
            // prunes feasible nodes. Rows far from unit scale are divided by a power of two
            // (exact in floating point); LP files keep the model's own numbers.
            let largest = r.terms.reduce(0.0) { max($0, abs($1.coefficient)) }
            let scale = !names && largest.isNormal && abs(largest.exponent) > Self.unscaledExponent
                ? Double(sign: .plus, exponent: -largest.exponent, significand: 1) : 1
            let lb = effectiveLower(r.lower), ub = effectiveUpper(r.upper)
            rowFlags[i] = (lb != nil ? BERTH_GLPK_HAS_LOWER : 0) | (ub != nil ? BERTH_GLPK_HAS_UPPER : 0)
            rowLb[i] = (lb ?? 0) * scale
            rowUb[i] = (ub ?? 0) * scale
            for t in r.terms {
                aRow[k] = Int32(i)
                aCol[k] = Int32(t.variable.index)
                aVal[k] = t.coefficient * scale
                k += 1
            }
        }

        problem.ncols = Int32(n)
        problem.col_kind = UnsafePointer(kind.baseAddress)
        problem.col_flags = UnsafePointer(colFlags.baseAddress)
        problem.col_lb = UnsafePointer(colLb.baseAddress)
        problem.col_ub = UnsafePointer(colUb.baseAddress)
        problem.obj = UnsafePointer(obj.baseAddress)
        problem.obj_constant = model.objective.constant
        problem.maximize = model.sense == .maximize ? 1 : 0
        problem.nrows = Int32(rowCount)
        problem.row_flags = UnsafePointer(rowFlags.baseAddress)
        problem.row_lb = UnsafePointer(rowLb.baseAddress)
        problem.row_ub = UnsafePointer(rowUb.baseAddress)
        problem.nnz = Int32(k)
        problem.a_row = UnsafePointer(aRow.baseAddress)
        problem.a_col = UnsafePointer(aCol.baseAddress)
        problem.a_val = UnsafePointer(aVal.baseAddress)

        if names { setNames(model, rowCount: rowCount, placeholderRow: placeholderRow) }
    }

    /// A column's bounds as GLPK takes them: infinite ones dropped; on integer columns rounded
    /// inward, since glp_intopt refuses fractional bounds there (GLP_EBOUND); binaries within [0, 1].
    private static func bounds(of v: VariableDefinition) -> (Double?, Double?) {
        var lb = effectiveLower(v.lowerBound), ub = effectiveUpper(v.upperBound)
        guard v.kind != .continuous else { return (lb, ub) }
        // "+ 0" turns -0.0 into 0.0, which LP files would print as "-0".
        lb = lb.map { ($0 - 1e-9).rounded(.up) + 0 }
        ub = ub.map { ($0 + 1e-9).rounded(.down) + 0 }
        if v.kind == .binary {
            lb = max(lb ?? 0, 0)
            ub = min(ub ?? 1, 1)
        }
        return (lb, ub)
    }

    /// Column and row names for LP files, made unique and LP-safe.
    private func setNames(_ model: MIPModel, rowCount: Int, placeholderRow: Bool) {
        var lpNames = LPNames()
        problem.name = cString(lpNames.problemName(model.name))
        let cols = nameArray(model.variableCount), rows = nameArray(rowCount)
        if placeholderRow { rows[0] = cString(lpNames.unique("no_rows", fallback: "r_1")) }
        for (j, v) in model.variables.enumerated() {
            cols[j] = cString(lpNames.unique(v.name, fallback: "x_\(j + 1)"))
        }
        for (i, r) in model.rows.enumerated() {
            rows[i] = cString(lpNames.unique(r.name, fallback: "r_\(i + 1)"))
        }
        problem.col_names = UnsafePointer(cols.baseAddress)
        problem.row_names = UnsafePointer(rows.baseAddress)
    }

    deinit {
        for b in intBuffers { b.deallocate() }
        for b in doubleBuffers { b.deallocate() }
        for b in nameBuffers { b.deallocate() }
        for b in strings { b.deallocate() }
    }

    // Buffers hold at least one element so that base addresses are never nil.
    private func ints(_ count: Int) -> UnsafeMutableBufferPointer<Int32> {
        let b = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(count, 1))
        b.initialize(repeating: 0)
        intBuffers.append(b)
        return b
    }

    private func doubles(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
        let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(count, 1))
        b.initialize(repeating: 0)
        doubleBuffers.append(b)
        return b
    }

    private func nameArray(_ count: Int) -> UnsafeMutableBufferPointer<UnsafePointer<CChar>?> {
        let b = UnsafeMutableBufferPointer<UnsafePointer<CChar>?>.allocate(capacity: max(count, 1))
        b.initialize(repeating: nil)
        nameBuffers.append(b)
        return b
    }

    private func cString(_ s: String) -> UnsafePointer<CChar> {
        let utf8 = s.utf8CString
        let b = UnsafeMutableBufferPointer<CChar>.allocate(capacity: utf8.count)
        _ = b.initialize(from: utf8)
        strings.append(b)
        return UnsafePointer(b.baseAddress!)
    }
}
