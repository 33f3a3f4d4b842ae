import Dispatch
import Foundation

/// Catches Ctrl-C (and SIGTERM) so a live view can put the terminal back before it exits,
/// and lets a loop sleep until the next tick *or* the signal, whichever comes first.
final class InterruptTrap: @unchecked Sendable {
    private let wake = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var fired = false
    private var sources: [DispatchSourceSignal] = []

    init(signals: [Int32] = [SIGINT, SIGTERM]) {
        for number in signals {
            signal(number, SIG_IGN)  // the dispatch source gets it instead of the default handler
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    var interrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fired
    }

    /// Waits `seconds`; returns early (true) when interrupted.
    func sleep(_ seconds: Double) -> Bool {
        if interrupted { return true }
        _ = wake.wait(timeout: .now() + seconds)
        return interrupted
    }

    private func fire() {
        lock.lock()
        fired = true
        lock.unlock()
        wake.signal()
    }
}
