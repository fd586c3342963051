/// Why a workflow produced no plan. Each case maps to one of the CLI's exit codes.
public enum WorkflowError: Error, Sendable, CustomStringConvertible {
    /// The request does not make sense for the model (unknown host, empty selection, bad history …): exit 3.
    case invalidRequest([InputIssue])
    /// No placement satisfies the request and the model's constraints: exit 2.
    case infeasible(InfeasibilityReport)
    /// The caller's target placement breaks the model's rules (`plan --target`): exit 2.
    case violatedTarget([Violation])
    /// A placement exists but no plan reaches it within the scheduling rules (deadline, budget): exit 2.
    case unschedulable(UnschedulableReport)
    /// Neither a placement nor a proof that none exists within the time limit: exit 5.
    case unknown(UnknownReport)
    /// Berth's own failure (solver error, a result that failed its independent check): exit 4.
    case internalFailure(String)
    /// The caller cancelled the workflow.
    case cancelled

    /// A request problem at one path, as one error.
    static func invalid(_ path: String, _ message: String) -> WorkflowError {
        .invalidRequest([InputIssue(path: path, message: message)])
    }

    public var description: String {
        switch self {
        case .invalidRequest(let issues): "invalid request:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
        case .infeasible(let report):
            "infeasible: " + report.conflicts.map(\.id).joined(separator: ", ") + "\n" + report.explanation.joined(separator: "\n")
        case .unknown(let report): UnknownText.render(report)
        case .violatedTarget(let violations):
            "the target placement breaks the model's constraints:\n" + violations.map { "  \($0)" }.joined(separator: "\n")
        case .unschedulable(let report): "no plan within the scheduling rules: \(report)"
        case .internalFailure(let message): message.hasPrefix("internal error") ? message : "internal error: \(message)"
        case .cancelled: "cancelled"
        }
    }
}
