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
        try daemon.writeConfig(
            daemon.baseConfig + """
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

@Suite("Reload of configured streams")
struct ReloadConfigStreamTests {
    @Test("a reload redefines a configured stream with its counts going on; a removed one stops")
    func redefines() throws {
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: """
                    [[streams]]
                    name = "paced"
                    data_type = "users"
                    rate = 200

                    [[streams]]
                    name = "dropped"
                    data_type = "products"
                    rate = 50
                    """))
        defer { daemon.cleanUp() }
        func paced() -> [String: Any]? {
            let status = (try? daemon.result("stream.status")) as? [String: Any]
            return (status?["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == "config-paced" }
        }
        try Network.waitUntil(timeout: 10, "the configured stream to run") { (paced()?["generated"] as? Int ?? 0) > 20 }
        let before = try #require(paced()?["generated"] as? Int)

        try daemon.writeConfig(
            daemon.baseConfig + """
                [[streams]]
                name = "paced"
                data_type = "users"
                rate = 400
                """)
        _ = try daemon.result("config.reload")
        let after = try #require(paced())
        #expect(after["target_rate"] as? Double == 400, "\(after)")
        #expect(after["state"] as? String == "running")
        #expect((after["generated"] as? Int ?? 0) >= before)
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        #expect((status["active_streams"] as? [String])?.contains("config-dropped") == false)
        #expect(
            (status["streams"] as? [[String: Any]])?.contains { $0["stream_id"] as? String == "config-dropped" }
                == false)
    }
}
