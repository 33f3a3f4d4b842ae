import ClickstreamModel

/// `[schema_registry]`: the Confluent-compatible Schema Registry that avro, protobuf and
/// json_schema streams register their schema with at start. Empty `url`: no registry, and
/// streams in those formats are refused.
struct SchemaRegistrySettings: Sendable, Equatable {
    /// Base URL, e.g. `http://127.0.0.1:8081` or `https://psrc-xxxx.confluent.cloud`.
    var url: String = ""
    /// `key:secret` for HTTP basic authentication (Confluent Cloud's API key and secret).
    var basicAuthUserInfo: String?
    var subjectNameStrategy: SubjectNameStrategy = .topic
    /// Seconds one registry request may take before the stream start fails.
    var timeout: Double = 10

    var isConfigured: Bool { !url.isEmpty }

    /// Why streams of `format` cannot run under these settings, or nil when they can.
    func refusal(for format: RecordFormat) -> String? {
        guard format.needsRegistry, !isConfigured else { return nil }
        return "format \"\(format.rawValue)\" writes the Confluent wire format, whose schema id comes from a Schema "
            + "Registry: set schema_registry.url (or SCHEMA_REGISTRY_URL), or use format \"json\""
    }
}

/// How the subject a schema is registered under is named (the Confluent serializers'
/// `subject.name.strategy`).
enum SubjectNameStrategy: String, Sendable, CaseIterable {
    /// `<topic>-value`: one schema per topic (Confluent's default).
    case topic
    /// The record's full name (`clickstream.Interaction`): one schema per record type,
    /// whatever the topic.
    case record
    /// `<topic>-<record full name>`.
    case topicRecord = "topic_record"

    func subject(topic: String, dataType: DataType) -> String {
        switch self {
        case .topic: "\(topic)-value"
        case .record: SchemaTexts.recordName(for: dataType)
        case .topicRecord: "\(topic)-\(SchemaTexts.recordName(for: dataType))"
        }
    }
}
