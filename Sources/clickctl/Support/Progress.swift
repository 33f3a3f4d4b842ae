import ArgumentParser
import ClickstreamAPI
import Foundation

/// A one-line progress display on stderr for work that reports nothing until it is done
/// (a streaming generate): a bar estimated from the requested rate when there is one, a
/// spinner otherwise, always with the elapsed time. Drawn only on a terminal.
struct ProgressLine {
    var total: Int
    /// Records per second the daemon was asked for; nil or 0: unknown, show a spinner.
    var rate: Double?
    var label: String
    var terminal: Terminal

    private static let spinner = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

    /// The line for `elapsed` seconds in, at animation step `tick`.
    func line(elapsed: Double, tick: Int) -> String {
        let time = Units.duration(elapsed)
        guard let rate, rate > 0, total > 0 else {
            return "\(Self.spinner[tick % Self.spinner.count]) \(label) \(Units.grouped(total)) … \(time)"
        }
        // An estimate: the daemon paces at `rate`, so it should be about this far along.
        let fraction = min(elapsed * rate / Double(total), 0.99)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar =
            terminal.paintError(String(repeating: "█", count: filled), .cyan)
            + String(repeating: "░", count: width - filled)
        let done = Int(fraction * Double(total))
        return "\(label) \(bar) ≈\(Int(fraction * 100))% \(Units.grouped(done))/\(Units.grouped(total)) \(time)"
    }

    /// Runs `work` on another thread, redrawing every 100 ms until it returns; returns its
    /// result or rethrows its error. Ctrl-C leaves with status 130.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let thread = Thread { box.set(Result { try work() }) }
        thread.start()
        let trap = InterruptTrap()
        let start = Date()
        var tick = 0
        while box.get() == nil {
            Terminal.writeError("\r" + line(elapsed: Date().timeIntervalSince(start), tick: tick) + "\u{1B}[K")
            tick += 1
            if trap.interrupted {
                Terminal.writeError("\r\u{1B}[K" + "Interrupted; the daemon finishes the batch on its own.\n")
                throw ExitCode(ExitStatus.interrupted)
            }
            box.wait(0.1)
        }
        Terminal.writeError("\r\u{1B}[K")
        return try box.get()!.get()
    }
}

/// Hands a result from the worker thread to the drawing one.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
        done.signal()
    }

    func get() -> Result<T, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }

    func wait(_ seconds: Double) {
        if done.wait(timeout: .now() + seconds) == .success { done.signal() }
    }
}
