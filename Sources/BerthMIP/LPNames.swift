import CGLPKShim

/// Names that survive GLPK's CPLEX LP writer unchanged and stay distinct.
///
/// glp_write_lp rewrites ' ', '-', '[' and ']' and falls back to r_N / x_N
/// for names it deems invalid, so two model names could land on one LP name.
/// Rewriting them here first, then de-duplicating, keeps the file faithful.
struct LPNames {
    private var used: Set<String> = []

    /// Characters CPLEX LP allows besides letters and digits (GLPK's list).
    private static let extra = Set("!\"#$%&()/,.;?@_`'{}|~")
    /// Words an LP reader could take for a keyword or a number.
    private static let reserved: Set<String> = [
        "obj", "st", "s.t.", "subject", "such", "bounds", "bound", "free", "inf", "infinity",
        "general", "generals", "integer", "integers", "binary", "binaries", "end", "minimize",
        "maximize", "minimum", "maximum", "min", "max",
    ]

    func problemName(_ name: String) -> String {
        let s = Self.clean(name)
        return s.isEmpty ? "berth" : s
    }

    /// A cleaned, unique LP name for `name` (or `fallback` when empty).
    mutating func unique(_ name: String, fallback: String) -> String {
        var base = Self.clean(name)
        if base.isEmpty { base = fallback }
        // "e12" could read as an exponent after a coefficient.
        let exponentLike = (base.first == "e" || base.first == "E") && base.count > 1
            && base.dropFirst().allSatisfy(\.isNumber)
        if exponentLike || Self.reserved.contains(base.lowercased()) { base = "_" + base }
        var candidate = base
        var k = 1
        while used.contains(candidate) {
            k += 1
            candidate = "\(base)~\(k)"
        }
        used.insert(candidate)
        return candidate
    }

    private static func clean(_ name: String) -> String {
        var out = ""
        for ch in name {
            switch ch {
            case "[": out.append("(")
            case "]": out.append(")")
            case "-": out.append("~")
            default:
                if ch.isASCII && (ch.isLetter || ch.isNumber || extra.contains(ch)) {
                    out.append(ch)
                } else {
                    out.append("_")
                }
            }
        }
        // Digits and '.' cannot start a name; '~' would risk GLPK's own "~r_N" range columns.
        if let f = out.first, f.isNumber || f == "." || f == "~" { out = "_" + out }
        // GLPK limits names to 255 bytes; leave room for a "~k" suffix.
        if out.utf8.count > 240 { out = String(out.prefix(240)) }
        return out
    }
}

extension MIPModel {
    /// Writes the model in CPLEX LP format (glp_write_lp), readable by
    /// glpsol, HiGHS and CBC. Names are rewritten to LP-safe, distinct forms.
    /// As GLPK writes it, the objective constant appears only as a comment and
    /// free rows are omitted.
    public func writeLP(to path: String) throws(GLPKError) {
        do {
            try validate()
        } catch {
            throw GLPKError(function: "validate", code: GLPKError.invalidInput, message: error.description)
        }
        guard variableCount > 0 else {
            throw GLPKError(function: "glp_write_lp", code: GLPKError.invalidInput,
                            message: "a model without variables cannot be written")
        }
        let flat = try FlatProblem(self, names: true)
        var err = [CChar](repeating: 0, count: 640)
        let rc = withExtendedLifetime(flat) {
            withUnsafePointer(to: flat.problem) { p in
                err.withUnsafeMutableBufferPointer { berth_glpk_write_lp(p, path, $0.baseAddress, $0.count) }
            }
        }
        let text = err.withUnsafeBufferPointer { buf in
            String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        try GLPKError.fromText(rc, text, fallback: "glp_write_lp")
    }
}
