import ClickstreamAPI
import ClickstreamModel

extension ParamChecks {
    /// A registry format needs a registry, and the Kafka sink: files and stdout hold NDJSON
    /// lines, which binary values would break, and Redis and PostgreSQL store JSON records. The
    /// request itself is well-formed, so the refusal is `unavailable` (HTTP 503), as for a
    /// Kafka sink without a broker.
    static func format(_ format: RecordFormat, sink: SinkKind, registry: SchemaRegistrySettings) throws(RPCError) {
        guard format.needsRegistry else { return }
        if let refusal = registry.refusal(for: format) {
            throw RPCError(
                .unavailable, refusal, data: ["field": "format", "expected": "json, or a schema_registry.url"])
        }
        guard sink == .kafka else {
            let holds = sink == .file || sink == .stdout ? "writes NDJSON lines" : "stores JSON records"
            throw RPCError(
                .unavailable,
                "format \"\(format.rawValue)\" needs the kafka sink: the \(sink.rawValue) sink "
                    + "\(holds), use format \"json\" there", data: ["field": "format", "sink": .string(sink.rawValue)])
        }
    }
}
