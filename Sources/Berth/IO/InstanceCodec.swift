import Foundation

/// Reads and writes instances and placements as JSON, and refuses bad input with precise issues.
public enum InstanceCodec {
    /// Decodes and validates an instance.
    public static func decodeInstance(_ data: Data, file: String? = nil) throws(InputError) -> Instance {
        let instance: Instance = try decode(Instance.self, data, file: file)
        let issues = InstanceValidation.issues(in: instance)
        guard issues.isEmpty else { throw InputError(file: file, issues: issues) }
        return instance
    }

    /// Reads, decodes and validates an instance file.
    public static func loadInstance(path: String) throws(InputError) -> Instance {
        try decodeInstance(try read(path), file: path)
    }

    /// Decodes a placement and checks that it names only known VMs and hosts.
    public static func decodePlacement(_ data: Data, for cluster: Cluster, file: String? = nil) throws(InputError) -> Placement {
        let placement: Placement = try decode(Placement.self, data, file: file)
        let hostIDs = Set(cluster.hosts.map(\.id)), vmIDs = Set(cluster.vms.map(\.id))
        var issues: [InputIssue] = []
        for (vm, host) in placement.vmHosts.sorted(by: { $0.key < $1.key }) {
            if !vmIDs.contains(vm) {
                issues.append(InputIssue(path: "vms.\(vm)", message: "unknown VM '\(vm)'" + suggestion(for: vm, among: Array(vmIDs).sorted())))
            }
            if !hostIDs.contains(host) {
                issues.append(InputIssue(path: "vms.\(vm)", message: "unknown host '\(host)'" + suggestion(for: host, among: Array(hostIDs).sorted())))
            }
        }
        for host in placement.onlineHosts.sorted() where !hostIDs.contains(host) {
            issues.append(InputIssue(path: "onlineHosts", message: "unknown host '\(host)'" + suggestion(for: host, among: Array(hostIDs).sorted())))
        }
        guard issues.isEmpty else { throw InputError(file: file, issues: issues) }
        return placement
    }

    public static func loadPlacement(path: String, for cluster: Cluster) throws(InputError) -> Placement {
        try decodePlacement(try read(path), for: cluster, file: path)
    }

    /// Pretty JSON with sorted keys: the same value always gives the same bytes.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func read(_ path: String) throws(InputError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw InputError(file: path, issues: [InputIssue(path: "(file)", message: "the file \(reason)")])
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, file: String?) throws(InputError) -> T {
        if let duplicate = JSONDuplicateKeys.first(in: data) {
            throw InputError(file: file, issues: [InputIssue(
                path: duplicate.path, message: "the key '\(duplicate.key)' appears twice in the same object; keep one")])
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw InputError(file: file, issues: [issue(from: error)])
        } catch {
            throw InputError(file: file, issues: [InputIssue(path: "(top level)", message: "\(error)")])
        }
    }

    static func issue(from error: DecodingError) -> InputIssue {
        switch error {
        case .typeMismatch(let type, let context):
            return InputIssue(path: jsonPath(context.codingPath), message: "expected \(describe(type)); \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return InputIssue(path: jsonPath(context.codingPath), message: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return InputIssue(path: jsonPath(context.codingPath + [key]), message: "required field '\(key.stringValue)' is missing")
        case .dataCorrupted(let context):
            var message = context.debugDescription
            if let underlying = context.underlyingError as NSError?,
                let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String
            {
                message += ": \(detail)"
            }
            return InputIssue(path: jsonPath(context.codingPath), message: message)
        @unknown default:
            return InputIssue(path: "(top level)", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        default: "\(type)"
        }
    }
}
