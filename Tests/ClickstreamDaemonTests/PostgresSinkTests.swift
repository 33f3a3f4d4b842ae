import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL and a real clickstreamd writing to it.
@Suite("PostgreSQL sink", .serialized)
struct PostgresSinkTests {
    @Test("interactions, sessions and users go to tables; every user and product an event names is in its table")
    func tablesAndReferences() throws {
        let postgres = try PostgresServer.start()
        defer { postgres.stop() }
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: """
                    [generator]
                    users = 5000
                    products = 800

                    [sinks.postgres]
                    url = "\(postgres.url)"
                    updates_per_second = 200
                    """))
        defer { daemon.cleanUp() }

        let interactions = try daemon.startStream(
            #"{"data_type":"interactions","rate":0,"max_count":2000,"sink":"postgres","batch_size":500}"#)
        let sessions = try daemon.startStream(#"{"data_type":"sessions","rate":0,"max_count":200,"sink":"postgres"}"#)
        let users = try daemon.startStream(#"{"data_type":"users","rate":0,"max_count":50,"sink":"postgres"}"#)
        try Network.waitUntil(timeout: 60, "every stream delivered") {
            try daemon.streamStatus(interactions)["delivered"] as? Int == 2000
                && daemon.streamStatus(sessions)["delivered"] as? Int == 200
                && daemon.streamStatus(users)["delivered"] as? Int == 50
        }
        for id in [interactions, sessions, users] { #expect(try daemon.streamStatus(id)["failed"] as? Int == 0) }
        #expect(try postgres.count("SELECT count(*) FROM clickstream.interactions") == 2000)
        #expect(try postgres.count("SELECT count(*) FROM clickstream.sessions") == 200)
        // The users stream wrote users 0..<50 (some were there already, named by events).
        #expect(try postgres.count("SELECT count(*) FROM clickstream.users WHERE user_id <= 'user_00000049'") == 50)
        // The foreign keys hold them; check anyway, and that the dimension rows are the generator's.
        #expect(
            try postgres.count(
                """
                SELECT count(*) FROM clickstream.interactions i
                LEFT JOIN clickstream.users u USING (user_id) LEFT JOIN clickstream.products p USING (product_id)
                WHERE u.user_id IS NULL OR (i.product_id IS NOT NULL AND p.product_id IS NULL)
                """) == 0)
        #expect(try postgres.count("SELECT count(DISTINCT product_id) FROM clickstream.interactions") > 10)
        #expect(
            try postgres.count(
                "SELECT count(*) FROM clickstream.users WHERE record->>'user_id' <> user_id OR email <> record->>'email'"
            ) == 0)
        let kinds = try postgres.psql("SELECT DISTINCT interaction_type FROM clickstream.interactions ORDER BY 1")
            .split(separator: "\n")
        #expect(kinds.contains("view") && kinds.contains("click"), "\(kinds)")

        // Slow changes for CDC: some users and products were UPDATEd after they were written.
        try Network.waitUntil(timeout: 10, "slow updates") {
            try postgres.count(
                "SELECT count(*) FROM clickstream.users WHERE order_count > (record->>'order_count')::integer") > 0
                && postgres.count(
                    "SELECT count(*) FROM clickstream.products WHERE updated_at > now() - interval '1 minute' AND price <> (record->>'price')::numeric"
                ) > 0
        }

        let health = try #require(daemon.result("health") as? [String: Any])
        let sink = try #require((health["sinks"] as? [String: Any])?["postgres"] as? [String: Any])
        #expect(sink["state"] as? String == "connected")
        #expect(sink["endpoint"] as? String == "postgres://postgres@127.0.0.1:\(postgres.port)/postgres")
    }

    @Test(
        "PostgreSQL restarted mid-stream: the stream says behind (sink_down), batches wait, are sent again, and no row is lost or doubled"
    )
    func restartMidStream() throws {
        // Commits wait for their WAL write (fsync stays off: a killed server, unlike a crashed
        // machine, loses nothing the kernel holds): a halt that has to end in SIGKILL must not
        // lose committed rows, or "no row lost" could not be asserted.
        let postgres = try PostgresServer.start(settings: ["fsync": "off", "full_page_writes": "off"])
        defer { postgres.stop() }
        let daemon = try DaemonProcess.start(.init(extraTOML: "[sinks.postgres]\nurl = \"\(postgres.url)\"\n"))
        defer { daemon.cleanUp() }

        let id = try daemon.startStream(#"{"data_type":"interactions","rate":3000,"sink":"postgres","batch_size":300}"#)
        try daemon.waitForDeliveries(moreThan: 600, stream: id, timeout: 20)
        let delivered = try daemon.expectRestartLosesNothing(
            of: postgres, sink: "postgres", serverName: "PostgreSQL", stream: id, timeout: 30, recovery: 1000)
        // One transaction per batch, keys and ON CONFLICT DO NOTHING: exactly once in the table.
        #expect(try postgres.count("SELECT count(*) FROM clickstream.interactions") == delivered)
    }

    @Test("a bad [sinks.postgres] is a config error naming the key; an unconfigured sink is a clear stream.start error")
    func configErrors() throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        try daemon.expectUnconfiguredSinkRefused("postgres")

        let current = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try (current + "\n[sinks.postgres]\nurl = \"mysql://x\"\nschema = \"Robert'); DROP\"\n")
            .write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        let reload = try daemon.request("config.reload")
        let error = ((reload["error"] as? [String: Any])?["message"] as? String) ?? ""
        #expect(error.contains("sinks.postgres.url") && error.contains("sinks.postgres.schema"), "\(reload)")
    }
}
