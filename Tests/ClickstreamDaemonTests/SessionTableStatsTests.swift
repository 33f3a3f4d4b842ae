import ClickstreamTestSupport
import Foundation
import Testing

/// stream.stats reports the session engines' open-session tables as `cache_stats` (the
/// original service's cache, which grew without bound; here it is bounded and visible).
@Suite("Session table in stream.stats")
struct SessionTableStatsTests {
    @Test func openSessionsOfARunningInteractionsStreamAreReported() throws {
        let daemon = try DaemonProcess.start()
        defer {
            daemon.stop()
            daemon.cleanUp()
        }
        _ = try daemon.result("stream.start", params: #"{"data_type":"interactions","rate":2000,"sink":"file"}"#)
        var cache: [String: Any] = [:]
        try Network.waitUntil(timeout: 20, "open sessions in cache_stats") {
            let stats = try #require(daemon.result("stream.stats") as? [String: Any])
            cache = stats["cache_stats"] as? [String: Any] ?? [:]
            return (cache["open_sessions"] as? Int ?? 0) > 0
        }
        #expect(cache["dropped_session_starts"] as? Int == 0)
        #expect(cache["streams_tracked"] as? Int == 1)
    }
}
