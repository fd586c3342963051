import Berth

/// The command's own clock: `--time-limit` bounds the whole command, from the process's start
/// (reading the model included) to its last line of output.
enum CommandClock {
    /// Read once at the start of `main`.
    static let start = ContinuousClock.now

    /// When the command must be done: `seconds` after the start.
    static func deadline(_ seconds: Double) -> ContinuousClock.Instant { start + TimeBudget.duration(seconds) }

    /// Seconds left for searching, `share` of what remains before the deadline once 3 % of the
    /// limit (at most a second) is kept for writing the answer; never below 50 ms.
    static func searchSeconds(limit seconds: Double, share: Double = 1) -> Double {
        let reserve = min(1, seconds * 0.03)
        let left = ContinuousClock.now.duration(to: deadline(seconds)).inSeconds - reserve
        return max(0.05, left * share)
    }
}
