import ClickstreamTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Reload")
struct ReloadTests {
    @Test("SIGHUP applies a valid config; an invalid one is refused and the old one stays")
    func reload() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: "[limits]\nmax_sample_count = 5\n"))
        defer { daemon.cleanUp() }
        let capped = try daemon.request("sample.users", params: #"{"count":8}"#)
        #expect((capped["error"] as? [String: Any])?["code"] as? Int == -32005)

        // A valid change: a higher cap and a new autostart stream.
        try daemon.writeConfig(daemon.baseConfig + """
            [limits]
            max_sample_count = 50

            [[streams]]
            name = "added"
            data_type = "users"
            rate = 20
            """)
        daemon.send(SIGHUP)
        try Network.waitUntil(timeout: 10, "the reload to apply") {
            ((try? daemon.result("sample.users", params: #"{"count":8}"#)) as? [Any])?.count == 8
        }
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        #expect((status["active_streams"] as? [String])?.contains("config-added") == true)

        // An invalid file: SIGHUP keeps the running config (and the daemon); config.reload says why.
        try daemon.writeConfig(daemon.baseConfig + "[limits]\nmax_sample_count = \"lots\"\n")
        daemon.send(SIGHUP)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(daemon.isRunning)
        #expect(((try daemon.result("sample.users", params: #"{"count":8}"#)) as? [Any])?.count == 8)
        let refused = try daemon.request("config.reload")
        let error = try #require(refused["error"] as? [String: Any])
        #expect(error["code"] as? Int == -32007)
        #expect((error["message"] as? String)?.contains("limits.max_sample_count") == true)
        #expect(daemon.output.contains("config reload refused"))
    }
}
