import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// sd_notify as systemd sees it: a real datagram socket as NOTIFY_SOCKET.
@Suite("systemd notify")
struct SystemdNotifyTests {
    @Test("READY once bound and streaming, STATUS summaries, WATCHDOG, RELOADING/READY on SIGHUP, STOPPING on SIGTERM")
    func notifySequence() throws {
        let notify = try NotifySocketListener()
        var environment = notify.environment
        environment["WATCHDOG_USEC"] = "400000"
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: """
                    [[streams]]
                    name = "n"
                    data_type = "interactions"
                    rate = 100
                    """,
                statusInterval: 0.3, environment: environment))
        defer { daemon.cleanUp() }

        let ready = try #require(notify.waitFor("READY=1"), "no READY=1; got \(notify.messages)")
        #expect(!ready.isEmpty)
        // By READY the socket answers and the autostart stream runs.
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        #expect(status["is_running"] as? Bool == true)
        let readyIndex = try #require(notify.messages.firstIndex { $0.contains("READY=1") })
        #expect(!notify.messages[..<readyIndex].contains { $0.hasPrefix("STATUS=") && $0.contains("stream") })

        let summary = try #require(
            notify.waitFor(timeout: 10) { $0.hasPrefix("STATUS=") && $0.contains("1 stream running") },
            "no STATUS= summary; got \(notify.messages)")
        #expect(summary.contains("events/s"))
        #expect(summary.contains("kafka disabled"))
        #expect(notify.waitFor("WATCHDOG=1", timeout: 5) != nil)

        daemon.send(SIGHUP)
        let reloading = try #require(
            notify.waitFor(timeout: 10) { $0.contains("RELOADING=1") }, "no RELOADING=1; got \(notify.messages)")
        #expect(reloading.contains("MONOTONIC_USEC="))
        #expect(notify.waitFor("READY=1", timeout: 10) != nil)
        #expect(daemon.isRunning)

        daemon.send(SIGTERM)
        #expect(notify.waitFor("STOPPING=1", timeout: 10) != nil, "no STOPPING=1; got \(notify.messages)")
        #expect(daemon.process.waitForExit(timeout: 15) == 0)
    }
}
