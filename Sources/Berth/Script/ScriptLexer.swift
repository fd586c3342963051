/// Splits one line of a `.berth` script into tokens, remembering each token's column.
struct ScriptLexer {
    enum Kind: Equatable {
        /// An id, possibly with bracket ranges (`web-[1..3]`), a keyword, or a resource name.
        case name(String)
        case number(Double)
        case symbol(Character)
        /// `>>`: the discrete prefix of BtrPlace's btrpsl.
        case discrete
    }

    struct Token: Equatable {
        var kind: Kind
        var column: Int
    }

    static func tokens(_ line: String, lineNumber: Int, file: String?) throws(ScriptError) -> [Token] {
        let chars = Array(line)
        var tokens: [Token] = []
        var i = 0
        func fail(_ message: String, at column: Int) -> ScriptError {
            ScriptError(file: file, line: lineNumber, column: column, message: message)
        }
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." || c == "/" }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == ";" { i += 1; continue }
            if c == "#" || (c == "/" && i + 1 < chars.count && chars[i + 1] == "/") { break }
            let column = i + 1
            if c == ">" && i + 1 < chars.count && chars[i + 1] == ">" {
                tokens.append(Token(kind: .discrete, column: column))
                i += 2
                continue
            }
            if "(){}[],=@*:".contains(c) {
                tokens.append(Token(kind: .symbol(c), column: column))
                i += 1
                continue
            }
            guard isNameChar(c) else { throw fail("unexpected character '\(c)'", at: column) }
            var text = ""
            while i < chars.count {
                if isNameChar(chars[i]) {
                    text.append(chars[i])
                    i += 1
                } else if chars[i] == "[", !text.isEmpty, let close = chars[i...].firstIndex(of: "]"),
                    chars[(i + 1)..<close].allSatisfy({ $0.isNumber || $0 == "." || $0 == "," || $0 == " " }),
                    chars[(i + 1)..<close].contains(".")
                {
                    // A range glued to a name: web-[1..3], bc1-[01..15]
                    text += String(chars[i...close])
                    i = close + 1
                } else {
                    break
                }
            }
            let plain = text.replacingOccurrences(of: "_", with: "")
            if let value = Double(plain), text.first?.isNumber == true, !text.contains("[") {
                tokens.append(Token(kind: .number(value), column: column))
            } else {
                tokens.append(Token(kind: .name(text), column: column))
            }
        }
        return tokens
    }
}

import Foundation
