import Logging
import Synchronization

/// A flag that stops a running solve at its next branch-and-cut callback.
///
/// Cancelling before the solve starts makes it return at once.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)
    private let parents: [CancellationToken]

    public init() { parents = [] }

    /// A token that reads cancelled once any of `parents` is (or once it is cancelled itself).
    public init(any parents: [CancellationToken]) { self.parents = parents }

    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    public var isCancelled: Bool {
        flag.load(ordering: .acquiring) || parents.contains { $0.isCancelled }
    }
}

/// A snapshot of the branch-and-cut search, passed to ``SolveParameters/onBranchAndCut``.
public struct BranchAndCutEvent: Sendable {
    /// The dual bound so far (objective constant included).
    public var bestBound: Double?
    /// Objective of the best integer solution so far.
    public var incumbent: Double?
    /// GLPK's relative gap; `nil` without an incumbent.
    public var gap: Double?
    /// Open nodes in the search tree.
    public var activeNodes: Int
    /// Time since the solve started.
    public var elapsed: Duration
    /// True where GLPK takes heuristic solutions (`GLP_IHEUR`): only then is
    /// ``BranchAndCutReply/heuristicSolution`` used.
    public var isHeuristicPoint: Bool

    public init(bestBound: Double?, incumbent: Double?, gap: Double?, activeNodes: Int,
                elapsed: Duration, isHeuristicPoint: Bool) {
        self.bestBound = bestBound
        self.incumbent = incumbent
        self.gap = gap
        self.activeNodes = activeNodes
        self.elapsed = elapsed
        self.isHeuristicPoint = isHeuristicPoint
    }
}

/// What to do after a ``BranchAndCutEvent``.
public struct BranchAndCutReply: Sendable {
    /// Stop the search (the result's limit is `.interrupted`).
    public var terminate: Bool = false
    /// A full point (one value per variable) to offer as an incumbent. It is
    /// checked with ``MIPModel/violations(of:tolerance:)`` first and used only
    /// at heuristic points and with presolve off; refusals go to ``SolveResult/notes``.
    public var heuristicSolution: [Double]? = nil

    public init(terminate: Bool = false, heuristicSolution: [Double]? = nil) {
        self.terminate = terminate
        self.heuristicSolution = heuristicSolution
    }
}

/// How to solve. A time limit is always required.
public struct SolveParameters: Sendable {
    /// Wall-clock limit for the whole solve (GLPK may overshoot by a few tenths of a second).
    public var timeLimit: Duration
    /// Relative MIP gap at which to stop (GLPK's `mip_gap`); 0 = prove optimality.
    public var relativeGap: Double = 0
    /// GLPK's MIP/LP presolver. Forced off when an ``incumbent`` is accepted.
    public var presolve: Bool = true
    /// GLPK's cut generators (all off by default, as in GLPK).
    public var cuts: CutFamilies = []
    /// How GLPK picks the variable to branch on; `nil` picks by the model's size
    /// (``BranchingRule/automatic(columns:)``).
    public var branching: BranchingRule? = nil
    /// GLPK's proximity search heuristic at the root (Fischetti and Monaci: find a point, then
    /// repeatedly the nearest one with a better objective), for at most this long; `nil`: off.
    /// It polls neither the time limit nor ``cancellation`` while it runs, so keep it short.
    public var proximitySearch: Duration? = nil
    /// A warm start, one value per variable. Checked with
    /// ``MIPModel/violations(of:tolerance:)`` first; a rejected point is
    /// ignored and explained in ``SolveResult/notes``.
    public var incumbent: [Double]? = nil
    /// Polled at every branch-and-cut callback.
    public var cancellation: CancellationToken? = nil
    /// When set, GLPK's terminal output goes to `logger.debug`, line by line;
    /// otherwise GLPK is silent.
    public var logger: Logging.Logger? = nil
    /// Called at every branch-and-cut callback, on the solving thread.
    public var onBranchAndCut: (@Sendable (BranchAndCutEvent) -> BranchAndCutReply)? = nil

    public init(timeLimit: Duration) {
        self.timeLimit = timeLimit
    }

    /// Every problem with the parameters, in one error.
    func check() throws(GLPKError) {
        var problems: [String] = []
        if timeLimit <= .zero { problems.append("timeLimit must be positive, got \(timeLimit)") }
        if !relativeGap.isFinite || relativeGap < 0 {
            problems.append("relativeGap must be finite and non-negative, got \(relativeGap)")
        }
        if !problems.isEmpty {
            throw GLPKError(function: "parameters", code: GLPKError.invalidInput,
                            message: problems.joined(separator: "; "))
        }
    }
}

/// GLPK's branching rules (`glp_iocp.br_tech`).
public enum BranchingRule: Int32, Sendable, Hashable {
    /// Driebeck and Tomlin's heuristic, GLPK's default. Measured: on a 15,000-column model one
    /// branching decision took 4 s, past the time limit, which GLPK checks only between steps.
    case driebeckTomlin = 4
    /// The most fractional variable: cheap at any size.
    case mostFractional = 3
    /// Hybrid pseudocosts. Measured on the steps of a peak descent (refuting a peak level): it
    /// refuted all nine column orders of one model in ≤ 0.2 s, where Driebeck–Tomlin took over 5 s on four.
    case hybridPseudocost = 5

    /// Driebeck–Tomlin up to 6,000 columns, the most fractional variable above, where one
    /// Driebeck–Tomlin decision can outlast the time limit.
    public static func automatic(columns: Int) -> BranchingRule {
        columns <= 6_000 ? .driebeckTomlin : .mostFractional
    }
}

/// GLPK's cutting-plane generators.
public struct CutFamilies: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Gomory's mixed-integer cuts.
    public static let gomory = CutFamilies(rawValue: 1)
    /// Mixed-integer rounding cuts.
    public static let mixedIntegerRounding = CutFamilies(rawValue: 2)
    /// Mixed cover cuts.
    public static let cover = CutFamilies(rawValue: 4)
    /// Clique cuts.
    public static let clique = CutFamilies(rawValue: 8)
    public static let all: CutFamilies = [.gomory, .mixedIntegerRounding, .cover, .clique]
}
