import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A real redis-server and a real clickstreamd writing to it.
@Suite("Redis sink", .serialized)
struct RedisSinkTests {
    @Test("interactions go to a Redis stream with AUTH and a url; the session view has hashes that expire")
    func streamAndSessionView() throws {
        let redis = try RedisServer.start(password: "s3cret p@ss")
        defer { redis.stop() }
        let url = "redis://:s3cret%20p%40ss@127.0.0.1:\(redis.port)/3"
        let daemon = try DaemonProcess.start(
            .init(extraTOML: "[sinks.redis]\nurl = \"\(url)\"\nsession_timeout = 600\n"))
        defer { daemon.cleanUp() }

        let id = try daemon.startStream(
            #"{"data_type":"interactions","rate":0,"max_count":2000,"sink":"redis","topic":"clicks","batch_size":500}"#)
        let info = try daemon.waitForStream(id, timeout: 30, "2000 records delivered to Redis") {
            $0["state"] as? String == "finished" && $0["delivered"] as? Int == 2000
        }
        #expect(info["failed"] as? Int == 0 && info["queued"] as? Int == 0)
        #expect(info["destination"] as? String == "redis:clicks")
        #expect(try redis.integer("XLEN", "clicks", database: 3) == 2000)
        #expect(try redis.integer("DBSIZE") == 0, "database 0 untouched: the url said /3")

        // An entry: event_type and the record's JSON, byte for byte.
        let entry = try redis.cli(["XRANGE", "clicks", "-", "+", "COUNT", "1"], database: 3).split(separator: "\n").map(
            String.init)
        #expect(entry.count == 5 && entry[1] == "event_type" && entry[3] == "data", "\(entry)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(entry[4].utf8)) as? [String: Any])
        #expect(record["interaction_type"] as? String == entry[2])
        let sessionID = try #require(record["session_id"] as? String)

        // The session of that first event: a hash with user, start, counts, and a TTL.
        let hash = try redis.cli(["HGETALL", "session:\(sessionID)"], database: 3).split(separator: "\n").map(
            String.init)
        var fields: [String: String] = [:]
        for index in stride(from: 0, to: hash.count - 1, by: 2) { fields[hash[index]] = hash[index + 1] }
        #expect(fields["user_id"] == record["user_id"] as? String, "\(fields)")
        #expect(fields["start"] == record["timestamp"] as? String)
        #expect(Int(fields["events"] ?? "") ?? 0 >= 1)
        let ttl = try redis.integer("TTL", "session:\(sessionID)", database: 3)
        #expect(ttl > 0 && ttl <= 600)
        #expect(try redis.integer("ZCARD", "users:last_active", database: 3) > 0)
        #expect(
            try redis.integer("ZSCORE", "users:last_active", try #require(record["user_id"] as? String), database: 3)
                > 0)
        // Every event counted once in some session: the `events` fields add up to the stream.
        let sum =
            "local s = 0 for _, k in ipairs(redis.call('KEYS', 'session:*')) do s = s + redis.call('HGET', k, 'events') end return s"
        #expect(try redis.integer("EVAL", sum, "0", database: 3) == 2000)

        let health = try #require(daemon.result("health") as? [String: Any])
        let sink = try #require((health["sinks"] as? [String: Any])?["redis"] as? [String: Any])
        #expect(sink["state"] as? String == "connected")
        #expect(sink["endpoint"] as? String == "redis://***@127.0.0.1:\(redis.port)/3", "no password in /health")
    }

    @Test("REDIS_* variables configure the sink; flat fields; MAXLEN ~ trims")
    func environmentFlatAndTrimming() throws {
        let redis = try RedisServer.start(appendOnly: false)
        defer { redis.stop() }
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: "[sinks.redis]\nfields = \"flat\"\nstream_max_length = 100\n",
                environment: ["REDIS_HOST": "127.0.0.1", "REDIS_PORT": String(redis.port), "REDIS_DB": "1"]))
        defer { daemon.cleanUp() }

        let users = try daemon.startStream(
            #"{"data_type":"users","rate":0,"max_count":50,"sink":"redis","topic":"users"}"#)
        let products = try daemon.startStream(
            #"{"data_type":"products","rate":0,"max_count":2000,"sink":"redis","topic":"products","batch_size":100}"#)
        try Network.waitUntil(timeout: 30, "both streams delivered") {
            try daemon.streamStatus(users)["delivered"] as? Int == 50
                && daemon.streamStatus(products)["delivered"] as? Int == 2000
        }
        #expect(try redis.integer("XLEN", "users", database: 1) == 50)
        let trimmed = try redis.integer("XLEN", "products", database: 1)
        #expect(trimmed >= 100 && trimmed < 2000, "MAXLEN ~ 100 keeps about 100 of 2000: \(trimmed)")
        let entry = try redis.cli(["XRANGE", "users", "-", "+", "COUNT", "1"], database: 1).split(separator: "\n").map(
            String.init)
        #expect(entry.contains("user_id") && entry.contains("email"), "\(entry)")
        #expect(!entry.contains("data"))
        #expect(
            try redis.integer("EXISTS", "users:last_active", database: 1) == 0,
            "users are not interactions: no session view")
    }

    @Test(
        "Redis restarted mid-stream: the stream says behind (sink_down) meanwhile, the sink reconnects and nothing is lost"
    )
    func restartMidStream() throws {
        let redis = try RedisServer.start()
        defer { redis.stop() }
        // max_in_flight 2000: half a second of the stream, then it waits for Redis and falls behind.
        let daemon = try DaemonProcess.start(
            .init(extraTOML: "[sinks.redis]\nurl = \"\(redis.url)\"\nsession_view = false\nmax_in_flight = 2000\n"))
        defer { daemon.cleanUp() }

        let id = try daemon.startStream(
            #"{"data_type":"interactions","rate":4000,"sink":"redis","topic":"clicks","batch_size":200}"#)
        try daemon.waitForDeliveries(moreThan: 1000, stream: id, timeout: 20)
        let delivered = try daemon.expectRestartLosesNothing(
            of: redis, sink: "redis", serverName: "Redis", stream: id, timeout: 20, recovery: 2000)
        // At least once: a batch in flight at the restart may be written twice, never lost.
        let length = try redis.integer("XLEN", "clicks")
        #expect(length >= delivered && length <= delivered + 1000, "XLEN \(length), delivered \(delivered)")
    }

    @Test("records Redis refuses (WRONGTYPE) are counted failed with Redis's message, never dropped")
    func refusedRecordsAreCounted() throws {
        let redis = try RedisServer.start(appendOnly: false)
        defer { redis.stop() }
        try redis.cli("SET", "taken", "a string, not a stream")
        let daemon = try DaemonProcess.start(
            .init(extraTOML: "[sinks.redis]\nurl = \"\(redis.url)\"\nsession_view = false\n"))
        defer { daemon.cleanUp() }

        let id = try daemon.startStream(
            #"{"data_type":"users","rate":0,"max_count":300,"sink":"redis","topic":"taken","batch_size":100}"#)
        let info = try daemon.waitForStream(id, timeout: 20, "300 records accounted") {
            ($0["delivered"] as? Int ?? 0) + ($0["failed"] as? Int ?? 0) == 300
        }
        #expect(info["failed"] as? Int == 300 && info["delivered"] as? Int == 0 && info["generated"] as? Int == 300)
        #expect((info["last_error"] as? String)?.contains("WRONGTYPE") == true, "\(info)")
        #expect((try daemon.sinkHealth("redis")["last_error"] as? String)?.contains("WRONGTYPE") == true)
    }

    @Test("a stream asking for Redis when none is configured gets a clear error")
    func notConfigured() throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        try daemon.expectUnconfiguredSinkRefused("redis")
        let health = try #require(daemon.result("health") as? [String: Any])
        #expect(((health["sinks"] as? [String: Any])?["redis"] as? [String: Any])?["state"] as? String == "disabled")
    }
}
