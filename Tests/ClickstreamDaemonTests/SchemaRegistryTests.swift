import ClickstreamGenerator
import ClickstreamModel
import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

/// A real clickstreamd streams every record type in every registry format to a real Tansu
/// broker, registering its schemas with the Schema Registry stand-in (basic auth on); the
/// records are read back and decoded by confluent-kafka's own deserializers, which resolve
/// the schema ids from the stand-in, and compared with the JSON of the same records.
@Suite("Schema Registry formats", .serialized)
struct SchemaRegistryTests {
    static let python = ProjectPaths.root.appendingPathComponent(".venv/bin/python")
    static let available =
        FileManager.default.isExecutableFile(atPath: python.path)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/protoc") && ProjectPaths.tool("tansu") != nil
    static let backfill = "backfill:2025-01-01/2025-01-08"
    static let auth = "clickstream:s3cret"

    static func registryTOML(_ url: String, auth: String? = SchemaRegistryTests.auth, strategy: String = "topic")
        -> String
    {
        var toml = "[schema_registry]\nurl = \"\(url)\"\nsubject_name_strategy = \"\(strategy)\"\ntimeout = 3\n"
        if let auth { toml += "basic_auth_user_info = \"\(auth)\"\n" }
        return toml
    }

    /// The JSON of the records stream `id` generated: same world, stream seed and time mode.
    static func reference(_ type: DataType, streamID: String, count: Int, config: DaemonConfig) -> [UInt8] {
        guard case .success(let mode) = TimeMode.parse(backfill) else { return [] }
        var generator = StreamGenerator(
            dataType: type, world: World(config: config.generator.generatorConfig),
            streamSeed: StreamWorker.seed(for: streamID), shard: config.generator.shard,
            timeMode: mode, startMillis: 0)
        var batch = EncodedBatch()
        var out: [UInt8] = []
        var made = 0
        while made < count && !generator.isFinished {
            batch.removeAll()
            generator.generate(count: min(1000, count - made), into: &batch)
            for i in 0..<batch.count { out += batch.value(at: i) + [0x0A] }
            made += batch.count
        }
        return out
    }

    static func stream(_ daemon: DaemonProcess, id: String) throws -> [String: Any]? {
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        return (status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id }
    }

    @Test(.enabled(if: available, "needs scripts/setup (.venv, tansu, protoc)"))
    func everyFormatDecodesEndToEnd() throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let registry = try SchemaRegistryStandIn.start(basicAuth: Self.auth)
        defer { registry.stop() }
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: Self.registryTOML(registry.url),
                kafkaBootstrapServers: broker.bootstrapServers))
        defer { daemon.cleanUp() }
        let config = try ConfigLoader.parse(daemon.generatedConfig)

        let count = 300
        var jobs: [String] = []
        var started: [(id: String, topic: String)] = []
        let directory = URL(fileURLWithPath: daemon.directory.path)
        for format in [RecordFormat.avro, .protobuf, .jsonSchema] {
            for type in DataType.allCases {
                let topic = "\(type.rawValue)-\(format.rawValue)"
                let params =
                    #"{"data_type":"\#(type.rawValue)","rate":0,"max_count":\#(count),"topic":"\#(topic)","sink":"kafka","format":"\#(format.rawValue)","time_mode":"\#(Self.backfill)"}"#
                let result = try #require(daemon.result("stream.start", params: params) as? [String: Any])
                let id = try #require(result["stream_id"] as? String)
                started.append((id, topic))
                let file = directory.appendingPathComponent("\(topic).ndjson")
                try Data(Self.reference(type, streamID: id, count: count, config: config)).write(to: file)
                jobs.append("\(topic):\(format.rawValue):\(type.rawValue):\(file.path)")
            }
        }
        try Network.waitUntil(timeout: 60, "every stream delivered") {
            try started.allSatisfy { (try Self.stream(daemon, id: $0.id)?["delivered"] as? Int) == count }
        }
        for (id, topic) in started {
            let info = try #require(try Self.stream(daemon, id: id))
            #expect(info["failed"] as? Int == 0, "\(topic): \(info)")
        }

        let script = ProjectPaths.root.appendingPathComponent("Tests/SchemaSupport/decode_topic.py").path
        let decoder = try ChildProcess(
            executable: Self.python.path,
            arguments: [
                script, "--bootstrap", broker.bootstrapServers, "--registry", registry.url, "--auth", Self.auth,
            ] + jobs)
        let code = decoder.waitForExit(timeout: 180) ?? decoder.stop()
        #expect(code == 0, "decode_topic.py:\n\(decoder.output)")
        print(decoder.output)
        // One subject per topic (TopicNameStrategy), each registered once.
        #expect(
            registry.output.components(separatedBy: "POST /subjects/").count - 1 == started.count, "\(registry.output)")
    }

    @Test(.enabled(if: available, "needs scripts/setup (.venv, tansu, protoc)"))
    func refusalsStopTheStreamBeforeItSendsAnything() throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        // RecordNameStrategy: the subject is the record's full name.
        let registry = try SchemaRegistryStandIn.start(refuse: ["clickstream.Interaction"])
        defer { registry.stop() }
        let daemon = try DaemonProcess.start(
            .init(
                extraTOML: Self.registryTOML(registry.url, auth: nil, strategy: "record"),
                kafkaBootstrapServers: broker.bootstrapServers))
        defer { daemon.cleanUp() }

        func startError(_ params: String) throws -> [String: Any] {
            let response = try daemon.request("stream.start", params: params)
            return try #require(response["error"] as? [String: Any], "stream.start succeeded: \(response)")
        }
        // Incompatible evolution: the registry's 409 and its message.
        let refused = try startError(#"{"data_type":"interactions","sink":"kafka","format":"avro","topic":"refused"}"#)
        let message = try #require(refused["message"] as? String)
        #expect(message.contains("incompatible") && message.contains("clickstream.Interaction"), "\(message)")
        #expect(((refused["data"] as? [String: Any])?["status"] as? Double) == 409)
        // Another subject is accepted (record name clickstream.Session).
        let accepted = try daemon.result(
            "stream.start",
            params: #"{"data_type":"sessions","sink":"kafka","format":"protobuf","max_count":5,"rate":0}"#)
        #expect((accepted as? [String: Any])?["stream_id"] != nil)
        // Binary formats need the Kafka sink.
        let fileSink = try startError(#"{"data_type":"users","sink":"file","format":"avro"}"#)
        #expect((fileSink["message"] as? String)?.contains("needs the kafka sink") == true, "\(fileSink)")
        // Registry down: the stream does not start, and says where it looked.
        registry.stop()
        let down = try startError(#"{"data_type":"users","sink":"kafka","format":"avro","topic":"down"}"#)
        #expect((down["message"] as? String)?.contains("unreachable") == true, "\(down)")
        // Nothing was started for the refused streams: only the accepted one is listed.
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        #expect((status["streams"] as? [[String: Any]])?.count == 1, "\(status)")
    }

    @Test(.enabled(if: available, "needs scripts/setup (.venv, tansu, protoc)"))
    func withoutARegistryBinaryFormatsAreRefused() throws {
        let daemon = try DaemonProcess.start(.init(kafkaBootstrapServers: "127.0.0.1:1"))
        defer { daemon.cleanUp() }
        let response = try daemon.request(
            "stream.start", params: #"{"data_type":"users","sink":"kafka","format":"protobuf"}"#)
        let error = try #require(response["error"] as? [String: Any])
        #expect((error["message"] as? String)?.contains("schema_registry.url") == true, "\(error)")
        #expect((error["data"] as? [String: Any])?["field"] as? String == "format")
        // The config refuses it too, naming the key.
        #expect(throws: ConfigError.self) {
            try ConfigLoader.checkFormats(try ConfigLoader.parse("[topics]\nformat = \"avro\"\n"), path: "test.toml")
        }
    }

    /// The same method behind HTTP: format from the query string or the body, the
    /// registry's refusal as 503 with its message, and the formats in /openapi.json.
    @Test(.enabled(if: available, "needs scripts/setup (.venv, tansu, protoc)"))
    func httpTakesTheFormat() async throws {
        let broker = try await HTTPTestClient.onThread { try TansuBroker.start() }
        defer { broker.stop() }
        let registry = try await HTTPTestClient.onThread {
            try SchemaRegistryStandIn.start(refuse: ["clickstream.Interaction"])
        }
        defer { registry.stop() }
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    extraTOML: Self.registryTOML(registry.url, auth: nil, strategy: "record"), http: true,
                    kafkaBootstrapServers: broker.bootstrapServers))
        }
        defer { daemon.cleanUp() }
        let client = HTTPTestClient(port: daemon.httpPort)
        let started = try await client.post(
            "/stream/start?data_type=users&sink=kafka&format=protobuf&max_count=5&rate=0")
        #expect(started.status == 200 && started.object["stream_id"] is String, "\(started.text)")
        let refused = try await client.post(
            "/stream/start", json: #"{"data_type":"interactions","sink":"kafka","format":"avro"}"#)
        #expect(refused.status == 503, "\(refused.text)")
        #expect((refused.error["message"] as? String)?.contains("incompatible") == true, "\(refused.text)")
        let document = try await client.get("/openapi.json")
        let schemas = (document.object["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let properties = (schemas?["StreamStartRequest"] as? [String: Any])?["properties"] as? [String: Any]
        let formats = (properties?["format"] as? [String: Any])?["enum"] as? [Any] ?? []
        #expect(Set(formats.compactMap { $0 as? String }) == ["json", "json_schema", "avro", "protobuf"])
        #expect(registry.output.contains("POST /subjects/clickstream.User/versions"), "\(registry.output)")
    }
}
