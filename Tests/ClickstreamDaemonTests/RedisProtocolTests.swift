import NIOCore
import Testing

@testable import ClickstreamDaemon

/// The pieces of the Redis and PostgreSQL sinks that need no server: RESP in and out, the
/// JSON field walker, URL parsing.
@Suite("Redis protocol and sink settings")
struct RedisProtocolTests {
    private func replies(_ text: String) throws -> [RESPReply] {
        var buffer = ByteBuffer(string: text)
        var out: [RESPReply] = []
        while let reply = try RESPReplyDecoder.parse(&buffer, depth: 0) { out.append(reply) }
        #expect(buffer.readableBytes == 0 || out.isEmpty == false)
        return out
    }

    @Test("replies: simple, error, integer, bulk, null, nested arrays; partial input waits")
    func decode() throws {
        #expect(try replies("+OK\r\n:12\r\n$15\r\n1700000000000-0\r\n$-1\r\n") == [.ok, .ok, .ok, .ok])
        #expect(try replies("-WRONGTYPE Operation against a key\r\n") == [.error("WRONGTYPE Operation against a key")])
        #expect(try replies("*2\r\n*1\r\n:1\r\n-ERR inner\r\n") == [.error("ERR inner")])
        var partial = ByteBuffer(string: "$10\r\nhello")
        #expect(try RESPReplyDecoder.parse(&partial, depth: 0) == nil)
        #expect(partial.readerIndex == 0, "nothing consumed until the reply is whole")
        var garbage = ByteBuffer(string: "?what\r\n")
        #expect(throws: RESPReplyDecoder.DecodeError.self) { try RESPReplyDecoder.parse(&garbage, depth: 0) }
        var deep = ByteBuffer(string: String(repeating: "*1\r\n", count: 40) + ":1\r\n")
        #expect(throws: RESPReplyDecoder.DecodeError.self) { try RESPReplyDecoder.parse(&deep, depth: 0) }
    }

    @Test("commands are length-prefixed: a key with CRLF and spaces stays one argument")
    func encode() {
        var writer = RESPWriter(capacity: 64)
        writer.command(3)
        writer.argument("XADD")
        writer.argument("a b\r\nFLUSHALL")
        writer.argument(-42)
        #expect(
            writer.buffer.getString(at: 0, length: writer.buffer.readableBytes)
                == "*3\r\n$4\r\nXADD\r\n$13\r\na b\r\nFLUSHALL\r\n$3\r\n-42\r\n")
        #expect(writer.commands == 1)
    }

    @Test("top-level JSON fields: strings, escapes, numbers, nested values, null")
    func fields() {
        let text = #"{"a":"x\"y\u00e9","n":-1.5e3,"o":{"k":[1,"}"]},"z":null,"t":true}"#
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            let json = TopLevelJSON(raw)
            var seen: [(String, String, TopLevelJSON.ValueKind)] = []
            let ok = json.forEachField { field in
                var value: [UInt8] = []
                if field.escaped {
                    json.unescape(field.value, into: &value)
                } else {
                    value = Array(json.slice(field.value))
                }
                seen.append(
                    (
                        String(decoding: json.slice(field.key), as: UTF8.self), String(decoding: value, as: UTF8.self),
                        field.kind
                    ))
                return true
            }
            #expect(ok)
            #expect(seen.map(\.0) == ["a", "n", "o", "z", "t"])
            #expect(seen[0].1 == "x\"yé" && seen[1].1 == "-1.5e3" && seen[2].1 == #"{"k":[1,"}"]}"#)
            #expect(seen.map(\.2) == [.string, .number, .nested, .null, .literal])
            #expect(json.field("z")?.kind == .null && json.field("missing") == nil)
        }
        Array("[1]".utf8).withUnsafeBytes { #expect(!TopLevelJSON($0).forEachField { _ in true }) }
    }

    @Test("redis:// and rediss:// URLs: password, user, database, port; bad ones say why")
    func redisURL() {
        var settings = RedisSinkSettings()
        #expect(settings.apply(url: "rediss://app:p%40ss@cache.example.com:6380/4") == nil)
        #expect(settings.tls && settings.username == "app" && settings.password == "p@ss")
        #expect(settings.host == "cache.example.com" && settings.port == 6380 && settings.database == 4)
        #expect(settings.redactedURL == "rediss://***@cache.example.com:6380/4")
        var plain = RedisSinkSettings()
        #expect(plain.apply(url: "redis://localhost") == nil && plain.port == 6379 && plain.password == nil)
        #expect(plain.apply(url: "http://x")?.contains("redis://") == true)
        #expect(plain.apply(url: "redis://h:99999")?.contains("port") == true)
        #expect(plain.apply(url: "redis://h/x")?.contains("database") == true)
    }

    @Test("postgres:// URLs and schema names")
    func postgresURL() {
        var settings = PostgresSinkSettings()
        #expect(settings.apply(url: "postgresql://app:s%3Acret@db:5433/shop?sslmode=require") == nil)
        #expect(settings.user == "app" && settings.password == "s:cret" && settings.host == "db")
        #expect(settings.port == 5433 && settings.database == "shop" && settings.tls == .require)
        #expect(settings.redactedURL == "postgres://app:***@db:5433/shop")
        #expect(settings.apply(url: "postgres://h/db?sslmode=sometimes")?.contains("sslmode") == true)
        #expect(PostgresSinkSettings.isValidIdentifier("clickstream_2"))
        #expect(
            !PostgresSinkSettings.isValidIdentifier("Robert'); DROP") && !PostgresSinkSettings.isValidIdentifier("9a"))
    }

    @Test("[sinks.redis] and [sinks.postgres] in the config file, with every problem reported")
    func config() throws {
        let config = try ConfigLoader.parse(
            """
            [sinks.redis]
            url = "redis://127.0.0.1:7000/2"
            fields = "flat"
            stream_max_length = 0

            [sinks.postgres]
            url = "postgres://u@127.0.0.1:5999/d"
            updates_per_second = 5
            """)
        #expect(config.sinks.redis.isConfigured && config.sinks.redis.port == 7000 && config.sinks.redis.database == 2)
        #expect(config.sinks.redis.fields == .flat && config.sinks.redis.streamMaxLength == 0)
        #expect(
            config.sinks.postgres.isConfigured && config.sinks.postgres.port == 5999
                && config.sinks.postgres.updatesPerSecond == 5)
        #expect(!ConfigLoader.parseOrNil("").map(\.sinks.redis.isConfigured)!)

        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse(
                "[sinks.redis]\nfields = \"xml\"\nsesion_view = true\n\n[[streams]]\nname = \"a\"\nrate = 1\nsink = \"mongo\"\n"
            )
        }
        let text = error?.description ?? ""
        #expect(
            text.contains("sinks.redis.fields") && text.contains("sinks.redis.sesion_view")
                && text.contains("session_view"), "\(text)")
        #expect(
            text.contains("streams[0].sink") && text.contains("redis, postgres"),
            "the sink error lists every sink: \(text)")
    }
}

extension ConfigLoader {
    static func parseOrNil(_ text: String) -> DaemonConfig? { try? parse(text) }
}
