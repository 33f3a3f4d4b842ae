import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamDaemon

/// `[schema_registry]`, `[topics] format`, `[topics.formats]` and `[[streams]] format`.
@Suite("Schema config")
struct SchemaConfigTests {
    @Test func formatsAndRegistryAreRead() throws {
        let config = try ConfigLoader.parse(
            """
            [topics]
            format = "avro"
            [topics.formats]
            sessions = "protobuf"
            [schema_registry]
            url = "https://registry.example:8081"
            basic_auth_user_info = "key:secret"
            subject_name_strategy = "topic_record"
            [[streams]]
            name = "s"
            format = "json_schema"
            """)
        #expect(config.topics.format(for: .users) == .avro)
        #expect(config.topics.format(for: .sessions) == .protobuf)
        #expect(config.streams.first?.spec.format == .jsonSchema)
        #expect(config.schemaRegistry.basicAuthUserInfo == "key:secret")
        #expect(
            config.schemaRegistry.subjectNameStrategy.subject(topic: "clicks", dataType: .interactions)
                == "clicks-clickstream.Interaction")
        try ConfigLoader.checkFormats(config, path: "t.toml")
        #expect(try ConfigLoader.parse("").topics.format(for: .interactions) == .json)
    }

    @Test func subjectStrategies() {
        #expect(SubjectNameStrategy.topic.subject(topic: "clicks", dataType: .sessions) == "clicks-value")
        #expect(SubjectNameStrategy.record.subject(topic: "clicks", dataType: .sessions) == "clickstream.Session")
    }

    @Test func everyBadValueIsReportedWithItsKey() throws {
        let text = """
            [topics]
            format = "xml"
            [topics.formats]
            userz = "avro"
            [schema_registry]
            url = "registry:8081"
            basic_auth_user_info = "no-colon"
            subject_name_strategy = "topicname"
            """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, path: "t.toml") }
        let keys = Set(error?.issues.map(\.keyPath) ?? [])
        #expect(
            keys == [
                "topics.format", "topics.formats.userz", "schema_registry.url",
                "schema_registry.basic_auth_user_info", "schema_registry.subject_name_strategy",
            ], "\(keys)")
        #expect(error?.issues.first { $0.keyPath == "topics.format" }?.message.contains("json_schema") == true)
    }

    /// A registry format without a registry: the file does not load; SCHEMA_REGISTRY_URL fixes it.
    @Test func registryFormatsNeedARegistry() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-config-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("c.toml").path
        try "[[streams]]\nname = \"a\"\nformat = \"avro\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.load(path: path, environment: [:]) }
        let issue = try #require(error?.issues.first)
        #expect(issue.keyPath == "streams[0].format" && issue.message.contains("schema_registry.url"), "\(issue)")
        let config = try ConfigLoader.load(path: path, environment: ["SCHEMA_REGISTRY_URL": "http://127.0.0.1:8081"])
        #expect(config.schemaRegistry.url == "http://127.0.0.1:8081")
    }
}
