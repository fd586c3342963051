/// Time limits as users write them (seconds, from the command line, JSON or a script) and as the
/// solvers use them (`Duration`). Every conversion goes through here, so no number traps.
package enum TimeBudget {
    /// The longest time limit accepted: 30 days.
    public static let maximumSeconds: Double = 30 * 86_400

    /// Why `seconds` is not a usable time limit, or `nil` when it is.
    public static func problem(_ seconds: Double) -> String? {
        guard seconds.isFinite else { return "must be a finite number of seconds, found \(seconds)" }
        guard seconds > 0 else { return "must be > 0 seconds, found \(seconds)" }
        guard seconds <= maximumSeconds else {
            return "must be at most \(Int(maximumSeconds)) seconds (30 days), found \(seconds)"
        }
        return nil
    }

    /// `seconds` as a duration, clamped to [1 ms, 30 days] (NaN reads as 1 ms).
    public static func duration(_ seconds: Double) -> Duration {
        let clamped = seconds.isNaN ? 0.001 : min(max(seconds, 0.001), maximumSeconds)
        return .milliseconds(Int64((clamped * 1000).rounded()))
    }
}
