import ClickstreamAPI
import ClickstreamModel

/// Turns a stream's format into the `RecordEncoding` its generator writes: nothing to do
/// for json; for the registry formats, registers the embedded schema under the configured
/// subject and takes the id the registry gives. Fails with the registry's own words, so a
/// stream whose schema is refused never starts and nothing is sent unframed.
struct SchemaRegistrar: Sendable {
    let settings: SchemaRegistrySettings

    func encoding(format: RecordFormat, dataType: DataType, topic: String) async throws(RPCError) -> RecordEncoding {
        guard format.needsRegistry else { return .json }
        if let refusal = settings.refusal(for: format) {
            throw RPCError(.unavailable, refusal, data: ["field": "format"])
        }
        let subject = settings.subjectNameStrategy.subject(topic: topic, dataType: dataType)
        let client = SchemaRegistryClient(settings: settings)
        do {
            let id = try await client.register(
                subject: subject, schema: SchemaTexts.text(for: dataType, format: format),
                schemaType: format.schemaType)
            return RecordEncoding(format: format, schemaID: id)
        } catch {
            var data: [String: JSONValue] = ["subject": .string(subject), "schema_registry": .string(settings.url)]
            if let status = error.status { data["status"] = .number(Double(status)) }
            throw RPCError(.unavailable, error.message, data: .object(data))
        }
    }
}
