/// One migration as the simulator saw it.
public struct SimulatedMigration: Hashable, Sendable, Codable {
    public var vm: String
    public var from: String
    public var to: String
    public var start: Double
    public var end: Double
    /// Seconds paused in stop-and-copy.
    public var downtime: Double
    public var sentMiB: Double
    public var rounds: Int
    /// The round cap or the timeout forced the switch-over: a failed live migration.
    public var forced: Bool
    /// The timeout cancelled it: the VM stayed on its source.
    public var aborted: Bool

    public init(vm: String, from: String, to: String, start: Double, end: Double, downtime: Double, sentMiB: Double,
                rounds: Int, forced: Bool, aborted: Bool = false) {
        self.vm = vm
        self.from = from
        self.to = to
        self.start = start
        self.end = end
        self.downtime = downtime
        self.sentMiB = sentMiB
        self.rounds = rounds
        self.forced = forced
        self.aborted = aborted
    }

    public var duration: Double { end - start }
}

/// What a simulated plan achieves (research/migration.md §5.3).
public struct SimulationResult: Sendable {
    /// The plan with simulated start and end times.
    public var timeline: MigrationPlan
    /// Live migrations only (a cold move by suspend/resume is not one).
    public var migrations: [SimulatedMigration]
    /// Seconds until the last action ends.
    public var completion: Double
    public var energyKWh: Double
    public var peakKW: Double
    /// Seconds during which the draw exceeded the tightest power budget (0 without one).
    public var secondsOverBudget: Double = 0
    /// Why the simulation stopped early (an action that could never start), if it did.
    public var stuck: String?

    public var meanMigration: Double { migrations.isEmpty ? 0 : migrations.reduce(0) { $0 + $1.duration } / Double(migrations.count) }
    public var maxMigration: Double { migrations.map(\.duration).max() ?? 0 }
    public var totalDowntime: Double { migrations.reduce(0) { $0 + $1.downtime } }
    public var movedMiB: Double { migrations.reduce(0) { $0 + $1.sentMiB } }
    /// Failed live migrations: switch-overs forced by the round cap or the timeout, and aborts.
    public var forcedSwitchovers: Int { migrations.filter { $0.forced || $0.aborted }.count }
    public var abortedMigrations: Int { migrations.filter(\.aborted).count }
    public var maxDowntime: Double { migrations.map(\.downtime).max() ?? 0 }
}
