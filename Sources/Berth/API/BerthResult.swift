import Foundation

/// What every entry point answers, as one versioned JSON contract (`"schema": "berth-result/1"`):
/// the library returns it, `--json` prints it, `berth serve` stores and serves it.
///
/// One envelope for every command: `command` and `status` are always there; the sections a
/// command produced are present, the others absent. `docs/schema/berth-result-1.schema.json` is
/// its JSON Schema. Names are the same in Swift and in JSON.
public struct BerthResult: Hashable, Sendable, Codable {
    /// The contract's name and version.
    public static let schemaVersion = "berth-result/1"

    /// How the request ended.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// A placement proven optimal (and, for plans, a checked plan): exit 0.
        case optimal
        /// A checked answer not proven optimal (time limit, interruption, heuristic): exit 1.
        case feasible
        /// Nothing satisfies the rules: `conflicts` and `explanation` say why: exit 2.
        case infeasible
        /// A placement exists but no plan reaches it within the scheduling rules: `unschedulable`: exit 2.
        case unschedulable
        /// A plan or placement given to check passes: exit 0.
        case valid
        /// A plan or placement given to check (or a target to plan towards) breaks rules: `violations`: exit 2.
        case violated
        /// Neither an answer nor a proof that none exists in time: `reason`, `suspects`: exit 5.
        case unknown
        /// The input is malformed: `issues`: exit 3.
        case invalidInput = "invalid-input"
        /// The caller cancelled the request; nothing is returned.
        case cancelled
        /// Berth's own failure: `message`: exit 4.
        case error
    }

    public var schema = BerthResult.schemaVersion
    /// `solve`, `plan`, `replan`, `simulate`, `check`, `what-if`, or a workflow: `drain`, `undrain`,
    /// `consolidate`, `refresh`, `balance`, `hotspots`, `evacuate`.
    public var command: String
    public var status: Status
    /// The search was interrupted (SIGINT, SIGTERM, or an orchestrator's stop): the answer is the best found so far.
    public var interrupted = false
    /// One line for logs and batch schedulers.
    public var summary: String?
    /// For `error` and `cancelled`: what happened, in words.
    public var message: String?
    public var notes: [String]?

    /// The placement solve: objective, bound, gap and how it was found.
    public var solve: SolveSummary?
    /// The target placement (berth-placement/1).
    public var placement: Placement?
    public var moves: [Move]?
    public var bootedHosts: [String]?
    public var shutDownHosts: [String]?

    /// The checked plan (berth-plan/1) and how it was scheduled.
    public var plan: MigrationPlan?
    public var scheduler: SchedulerSummary?
    /// Link-aware destination swaps (models with a network).
    public var destinations: DestinationSpreading?
    /// The plan as the fluid simulator plays it.
    public var simulation: SimulationMetrics?
    /// Baselines, worst-case hash, ±30 % replays and the lower bound (`plan --compare`).
    public var comparison: Comparison?
    /// What the independent checkers saw.
    public var checked: Checked?

    /// Workflows: hosts before and after, findings, the workflow's promises.
    public var workflow: WorkflowSummary?
    /// `what-if`: the scenario's capacity beside today's.
    public var whatIf: WhatIfSummary?

    /// `infeasible`: the constraints that cannot hold together, and why.
    public var conflicts: [ConflictingConstraint]?
    public var explanation: [String]?
    /// `infeasible`: false when the time limit cut the search for a minimal conflict set short.
    public var minimal: Bool?
    /// `unknown`: why nothing was found, and the rules the current placement breaks.
    public var reason: String?
    public var suspects: [ConflictingConstraint]?
    /// `unschedulable`: when the scheduler got stuck and what blocks each action.
    public var unschedulable: UnschedulableReport?
    /// `violated` (and `check`): every violation found.
    public var violations: [Violation]?
    /// `invalid-input`: every problem found in the input, with its file, path or line.
    public var issues: [Issue]?

    public init(command: String, status: Status) {
        self.command = command
        self.status = status
    }

    /// The CLI's exit code for this result (0 optimal or valid, 1 feasible, 2 infeasible, unschedulable
    /// or violated, 3 bad input, 4 internal error, 5 unknown; cancelled reads as 130, as for SIGINT).
    public var exitCode: Int32 {
        switch status {
        case .optimal, .valid: 0
        case .feasible: 1
        case .infeasible, .unschedulable, .violated: 2
        case .invalidInput: 3
        case .error: 4
        case .unknown: 5
        case .cancelled: 130
        }
    }

    /// The result as the CLI prints it (pretty, keys sorted).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Infinite or undefined numbers (a stuck simulation) are written as strings rather than failing.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Reads a result back (what `berth serve` stores, what another process printed).
    public static func decode(_ data: Data) throws -> BerthResult {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(BerthResult.self, from: data)
    }
}

extension BerthResult {
    /// A placement solve's quality and cost.
    public struct SolveSummary: Hashable, Sendable, Codable {
        public var objective: Objective
        public var objectiveValue: Double
        public var bestBound: Double?
        public var gap: Double?
        /// Why the search stopped before proving optimality (`time`, `gap`, `interrupted`, …).
        public var limit: String?
        public var source: PlacementSource
        public var solveSeconds: Double
        public var mip: MIPSize
        public var repairMode: Bool
        public var freeVMs: Int
        public var warmStart: String?
        public var onlineHosts: Int
        public var migrations: Int
        public var migratedMiB: Double
        public var peakUtilization: Double
    }

    /// How the plan was scheduled.
    public struct SchedulerSummary: Hashable, Sendable, Codable {
        public var source: String
        public var objective: Double
        public var seconds: Double
    }

    /// What the link-aware destination swaps gained.
    public struct DestinationSpreading: Hashable, Sendable, Codable {
        public var swaps: Int
        public var busiestBeforeSeconds: Double
        public var busiestAfterSeconds: Double
        public var busiestResource: String?
    }

    /// One simulated plan's scores.
    public struct SimulationMetrics: Hashable, Sendable, Codable {
        public var completionSeconds: Double
        public var meanMigrationSeconds: Double
        public var maxMigrationSeconds: Double
        public var totalDowntimeSeconds: Double
        public var maxDowntimeSeconds: Double
        public var movedMiB: Double
        public var energyKWh: Double
        public var peakKW: Double
        public var migrations: Int
        public var forcedSwitchovers: Int
        public var abortedMigrations: Int
        public var secondsOverBudget: Double
        /// Why the simulation could not finish, if it could not.
        public var stuck: String?
    }

    /// Berth's plan beside the baselines, and how it holds when actions run longer or shorter.
    public struct Comparison: Hashable, Sendable, Codable {
        /// `berth`, `sequential`, `parallel` and, with multi-member aggregates, `berth/worst`.
        public var simulations: [String: SimulationMetrics]
        public var completionLowerBound: LowerBound?
        public var robustness: Robustness
    }

    /// The bandwidth lower bound on completion.
    public struct LowerBound: Hashable, Sendable, Codable {
        public var seconds: Double
        public var resource: String
    }

    /// Seeded replays with every action's work drawn in [1 − spread, 1 + spread], each checked.
    public struct Robustness: Hashable, Sendable, Codable {
        public var runs: Int
        public var workSpread: Double
        public var completionMinSeconds: Double
        public var completionMedianSeconds: Double
        public var completionMaxSeconds: Double
        public var brokenRuns: Int
        public var stuckRuns: Int
        public var forcedSwitchovers: Int
        public var firstViolation: String?
    }

    /// What the independent checkers found (always 0 plan violations in a returned plan).
    public struct Checked: Hashable, Sendable, Codable {
        /// Violations of the returned placement or plan.
        public var violations: Int
        /// Violations on the simulated timeline (live migrations can run longer than planned).
        public var simulatedTimelineViolations: Int?
        /// How many of the model's constraints were checked (plus the built-in rules).
        public var constraints: Int
        /// The simulated timeline's violations, when there are some.
        public var timeline: [Violation]?
    }

    /// One host's use.
    public struct HostUse: Hashable, Sendable, Codable {
        public var host: String
        public var online: Bool
        public var vms: Int
        public var utilization: [String: Double]
    }

    /// A workflow's own view: hosts before and after, what it found, its promises.
    public struct WorkflowSummary: Hashable, Sendable, Codable {
        public var before: [HostUse]
        public var after: [HostUse]
        public var findings: [String]
        public var promises: [PromiseCheck]
    }

    /// A what-if scenario against today.
    public struct WhatIfSummary: Hashable, Sendable, Codable {
        public var changes: [String]
        public var fits: Bool
        /// The scenario's host count is proven the least that fits.
        public var provenMinimal: Bool
        public var current: WhatIf.Capacity
        public var scenario: WhatIf.Capacity?
        /// Per added template: how many copies the scenario needs (`null`: none suffices).
        public var copiesNeeded: [String: Int?]?
    }

    /// One problem in the input.
    public struct Issue: Hashable, Sendable, Codable, CustomStringConvertible {
        /// The file, when the input came from one.
        public var file: String?
        /// The JSON path (`cluster.vms[3].demand.cpu`) or the request field.
        public var path: String?
        /// Line and column, for scripts.
        public var line: Int?
        public var column: Int?
        public var message: String

        public init(file: String? = nil, path: String? = nil, line: Int? = nil, column: Int? = nil, message: String) {
            self.file = file
            self.path = path
            self.line = line
            self.column = column
            self.message = message
        }

        public var description: String {
            var place = [file, path].compactMap { $0 }.joined(separator: ": ")
            if let line { place += (place.isEmpty ? "" : ":") + "\(line)" + (column.map { ":\($0)" } ?? "") }
            return place.isEmpty ? message : "\(place): \(message)"
        }
    }
}
