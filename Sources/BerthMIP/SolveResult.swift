/// Which limit ended a search early.
public enum SolveLimit: String, Sendable, Codable {
    /// ``SolveParameters/timeLimit``.
    case time
    /// Cancellation token or a callback's `terminate`.
    case interrupted
    /// ``SolveParameters/relativeGap`` reached: optimal within that gap.
    case gap
}

/// How a solve ended. Time, interruption, gap and "no incumbent" stay distinct.
public enum SolveStatus: Sendable, Equatable {
    /// Proven optimal (within GLPK's tolerances).
    case optimal
    /// A solution, but the search stopped at a limit.
    case feasible(SolveLimit)
    /// Proven to have no feasible solution.
    case infeasible
    /// Feasible with an objective unbounded in the optimising direction.
    case unbounded
    /// Stopped at a limit before any solution was found.
    case noSolution(SolveLimit)

    /// Whether ``SolveResult/values`` holds a point.
    public var hasSolution: Bool {
        switch self {
        case .optimal, .feasible: true
        case .infeasible, .unbounded, .noSolution: false
        }
    }
}

/// The outcome of ``GLPKSolver/solve(_:parameters:)``.
public struct SolveResult: Sendable {
    public var status: SolveStatus
    /// Objective of ``values`` (constant included); `nil` without a solution.
    public var objective: Double?
    /// Dual bound: a lower bound when minimising, an upper bound when
    /// maximising. Equals ``objective`` when optimal.
    public var bestBound: Double?
    /// `|objective - bound| / max(1e-9, |objective|)`; 0 when optimal.
    public var gap: Double?
    /// One value per variable; empty without a solution.
    public var values: [Double]
    public var solveTime: Duration
    /// Branch-and-bound nodes created.
    public var nodes: Int
    /// What the solver did with the inputs, e.g. "incumbent rejected: row cap_h1 violated by 2".
    public var notes: [String]

    public init(status: SolveStatus, objective: Double? = nil, bestBound: Double? = nil, gap: Double? = nil,
                values: [Double] = [], solveTime: Duration = .zero, nodes: Int = 0, notes: [String] = []) {
        self.status = status
        self.objective = objective
        self.bestBound = bestBound
        self.gap = gap
        self.values = values
        self.solveTime = solveTime
        self.nodes = nodes
        self.notes = notes
    }

    /// The value of `v`, or NaN when there is no solution.
    public func value(_ v: Variable) -> Double {
        v.index >= 0 && v.index < values.count ? values[v.index] : .nan
    }
}
