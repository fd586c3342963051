import Foundation

/// Health signals per host (format `berth-telemetry/1`):
/// `{"format": "berth-telemetry/1", "hosts": {"w2": {"temperatureC": 88, "correctedMemoryErrorsPerHour": 0, "smartWarnings": 0, "failedFans": 0}}}`.
public struct Telemetry: Hashable, Sendable, Codable {
    /// The JSON format of a telemetry file.
    public static let format = "berth-telemetry/1"

    /// One host's readings; absent readings are unknown and trigger nothing.
    public struct Reading: Hashable, Sendable, Codable {
        public var temperatureC: Double?
        public var correctedMemoryErrorsPerHour: Double?
        public var smartWarnings: Int?
        public var failedFans: Int?

        public init(temperatureC: Double? = nil, correctedMemoryErrorsPerHour: Double? = nil, smartWarnings: Int? = nil, failedFans: Int? = nil) {
            self.temperatureC = temperatureC
            self.correctedMemoryErrorsPerHour = correctedMemoryErrorsPerHour
            self.smartWarnings = smartWarnings
            self.failedFans = failedFans
        }
    }

    /// Always ``Telemetry/format``.
    public var format: String
    /// Readings per host id.
    public var hosts: [String: Reading]

    public init(hosts: [String: Reading]) {
        self.format = Self.format
        self.hosts = hosts
    }

    /// Reads a telemetry file; unreadable or malformed files are request errors.
    public static func load(path: String) throws(WorkflowError) -> Telemetry {
        guard let data = FileManager.default.contents(atPath: path) else { throw .invalid(path, "the file cannot be read") }
        let telemetry: Telemetry
        do { telemetry = try JSONDecoder().decode(Telemetry.self, from: data) } catch {
            throw .invalid(path, "not a telemetry file (\(Self.format)): \(error)")
        }
        guard telemetry.format == Self.format else { throw .invalid("\(path): format", "expected '\(Self.format)', got '\(telemetry.format)'") }
        return telemetry
    }
}

/// Limits at or above which a signal marks a host failing.
public struct HealthThresholds: Hashable, Sendable {
    public var temperatureC: Double = 85
    public var correctedMemoryErrorsPerHour: Double = 10
    public var smartWarnings: Int = 1
    public var failedFans: Int = 1

    public init() {}

    /// The signals of `reading` that cross a threshold, as sentences.
    public func triggers(_ reading: Telemetry.Reading) -> [String] {
        var fired: [String] = []
        if let t = reading.temperatureC, t >= temperatureC { fired.append("temperature \(format(t)) °C ≥ \(format(temperatureC)) °C") }
        if let e = reading.correctedMemoryErrorsPerHour, e >= correctedMemoryErrorsPerHour {
            fired.append("corrected memory errors \(format(e))/h ≥ \(format(correctedMemoryErrorsPerHour))/h")
        }
        if let s = reading.smartWarnings, s >= smartWarnings { fired.append("SMART warnings \(s) ≥ \(smartWarnings)") }
        if let f = reading.failedFans, f >= failedFans { fired.append("failed fans \(f) ≥ \(failedFans)") }
        return fired
    }
}
