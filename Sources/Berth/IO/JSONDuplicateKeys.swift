import Foundation

/// Finds a key written twice in one JSON object. JSON decoders disagree on which copy wins
/// (Foundation keeps the first, jq and Python the last), so Berth refuses such input instead of
/// silently reading a value its author did not mean.
enum JSONDuplicateKeys {
    private enum Frame {
        /// `keys` indexes `keySets`, mutated in place (a set held in the enum would be copied at every insert).
        case object(keys: Int, key: [UInt8]?, expectingKey: Bool)
        case array(index: Int)
    }

    /// The JSON path (as `InputIssue` writes it) and the key of the first duplicate, or `nil`.
    /// Malformed JSON yields `nil`: the decoder reports it. Linear in the size of `data`.
    static func first(in data: Data) -> (path: String, key: String)? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in first(in: bytes) }
    }

    private static func first(in bytes: UnsafeRawBufferPointer) -> (path: String, key: String)? {
        var stack: [Frame] = []
        var keySets: [Set<[UInt8]>] = []
        var i = 0
        let end = bytes.count
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: "{"):
                keySets.append([])
                stack.append(.object(keys: keySets.count - 1, key: nil, expectingKey: true))
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if case .object? = stack.last { keySets.removeLast() }
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ":"):
                if case .object(let keys, let key, _)? = stack.last { stack[stack.count - 1] = .object(keys: keys, key: key, expectingKey: false) }
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let keys, let key, _)?: stack[stack.count - 1] = .object(keys: keys, key: key, expectingKey: true)
                case .array(let index)?: stack[stack.count - 1] = .array(index: index + 1)
                case nil: break
                }
            case UInt8(ascii: "\""):
                let open = i + 1
                var j = open
                while j < end, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                // Only keys are kept; string values are skipped without a copy.
                if case .object(let keys, _, true)? = stack.last {
                    let text = Array(bytes[open..<min(j, end)])
                    if !keySets[keys].insert(text).inserted {
                        return (path(stack, last: text), String(decoding: text, as: UTF8.self))
                    }
                    stack[stack.count - 1] = .object(keys: keys, key: text, expectingKey: false)
                }
                i = j
            default:
                break
            }
            i += 1
        }
        return nil
    }

    private static func path(_ stack: [Frame], last: [UInt8]) -> String {
        var path = ""
        for (depth, frame) in stack.enumerated() {
            switch frame {
            case .object(_, let key, _):
                let name = depth == stack.count - 1 ? last : (key ?? [])
                path += (path.isEmpty ? "" : ".") + String(decoding: name, as: UTF8.self)
            case .array(let index):
                path += "[\(index)]"
            }
        }
        return path
    }
}
