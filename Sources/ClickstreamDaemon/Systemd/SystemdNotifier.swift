import CSystemd

#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how the daemon is doing (sd_notify): READY=1, STATUS=..., WATCHDOG=1,
/// RELOADING=1, STOPPING=1. Does nothing when not run by systemd (no NOTIFY_SOCKET).
struct SystemdNotifier: Sendable {
    /// Whether a notify socket was given at startup.
    let isEnabled: Bool

    init(environment: [String: String]) {
        isEnabled = !(environment["NOTIFY_SOCKET"] ?? "").isEmpty
    }

    func ready(status: String? = nil) {
        send("READY=1" + (status.map { "\nSTATUS=\($0)" } ?? ""))
    }

    /// Type=notify-reload wants the monotonic time with RELOADING=1.
    func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let usec = UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1000
        send("RELOADING=1\nMONOTONIC_USEC=\(usec)")
    }

    func status(_ line: String) { send("STATUS=\(line)") }
    func watchdog() { send("WATCHDOG=1") }
    func stopping() { send("STOPPING=1") }

    private func send(_ state: String) {
        guard isEnabled else { return }
        _ = sd_notify(0, state)
    }

    /// The watchdog interval systemd asked for (WATCHDOG_USEC), if any.
    static func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec))
    }
}
