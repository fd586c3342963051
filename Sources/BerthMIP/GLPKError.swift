import CGLPKShim

/// A failure of the GLPK backend, or a model or parameter it refused.
///
/// `function` names the GLPK routine (e.g. `glp_intopt`, `glp_load_matrix`),
/// or `validate`/`parameters` for input rejected before GLPK ran. `code` is
/// GLPK's return code (`GLP_E*`, positive) when a routine reported failure,
/// or one of the negative codes below.
public struct GLPKError: Error, Sendable, CustomStringConvertible {
    public var function: String
    public var code: Int32
    public var message: String

    /// GLPK hit a fatal error; its message is kept and the thread's GLPK environment rebuilt.
    public static let fault: Int32 = BERTH_GLPK_E_FAULT
    /// A GLPK routine reported failure without a `GLP_E*` code (e.g. glp_write_lp could not create the file).
    public static let failed: Int32 = BERTH_GLPK_E_FAILED
    /// The model or the parameters were rejected before solving.
    public static let invalidInput: Int32 = BERTH_GLPK_E_INVALID
    /// A solve was started from inside a callback of another solve on the same thread.
    public static let busy: Int32 = BERTH_GLPK_E_BUSY

    public init(function: String, code: Int32, message: String) {
        self.function = function
        self.code = code
        self.message = message
    }

    public var description: String {
        "GLPK \(function) failed (code \(code)): \(message)"
    }

    /// Turns a shim return code into a thrown error; the one place the
    /// shim's codes are interpreted.
    static func check(_ rc: Int32, function: String, glpkCode: Int32, message: String) throws(GLPKError) {
        guard rc != BERTH_GLPK_OK else { return }
        let code = rc == BERTH_GLPK_E_FAILED && glpkCode != 0 ? glpkCode : rc
        throw GLPKError(function: function.isEmpty ? "glpk" : function, code: code,
                        message: message.isEmpty ? "no message from GLPK" : message)
    }

    /// Splits the shim's "function: message" error text.
    static func fromText(_ rc: Int32, _ text: String, fallback: String) throws(GLPKError) {
        var function = fallback
        var message = text
        if text.hasPrefix("glp_") || text.hasPrefix("berth_glpk"), let colon = text.firstIndex(of: ":") {
            function = String(text[..<colon])
            message = String(text[text.index(after: colon)...].drop { $0 == " " })
        }
        try check(rc, function: function, glpkCode: 0, message: message)
    }
}

/// Reads a NUL-terminated C char array stored inline in a struct.
func string<T>(fromCArray tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
