import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

#if canImport(Glibc)
import Glibc
#endif

/// Names from outside (topics, stream names) are checked where they enter: RPC, HTTP, the
/// config file and its environment; the file sink writes only inside its directory.
@Suite("Name validation", .serialized)
final class NameValidationTests {
    static let built = FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickstreamd").path)

    /// Topics that must never reach a sink, and the words the error has to say.
    static let badTopics: [(String, String)] = [
        ("../escaped", "'/'"), ("/tmp/abs", "'/'"), ("a\u{0}b", "byte 0x00"), ("..", "\"..\""), (".", "\".\""),
        ("", "empty"), (String(repeating: "t", count: 250), "249"),
    ]

    private func error(_ response: [String: Any]) -> (code: Int?, message: String, field: String?) {
        let error = response["error"] as? [String: Any]
        return (
            error?["code"] as? Int, error?["message"] as? String ?? "",
            (error?["data"] as? [String: Any])?["field"] as? String
        )
    }

    private static func json(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }

    /// Files anywhere under `root` other than inside `data`.
    private static func strayFiles(in root: String) -> [String] {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.contains("escaped") || $0.hasPrefix("abs") || $0 == "a.ndjson" }
    }

    @Test("RPC: stream.start and generate refuse bad topics and stream names, naming the field", .enabled(if: built))
    func rpc() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: "[sinks]\ndefault = \"file\""))
        defer { daemon.cleanUp() }
        let client = try daemon.connect()
        for (topic, words) in Self.badTopics {
            for (method, extra) in [
                ("stream.start", #""rate":10,"sink":"file""#), ("generate.users", #""count":5,"stream":true"#),
            ] {
                let response = try client.request(method, params: #"{"topic":\#(Self.json(topic)),\#(extra)}"#)
                let (code, message, field) = error(response)
                #expect(code == -32602, "\(method) \(topic.debugDescription): \(response)")
                #expect(field == "topic" && message.contains("topic") && message.contains(words), "\(message)")
            }
        }
        for (name, words) in [("a\nb", "U+000A"), ("\u{1B}[2J", "U+001B"), (String(repeating: "n", count: 129), "128")]
        {
            let response = try client.request("stream.start", params: #"{"name":\#(Self.json(name)),"rate":10}"#)
            let (code, message, field) = error(response)
            #expect(code == -32602 && field == "name" && message.contains(words), "\(response)")
        }
        // Nothing was started, nothing written outside the data directory.
        let status = try #require(client.request("stream.status")["result"] as? [String: Any])
        #expect((status["streams"] as? [Any])?.isEmpty == true, "\(status)")
        #expect(Self.strayFiles(in: daemon.directory.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.appendingPathComponent("escaped.ndjson").path))
        // A valid topic still works and lands in the data directory.
        let ok = try client.request("generate.users", params: #"{"count":5,"stream":true,"topic":"ok.topic_1-x"}"#)
        #expect((ok["result"] as? [String: Any])?["delivered"] as? Int == 5, "\(ok)")
        #expect(FileManager.default.fileExists(atPath: daemon.dataDirectory + "/ok.topic_1-x.ndjson"))
    }

    @Test("HTTP: POST /stream/start?topic=../x&sink=file is a 400 naming topic", .enabled(if: built))
    func http() async throws {
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(.init(http: true, logLevel: "warning"))
        }
        defer { daemon.cleanUp() }
        let client = HTTPTestClient(port: daemon.httpPort)
        let query = try await client.post("/stream/start?topic=../x&sink=file&rate=5")
        #expect(query.status == 400, "\(query.text)")
        #expect(query.error["code"] as? String == "invalid_params")
        #expect((query.error["message"] as? String)?.contains("topic") == true, "\(query.text)")
        #expect((query.error["details"] as? [String: Any])?["field"] as? String == "topic", "\(query.text)")
        let encoded = try await client.post("/stream/start?topic=%2Ftmp%2Fabs&sink=file&rate=5")
        #expect(encoded.status == 400, "\(encoded.text)")
        let body = try await client.post("/stream/start", json: #"{"topic": "a\u0000b", "sink": "file", "rate": 5}"#)
        #expect(body.status == 400 && (body.error["message"] as? String)?.contains("0x00") == true, "\(body.text)")
        let name = try await client.post("/stream/start", json: #"{"name": "x\u001b[2J", "rate": 5}"#)
        #expect(
            name.status == 400 && (name.error["details"] as? [String: Any])?["field"] as? String == "name",
            "\(name.text)")
        let generate = try await client.post("/generate/users", json: #"{"count": 3, "stream": true, "topic": "../x"}"#)
        #expect(generate.status == 400, "\(generate.text)")
        #expect(Self.strayFiles(in: daemon.directory.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: daemon.directory.appendingPathComponent("x.ndjson").path))
    }

    @Test("config and environment: bad topics and names are config errors with key and line")
    func config() throws {
        let text = """
            [topics]
            users = ".."
            sessions = "a/b"

            [[streams]]
            name = "ok"
            topic = "../escaped"

            [[streams]]
            name = "bell\\u0007"
            """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, path: "t.toml") }
        let issues = try #require(error?.issues)
        func issue(_ key: String) -> ConfigIssue? { issues.first { $0.keyPath == key } }
        #expect(issue("topics.users")?.line == 2)
        #expect(issue("topics.users")?.message.contains("\"..\"") == true)
        #expect(issue("topics.sessions")?.message.contains("'/'") == true)
        #expect(issue("streams[0].topic")?.line == 7)
        #expect(issue("streams[0].topic")?.message.contains("../escaped") == true)
        #expect(issue("streams[1].name")?.message.contains("U+0007") == true, "\(issues)")

        var config = try ConfigLoader.parse("")
        let envError = #expect(throws: ConfigError.self) {
            try EnvironmentOverrides.apply(["KAFKA_TOPIC_USERS": "../x", "KAFKA_TOPIC_SESSIONS": "fine"], to: &config)
        }
        let envIssues = try #require(envError?.issues)
        #expect(envIssues.count == 1 && envIssues[0].keyPath == "env KAFKA_TOPIC_USERS", "\(envIssues)")
    }

    @Test("the file sink refuses a symbolic link in its directory and writes nothing through it", .enabled(if: built))
    func symlink() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: "[sinks]\ndefault = \"file\""))
        defer { daemon.cleanUp() }
        let outside = daemon.directory.appendingPathComponent("outside.txt").path
        try "untouched\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: daemon.dataDirectory, withIntermediateDirectories: true)
        #expect(Glibc.symlink(outside, daemon.dataDirectory + "/linked.ndjson") == 0)

        let response = try daemon.request(
            "stream.start", params: #"{"data_type":"users","rate":100,"max_count":20,"topic":"linked","name":"link"}"#)
        let id = try #require((response["result"] as? [String: Any])?["stream_id"] as? String, "\(response)")
        var info: [String: Any] = [:]
        try Network.waitUntil(timeout: 10, "the stream to report the refused file") {
            let status = try daemon.result("stream.status") as? [String: Any]
            info = (status?["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id } ?? [:]
            return (info["failed"] as? Int ?? 0) > 0
        }
        #expect((info["last_error"] as? String)?.contains("symbolic link") == true, "\(info)")
        #expect(info["delivered"] as? Int == 0)
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "untouched\n")
        _ = try daemon.request("stream.stop", params: #"{"stream_id":"\#(id)"}"#)
        #expect(try daemon.request("health")["result"] != nil)
    }
}
