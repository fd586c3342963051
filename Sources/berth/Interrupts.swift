import Berth
import Dispatch
import Foundation

/// SIGINT and SIGTERM end the search cooperatively: the first one trips `token`, and the command
/// prints and writes the best checked result found so far, marked interrupted (exit 1), or says
/// that there is none (exit 5). A second signal exits at once (128 + the signal's number).
enum Interrupts {
    static let token = CancellationToken()
    /// Kept alive for the process's life; written once, on the main thread, before any work.
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // the dispatch source, not the default action, handles it
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if token.isCancelled { _exit(128 + number) }
                token.cancel()
                writeStandardError("berth: interrupted: finishing with the best result found so far (interrupt again to stop at once)")
            }
            source.resume()
            sources.append(source)
        }
    }
}
