import BerthMIP
import Foundation
import Synchronization

/// Runs blocking solver work (GLPK is used from one thread per solve) on a thread of its own, so
/// that the cooperative pool stays free, and answers the awaiting task as soon as it is cancelled:
/// the token stops the work, which ends at its next check, and the caller gets `CancellationError`
/// at once rather than when the work notices.
enum BlockingWork {
    static func run<T: Sendable>(
        cancelling token: CancellationToken, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let answer = AnswerOnce<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                guard answer.wait(with: continuation) else { return }
                let thread = Thread {
                    if token.isCancelled { return answer.give(.failure(CancellationError())) }
                    do { answer.give(.success(try body())) } catch { answer.give(.failure(error)) }
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
        } onCancel: {
            token.cancel()
            answer.give(.failure(CancellationError()))
        }
    }
}

/// A continuation resumed exactly once, by whichever comes first: the work's answer or a cancellation
/// (which may arrive before the continuation exists).
private final class AnswerOnce<T: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<T, any Error>)
        case answered(Result<T, any Error>)
        case done
    }
    private let state = Mutex<State>(.idle)

    /// Registers the continuation; false (and the continuation resumed) when the answer is already in.
    func wait(with continuation: CheckedContinuation<T, any Error>) -> Bool {
        let early: Result<T, any Error>? = state.withLock { state in
            if case .answered(let result) = state {
                state = .done
                return result
            }
            state = .waiting(continuation)
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    func give(_ result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .idle:
                state = .answered(result)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .answered, .done:
                return nil
            }
        }
        waiting?.resume(with: result)
    }
}
