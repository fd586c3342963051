import Foundation

/// Finds a key written twice in one JSON object. JSON decoders disagree on which copy wins
/// (Foundation keeps the first, jq and Python the last), so Berth refuses such input instead of
/// silently reading a value its author did not mean.
enum JSONDuplicateKeys {
    private enum Frame {
        /// The object's keys are `keys[firstKey...]` (byte ranges into the input); past
        /// `linearKeys` of them, `indexes[firstKey]` also holds them by hash.
        case object(firstKey: Int, key: Range<Int>?, expectingKey: Bool)
        case array(index: Int)
    }

    /// Objects with more keys than this index them by hash; smaller ones compare bytes directly,
    /// which allocates nothing (most JSON objects have a handful of keys).
    private static let linearKeys = 16

    /// The JSON path (as `InputIssue` writes it) and the key of the first duplicate, or `nil`.
    /// Malformed JSON yields `nil`: the decoder reports it. Linear in the size of `data`.
    static func first(in data: Data) -> (path: String, key: String)? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in first(in: bytes) }
    }

    private static func first(in bytes: UnsafeRawBufferPointer) -> (path: String, key: String)? {
        var stack: [Frame] = []
        // Keys of the open objects, innermost last; hash indexes of the large ones, by first key.
        var keys: [Range<Int>] = []
        var indexes: [Int: [Int: [Range<Int>]]] = [:]
        func same(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            a.count == b.count && (a.count == 0 || memcmp(bytes.baseAddress! + a.lowerBound, bytes.baseAddress! + b.lowerBound, a.count) == 0)
        }
        func hash(_ r: Range<Int>) -> Int {
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[r]))
            return hasher.finalize()
        }
        var i = 0
        let end = bytes.count
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: "{"):
                stack.append(.object(firstKey: keys.count, key: nil, expectingKey: true))
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if case .object(let firstKey, _, _)? = stack.last {
                    keys.removeSubrange(firstKey...)
                    indexes[firstKey] = nil
                }
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ":"):
                if case .object(let firstKey, let key, _)? = stack.last { stack[stack.count - 1] = .object(firstKey: firstKey, key: key, expectingKey: false) }
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let firstKey, let key, _)?: stack[stack.count - 1] = .object(firstKey: firstKey, key: key, expectingKey: true)
                case .array(let index)?: stack[stack.count - 1] = .array(index: index + 1)
                case nil: break
                }
            case UInt8(ascii: "\""):
                let open = i + 1
                var j = open
                while j < end, bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                // Only keys are kept (as byte ranges); string values are skipped.
                if case .object(let firstKey, _, true)? = stack.last {
                    let text = open..<min(j, end)
                    let count = keys.count - firstKey
                    var duplicate = false
                    if count < linearKeys {
                        duplicate = keys[firstKey...].contains { same($0, text) }
                    } else {
                        if indexes[firstKey] == nil {
                            var index: [Int: [Range<Int>]] = [:]
                            for key in keys[firstKey...] { index[hash(key), default: []].append(key) }
                            indexes[firstKey] = index
                        }
                        let h = hash(text)
                        duplicate = indexes[firstKey]![h]?.contains { same($0, text) } ?? false
                        indexes[firstKey]![h, default: []].append(text)
                    }
                    if duplicate {
                        let name = Array(bytes[text])
                        return (path(stack, last: name, bytes: bytes), String(decoding: name, as: UTF8.self))
                    }
                    keys.append(text)
                    stack[stack.count - 1] = .object(firstKey: firstKey, key: text, expectingKey: false)
                }
                i = j
            default:
                break
            }
            i += 1
        }
        return nil
    }

    private static func path(_ stack: [Frame], last: [UInt8], bytes: UnsafeRawBufferPointer) -> String {
        var path = ""
        for (depth, frame) in stack.enumerated() {
            switch frame {
            case .object(_, let key, _):
                let name = depth == stack.count - 1 ? last : key.map { Array(bytes[$0]) } ?? []
                path += (path.isEmpty ? "" : ".") + String(decoding: name, as: UTF8.self)
            case .array(let index):
                path += "[\(index)]"
            }
        }
        return path
    }
}
