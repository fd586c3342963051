import Foundation

/// Measured demand over time: samples of one VM's use of one resource.
///
/// CSV: a header `time,vm,resource,value` then one sample a line (time in seconds, any origin).
/// JSON: `{"samples": [{"time": 0, "vm": "web-1", "resource": "cpu", "value": 2.5}, …]}`.
public struct UtilizationHistory: Hashable, Sendable {
    /// One measurement: `value` of `resource` used by `vm` at `time` (seconds).
    public struct Sample: Hashable, Sendable, Codable {
        public var time: Double
        public var vm: String
        public var resource: String
        public var value: Double

        public init(time: Double, vm: String, resource: String, value: Double) {
            self.time = time
            self.vm = vm
            self.resource = resource
            self.value = value
        }
    }

    /// Every measurement, in file order.
    public var samples: [Sample]

    public init(samples: [Sample]) { self.samples = samples }

    /// Reads CSV (`.csv`) or JSON (anything else); malformed lines are request errors with their line number.
    public static func load(path: String) throws(WorkflowError) -> UtilizationHistory {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid(path, "the file cannot be read") }
        if path.hasSuffix(".csv") { return try parseCSV(String(decoding: data, as: UTF8.self), file: path) }
        struct File: Decodable { var samples: [Sample] }
        do { return UtilizationHistory(samples: try JSONDecoder().decode(File.self, from: data).samples) } catch {
            throw .invalid(path, "not a history file ({\"samples\": [{time, vm, resource, value}]}): \(error)")
        }
    }

    /// Parses the CSV form; each bad line is an issue at `file:line`.
    public static func parseCSV(_ text: String, file: String = "history") throws(WorkflowError) -> UtilizationHistory {
        var samples: [Sample] = []
        var issues: [InputIssue] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if number == 0 {
                if fields != ["time", "vm", "resource", "value"] {
                    issues.append(InputIssue(path: "\(file):1", message: "the header must be time,vm,resource,value"))
                }
                continue
            }
            guard fields.count == 4, let time = Double(fields[0]), let value = Double(fields[3]), value >= 0 else {
                issues.append(InputIssue(path: "\(file):\(number + 1)", message: "expected time,vm,resource,value with numbers, got '\(line)'"))
                continue
            }
            samples.append(Sample(time: time, vm: fields[1], resource: fields[2], value: value))
        }
        guard issues.isEmpty else { throw .invalidRequest(issues) }
        return UtilizationHistory(samples: samples)
    }

    /// The `percentile` (0–100, nearest rank) of each VM's samples per resource over the last
    /// `window` seconds before the newest sample.
    public func percentiles(_ percentile: Double, window: Double?) -> [String: [String: Double]] {
        let newest = samples.map(\.time).max() ?? 0
        var series: [String: [String: [Double]]] = [:]
        for s in samples where window.map({ s.time >= newest - $0 }) ?? true {
            series[s.vm, default: [:]][s.resource, default: []].append(s.value)
        }
        return series.mapValues { byResource in
            byResource.mapValues { values in
                let sorted = values.sorted()
                let rank = Int((percentile / 100 * Double(sorted.count)).rounded(.up))
                return sorted[min(max(rank, 1), sorted.count) - 1]
            }
        }
    }

    /// A copy of `instance` whose VM demands are the history's percentiles (resources and VMs
    /// without samples keep their nominal demand). Unknown VMs or resources are request errors.
    public func applied(to instance: Instance, percentile: Double, window: Double?) throws(WorkflowError) -> Instance {
        guard percentile > 0, percentile <= 100 else { throw .invalid("percentile", "must be in (0, 100]") }
        let known = Set(instance.cluster.vms.map(\.id)), resources = Set(instance.cluster.resources)
        let unknown = Set(samples.map(\.vm)).subtracting(known).sorted().map { InputIssue(path: "history", message: "unknown VM '\($0)'") }
            + Set(samples.map(\.resource)).subtracting(resources).sorted().map { InputIssue(path: "history", message: "unknown resource '\($0)'") }
        guard unknown.isEmpty else { throw .invalidRequest(unknown) }
        let levels = percentiles(percentile, window: window)
        var copy = instance
        for i in copy.cluster.vms.indices {
            for (resource, value) in (levels[copy.cluster.vms[i].id] ?? [:]).sorted(by: { $0.key < $1.key }) {
                copy.cluster.vms[i].demand[resource] = value
            }
        }
        return copy
    }

    /// The longest window or horizon accepted: ten years.
    public static let maximumWindowSeconds: Double = 3_650 * 86_400

    /// Parses `7d`, `12h`, `30m`, `90s` or plain seconds.
    public static func parseWindow(_ text: String) -> Double? {
        let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        let seconds: Double?
        if let last = text.last, let unit = units[last], let value = Double(text.dropLast()) {
            seconds = value * unit
        } else {
            seconds = Double(text)
        }
        // Positive and at most ten years: anything longer is a typo, and would overflow date arithmetic.
        guard let seconds, seconds > 0, seconds <= maximumWindowSeconds else { return nil }
        return seconds
    }
}
