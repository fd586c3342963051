import Synchronization

/// One progress report of a running request: where it is, how long it has run against its limit,
/// and what the search holds so far.
public struct SolveProgress: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The steps every request goes through (a solve stops at `placed`).
    public enum Phase: String, Hashable, Sendable, Codable, CaseIterable {
        /// Reading the request and building the problem.
        case preparing
        /// Packing heuristics and local search.
        case heuristics
        /// Independent sub-problems solved apart.
        case partitions
        /// GLPK's branch and cut: `incumbent`, `bound` and `gap` move.
        case mip
        /// Nothing fits: finding the conflicting rules.
        case explaining
        /// A checked placement exists.
        case placed
        /// Ordering the migrations, boots and shutdowns.
        case scheduling
        /// Simulating and checking the plan.
        case simulating
        /// The answer is ready.
        case done
    }

    public var phase: Phase
    /// Time since the request started.
    public var elapsed: Duration
    /// The request's time limit, when it has one: `elapsed / timeLimit` is the fraction a progress bar shows.
    public var timeLimit: Duration?
    /// The best placement's objective so far (the MIP's scale).
    public var incumbent: Double?
    /// The proven bound on the objective so far.
    public var bound: Double?
    /// Relative gap between incumbent and bound.
    public var gap: Double?
    /// The step in words.
    public var detail: String?

    public init(phase: Phase, elapsed: Duration, timeLimit: Duration? = nil, incumbent: Double? = nil,
                bound: Double? = nil, gap: Double? = nil, detail: String? = nil) {
        self.phase = phase
        self.elapsed = elapsed
        self.timeLimit = timeLimit
        self.incumbent = incumbent
        self.bound = bound
        self.gap = gap
        self.detail = detail
    }

    /// Share of the time limit used, in [0, 1] (`nil` without a limit); 1 once done.
    public var fraction: Double? {
        if phase == .done { return 1 }
        guard let timeLimit, timeLimit > .zero else { return nil }
        return min(1, max(0, elapsed.inSeconds / timeLimit.inSeconds))
    }

    // JSON (berth serve's jobs and events): seconds rather than `Duration`'s pair, the fraction
    // beside them, and no number JSON cannot write (a bound not yet finite is left out).
    enum CodingKeys: String, CodingKey { case phase, elapsedSeconds, timeLimitSeconds, fraction, incumbent, bound, gap, detail }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decode(Phase.self, forKey: .phase)
        elapsed = .seconds(try c.decode(Double.self, forKey: .elapsedSeconds))
        timeLimit = try c.decodeIfPresent(Double.self, forKey: .timeLimitSeconds).map { .seconds($0) }
        incumbent = try c.decodeIfPresent(Double.self, forKey: .incumbent)
        bound = try c.decodeIfPresent(Double.self, forKey: .bound)
        gap = try c.decodeIfPresent(Double.self, forKey: .gap)
        detail = try c.decodeIfPresent(String.self, forKey: .detail)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        try c.encode(phase, forKey: .phase)
        try c.encode(elapsed.inSeconds, forKey: .elapsedSeconds)
        try c.encodeIfPresent(timeLimit?.inSeconds, forKey: .timeLimitSeconds)
        try c.encodeIfPresent(fraction, forKey: .fraction)
        try c.encodeIfPresent(finite(incumbent), forKey: .incumbent)
        try c.encodeIfPresent(finite(bound), forKey: .bound)
        try c.encodeIfPresent(finite(gap), forKey: .gap)
        try c.encodeIfPresent(detail, forKey: .detail)
    }

    public var description: String {
        var text = "\(phase.rawValue) \(format(elapsed.inSeconds)) s"
        if let timeLimit { text += " of \(format(timeLimit.inSeconds)) s" }
        if let incumbent { text += ", incumbent \(format(incumbent))" }
        if let bound { text += ", bound \(format(bound))" }
        if let gap { text += ", gap \(percent(gap))" }
        if let detail { text += ": \(detail)" }
        return text
    }
}

/// Passes progress on at most once per `interval`, except phase changes, which always pass (a
/// progress bar needs no more; GLPK's callback fires thousands of times a second).
final class ProgressThrottle: Sendable {
    private let interval: Duration
    private let sink: @Sendable (SolveProgress) -> Void
    private let last = Mutex<(phase: SolveProgress.Phase?, at: Duration)>((nil, .zero))

    init(interval: Duration = .milliseconds(100), _ sink: @escaping @Sendable (SolveProgress) -> Void) {
        self.interval = interval
        self.sink = sink
    }

    func report(_ event: SolveProgress) {
        let due = last.withLock { last in
            guard last.phase != event.phase || event.elapsed - last.at >= interval else { return false }
            last = (event.phase, event.elapsed)
            return true
        }
        if due { sink(event) }
    }
}
