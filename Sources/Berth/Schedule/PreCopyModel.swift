/// The pre-copy live-migration model (DESIGN.md, research/migration.md §1.2) with a constant dirty rate.
///
/// Round 0 sends all memory M; round i re-sends what was dirtied during round i−1
/// (V_i = M·(D/B)^i). Once the rest fits the downtime target (V_n ≤ B·d) the VM pauses and
/// the rest is copied (stop-and-copy). After `maxRounds` rounds the switch-over is forced,
/// which is a failed live migration. With D ≥ B the rounds never shrink: it cannot converge.
public struct PreCopyModel: Hashable, Sendable {
    /// Seconds the VM may be paused (default 300 ms, QEMU's default).
    public var downtimeTarget: Double
    /// Pre-copy rounds before a forced switch-over.
    public var maxRounds: Int

    public init(downtimeTarget: Double = 0.3, maxRounds: Int = 30) {
        self.downtimeTarget = downtimeTarget
        self.maxRounds = maxRounds
    }

    /// Duration, downtime and bytes of one migration at a constant bandwidth share.
    /// - Parameters: memory in MiB, dirty rate and bandwidth in MiB/s.
    public func estimate(memoryMiB: Double, dirtyRateMiBps: Double, bandwidthMiBps: Double) -> PreCopyEstimate {
        guard bandwidthMiBps > 0 else {
            return PreCopyEstimate(duration: .infinity, downtime: .infinity, sentMiB: 0, rounds: 0, converges: false)
        }
        let threshold = bandwidthMiBps * downtimeTarget
        var pending = memoryMiB, sent = 0.0, time = 0.0, rounds = 0
        while pending > threshold && rounds < maxRounds {
            let roundTime = pending / bandwidthMiBps
            sent += pending
            time += roundTime
            pending = dirtyRateMiBps * roundTime
            rounds += 1
        }
        let converges = pending <= threshold && dirtyRateMiBps < bandwidthMiBps
        let downtime = pending / bandwidthMiBps
        return PreCopyEstimate(duration: time + downtime, downtime: downtime, sentMiB: sent + pending, rounds: rounds, converges: converges)
    }
}

/// What the pre-copy model predicts for one migration.
public struct PreCopyEstimate: Hashable, Sendable {
    /// Seconds from start to the VM running on its destination.
    public var duration: Double
    /// Seconds paused in stop-and-copy.
    public var downtime: Double
    public var sentMiB: Double
    /// Pre-copy rounds before stop-and-copy.
    public var rounds: Int
    /// `false` when the dirty rate reaches the bandwidth share or the round cap forced the switch-over.
    public var converges: Bool
}
