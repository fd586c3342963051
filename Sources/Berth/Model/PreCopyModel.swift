/// The pre-copy live-migration model (research/migration.md §1.2, §5.1–5.2).
///
/// Round 0 sends all memory M; each later round re-sends what the guest dirtied during the one
/// before (`VM.dirtiedMiB`: a hot set rewritten over and over plus a cold rate). Once the rest fits
/// the downtime target at the current rate the VM pauses and the rest is copied (stop-and-copy),
/// then resumes on its destination. After `maxRounds` rounds, or at the timeout, the hypervisor
/// forces the switch-over (a failed live migration) or, with `onTimeout = abort`, gives up.
public struct PreCopyModel: Hashable, Sendable {
    /// Seconds the VM may be paused (default 300 ms, QEMU's default).
    public var downtimeTarget: Double
    /// Pre-copy rounds before a forced switch-over.
    public var maxRounds: Int
    /// Seconds of pre-copy before the timeout action; `nil` for none.
    public var timeout: Double?
    public var onTimeout: MigrationTimeoutAction
    /// Per-migration bandwidth cap in MiB/s; `nil` for none.
    public var maxBandwidth: Double?
    /// Seconds to resume the VM after stop-and-copy.
    public var resumeSeconds: Double
    public var autoConverge: Bool

    public init(
        downtimeTarget: Double = 0.3, maxRounds: Int = 30, timeout: Double? = nil,
        onTimeout: MigrationTimeoutAction = .forceSwitchover, maxBandwidth: Double? = nil,
        resumeSeconds: Double = 0, autoConverge: Bool = false
    ) {
        self.downtimeTarget = downtimeTarget
        self.maxRounds = maxRounds
        self.timeout = timeout
        self.onTimeout = onTimeout
        self.maxBandwidth = maxBandwidth
        self.resumeSeconds = resumeSeconds
        self.autoConverge = autoConverge
    }

    /// One migration's pre-copy state between rounds (the simulator keeps one per flow).
    public struct Progress: Hashable, Sendable {
        public var rounds = 0
        /// Auto-converge's guest throttle, 0 to 0.99.
        public var throttle = 0.0
        var highRounds = 0

        public init() {}
    }

    /// What happens at the end of a pre-copy round.
    public enum RoundEnd: Hashable, Sendable {
        /// Another round re-sends this many MiB.
        case nextRound(Double)
        /// The rest (MiB) fits the downtime target: pause and copy it.
        case stopAndCopy(Double)
        /// The round cap is reached: pause and copy the rest (MiB) anyway.
        case forced(Double)
    }

    /// The decision at the end of a round that sent `sentMiB` in `seconds` and ends at `rate` MiB/s.
    public func endRound(_ progress: inout Progress, vm: VM, sentMiB: Double, seconds: Double, rate: Double) -> RoundEnd {
        let dirty = vm.dirtiedMiB(after: seconds, throttle: progress.throttle)
        progress.rounds += 1
        if dirty <= rate * downtimeTarget { return .stopAndCopy(dirty) }
        if progress.rounds >= maxRounds { return .forced(dirty) }
        if autoConverge {
            // QEMU: dirtied more than half of what was sent, twice in a row → throttle (20 %, then +10 %).
            progress.highRounds = dirty > 0.5 * sentMiB ? progress.highRounds + 1 : 0
            if progress.highRounds >= 2 {
                progress.throttle = progress.throttle == 0 ? 0.2 : min(0.99, progress.throttle + 0.1)
                progress.highRounds = 0
            }
        }
        return .nextRound(dirty)
    }

    /// Duration, downtime and bytes of one migration at a constant bandwidth share.
    public func estimate(_ vm: VM, bandwidthMiBps: Double) -> PreCopyEstimate {
        let rate = min(bandwidthMiBps, maxBandwidth ?? .infinity)
        guard rate > 0, rate.isFinite else {
            return PreCopyEstimate(duration: .infinity, downtime: .infinity, sentMiB: 0, rounds: 0, converges: false)
        }
        var progress = Progress()
        var pending = vm.memoryMiB, sent = 0.0, time = 0.0
        func pause(_ rest: Double, forced: Bool) -> PreCopyEstimate {
            let downtime = rest / rate + resumeSeconds
            return PreCopyEstimate(duration: time + downtime, downtime: downtime, sentMiB: sent + rest, rounds: progress.rounds,
                                   converges: !forced, forced: forced)
        }
        if pending <= rate * downtimeTarget { return pause(pending, forced: false) }
        while true {
            let roundTime = pending / rate
            if let timeout, time + roundTime > timeout {
                // The timeout falls inside this round.
                let elapsed = max(0, timeout - time)
                let rest = pending - rate * elapsed + vm.dirtiedMiB(after: elapsed, throttle: progress.throttle)
                sent += rate * elapsed
                time = timeout
                if onTimeout == .abort {
                    return PreCopyEstimate(duration: time, downtime: 0, sentMiB: sent, rounds: progress.rounds, converges: false, aborted: true)
                }
                return pause(rest, forced: true)
            }
            sent += pending
            time += roundTime
            switch endRound(&progress, vm: vm, sentMiB: pending, seconds: roundTime, rate: rate) {
            case .nextRound(let dirty): pending = dirty
            case .stopAndCopy(let rest): return pause(rest, forced: false)
            case .forced(let rest): return pause(rest, forced: true)
            }
        }
    }

    /// The constant-dirty-rate estimate (no hot set), kept for callers that only know M and D.
    public func estimate(memoryMiB: Double, dirtyRateMiBps: Double, bandwidthMiBps: Double) -> PreCopyEstimate {
        estimate(VM(id: "", demand: ResourceVector(), memoryMiB: memoryMiB, dirtyRateMiBps: dirtyRateMiBps), bandwidthMiBps: bandwidthMiBps)
    }
}

/// What the pre-copy model predicts for one migration.
public struct PreCopyEstimate: Hashable, Sendable {
    /// Seconds from start to the VM running on its destination (to the abort, when aborted).
    public var duration: Double
    /// Seconds paused in stop-and-copy, resume included.
    public var downtime: Double
    public var sentMiB: Double
    /// Pre-copy rounds before stop-and-copy.
    public var rounds: Int
    /// `false` when the switch-over was forced (round cap or timeout), the migration aborted, or no bandwidth.
    public var converges: Bool
    /// The round cap or the timeout forced the switch-over: a failed live migration.
    public var forced: Bool
    /// The timeout cancelled the migration: the VM stays on its source.
    public var aborted: Bool

    public init(duration: Double, downtime: Double, sentMiB: Double, rounds: Int, converges: Bool, forced: Bool = false, aborted: Bool = false) {
        self.duration = duration
        self.downtime = downtime
        self.sentMiB = sentMiB
        self.rounds = rounds
        self.converges = converges
        self.forced = forced
        self.aborted = aborted
    }
}
