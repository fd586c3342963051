/// Why no plan could be built.
public enum SchedulingError: Error, Sendable, CustomStringConvertible {
    /// Nothing can start and nothing runs: limits (power, licences, capacity) leave no way forward.
    case blocked(at: Double, reasons: [String])
    /// A plan was built but the independent plan checker rejected it: a scheduler bug.
    case checkFailed([Violation])

    public var description: String {
        switch self {
        case .blocked(let time, let reasons):
            "no schedule: stuck at t = \(format(time)) s:\n" + reasons.map { "  \($0)" }.joined(separator: "\n")
        case .checkFailed(let violations):
            "internal error: the plan failed the independent check:\n" + violations.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
