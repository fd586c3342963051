/// One thing that keeps a plan from going on: which action, which rule, what is missing.
public struct ScheduleBlocker: Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of obstacle it is.
    public enum Cause: String, Hashable, Sendable, Codable, CaseIterable {
        /// The current placement already overloads a host: a plan cannot start from there.
        case overloadedAtStart
        /// A power budget is exceeded at the start or by the target.
        case powerBudget
        /// A VM's move ends after its deadline.
        case deadline
        /// A `noDelay` VM cannot start moving at time 0.
        case noDelay
        /// A move waits for the other moves of a `serialize` rule.
        case serialize
        /// A host cannot boot (online limit, power budget, reboot serialisation).
        case boot
        /// A move's destination is not on.
        case destinationOff
        /// A move's destination has no room yet.
        case noRoom
        /// A move would break a continuous rule.
        case continuousRule
        /// The network, the concurrency limits or the power budget leave no room for the move.
        case sharedLimits
        /// A host to shut down still holds VMs.
        case notEmpty
    }

    public var cause: Cause
    /// The VM whose move is blocked, when one is.
    public var vm: String?
    /// The host concerned (destination, host to boot or to shut down).
    public var host: String?
    /// The rule that blocks (a constraint id), when one does.
    public var rule: String?
    /// What is missing, per resource (for `noRoom`: demand minus free room on the destination).
    public var missing: [String: Double]?
    /// A sentence for people.
    public var message: String

    public init(cause: Cause, vm: String? = nil, host: String? = nil, rule: String? = nil,
                missing: [String: Double]? = nil, message: String) {
        self.cause = cause
        self.vm = vm
        self.host = host
        self.rule = rule
        self.missing = missing
        self.message = message
    }

    public var description: String { message }
}

/// Why no plan could be built.
public enum SchedulingError: Error, Sendable, CustomStringConvertible {
    /// Nothing can start and nothing runs: limits (power, licences, capacity) leave no way forward.
    case blocked(at: Double, blockers: [ScheduleBlocker])
    /// A plan was built but the independent plan checker rejected it: a scheduler bug.
    case checkFailed([Violation])

    public var description: String {
        switch self {
        case .blocked(let time, let blockers):
            "no schedule: stuck at t = \(format(time)) s:\n" + blockers.map { "  \($0)" }.joined(separator: "\n")
        case .checkFailed(let violations):
            "internal error: the plan failed the independent check:\n" + violations.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

/// A placement exists but no plan reaches it within the scheduling rules: when the scheduler got
/// stuck and what blocks it.
public struct UnschedulableReport: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Seconds into the plan at which nothing could go on.
    public var atSeconds: Double
    public var blockers: [ScheduleBlocker]

    public init(atSeconds: Double, blockers: [ScheduleBlocker]) {
        self.atSeconds = atSeconds
        self.blockers = blockers
    }

    public var description: String {
        "stuck at t = \(format(atSeconds)) s:\n" + blockers.map { "  \($0)" }.joined(separator: "\n")
    }
}
