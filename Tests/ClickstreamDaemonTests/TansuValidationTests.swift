import ClickstreamModel
import ClickstreamTestSupport
import Foundation
import Testing

/// Tansu's own schema validation (`--schema-registry file://DIR`, a JSON Schema per topic in
/// DIR/<topic>.json with the value's schema under `properties.value`) checks plain JSON
/// values, so it can police clickstream's default `json` format with the published
/// schemas/<entity>.schema.json. (Tansu 0.6 validates unframed values only: Avro as an
/// object container file, Protobuf as a bare `Value` message; the Confluent-framed avro,
/// protobuf and json_schema formats are for Confluent-compatible registries. docs/schemas.md.)
@Suite("Tansu schema validation")
struct TansuValidationTests {
    @Test(.enabled(if: ProjectPaths.tool("tansu") != nil && ProjectPaths.tool("kcat") != nil, "needs scripts/setup"))
    func jsonStreamsPassAndInvalidRecordsAreRejected() throws {
        // Tansu 0.6 takes a file:// URL's path relative to its working directory (ours) and
        // normalises `..` away, so the schemas sit below it: file://./.build/tansu-schemas-PID.
        let name = ".build/tansu-schemas-\(getpid())"
        let directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for type in DataType.allCases {
            let schema = SchemaTexts.text(for: type, format: .jsonSchema)
            try #"{"type": "object", "properties": {"value": \#(schema)}}"#
                .write(
                    to: directory.appendingPathComponent("validated-\(type.rawValue).json"), atomically: true,
                    encoding: .utf8)
        }
        let broker = try TansuBroker.start(extraArguments: ["--schema-registry", "file://./" + name])
        defer { broker.stop() }
        let daemon = try DaemonProcess.start(.init(kafkaBootstrapServers: broker.bootstrapServers))
        defer { daemon.cleanUp() }

        var ids: [String] = []
        for type in DataType.allCases {
            let params =
                #"{"data_type":"\#(type.rawValue)","rate":0,"max_count":200,"topic":"validated-\#(type.rawValue)","sink":"kafka"}"#
            let started = try #require(daemon.result("stream.start", params: params) as? [String: Any])
            ids.append(try #require(started["stream_id"] as? String))
        }
        try Network.waitUntil(timeout: 60, "validated streams delivered") {
            let status = try #require(daemon.result("stream.status") as? [String: Any])
            let streams = status["streams"] as? [[String: Any]] ?? []
            return streams.filter { ids.contains($0["stream_id"] as? String ?? "") }
                .allSatisfy { ($0["delivered"] as? Int ?? 0) + ($0["failed"] as? Int ?? 0) == 200 }
        }
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        for stream in status["streams"] as? [[String: Any]] ?? [] {
            #expect(
                stream["delivered"] as? Int == 200 && stream["failed"] as? Int == 0,
                "Tansu refused valid records: \(stream)")
        }

        // A record outside the schema (an interaction_type the enum does not have) is refused.
        let record = try #require(
            Kcat.consumeAll(topic: "validated-interactions", bootstrapServers: broker.bootstrapServers)
                .first?.payload)
        let kinds = [
            "view", "click", "add_to_cart", "remove_from_cart", "purchase", "wishlist", "review", "share", "search",
        ]
        var invalid = record
        for kind in kinds {
            invalid = invalid.replacingOccurrences(
                of: #""interaction_type":"\#(kind)""#, with: #""interaction_type":"teleport""#)
        }
        #expect(invalid != record)
        for (payload, accepted) in [(record, true), (invalid, false)] {
            let file = directory.appendingPathComponent("record.json")
            try payload.write(to: file, atomically: true, encoding: .utf8)
            let kcat = try ChildProcess(
                executable: try #require(ProjectPaths.tool("kcat")).path,
                arguments: ["-P", "-b", broker.bootstrapServers, "-t", "validated-interactions", file.path])
            let code = kcat.waitForExit(timeout: 20)
            #expect((code == 0) == accepted, "kcat exit \(String(describing: code)): \(kcat.output)")
            if !accepted { #expect(kcat.output.contains("failed to validate"), "\(kcat.output)") }
        }
    }
}
