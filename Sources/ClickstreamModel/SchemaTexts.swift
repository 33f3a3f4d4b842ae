/// The schemas of the four record types, as published in schemas/ (embedded at build time by
/// EmbedPlugin, so the daemon registers and clickctl prints exactly the files).
public enum SchemaTexts {
    /// The schema of `dataType` values in `format`: .avsc, .proto, or .schema.json (for
    /// `json_schema`, and for plain `json`, which has no registry schema but the same shape).
    public static func text(for dataType: DataType, format: RecordFormat) -> String {
        let name = fileName(for: dataType, format: format)
        guard let text = files[name] else { preconditionFailure("schemas/\(name) is not embedded") }
        return text
    }

    /// The file in schemas/ a text comes from.
    public static func fileName(for dataType: DataType, format: RecordFormat) -> String {
        switch format {
        case .avro: "\(dataType.rawValue).avsc"
        case .protobuf: "\(dataType.rawValue).proto"
        case .json, .jsonSchema: "\(dataType.rawValue).schema.json"
        }
    }

    /// The fully qualified record name (Avro namespace.name, Protobuf package.message; the
    /// same name for JSON Schema): the subject of RecordNameStrategy.
    public static func recordName(for dataType: DataType) -> String {
        switch dataType {
        case .users: "clickstream.User"
        case .products: "clickstream.Product"
        case .interactions: "clickstream.Interaction"
        case .sessions: "clickstream.Session"
        }
    }
}
