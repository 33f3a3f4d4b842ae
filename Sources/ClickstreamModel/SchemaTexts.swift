/// The schemas of the four record types, as published in schemas/ (embedded by
/// scripts/embed-schemas, so the daemon registers and clickctl prints exactly the files).
public enum SchemaTexts {
    /// The schema of `dataType` values in `format`: .avsc, .proto, or .schema.json (for
    /// `json_schema`, and for plain `json`, which has no registry schema but the same shape).
    public static func text(for dataType: DataType, format: RecordFormat) -> String {
        switch (dataType, format) {
        case (.users, .avro): users_avro
        case (.users, .protobuf): users_protobuf
        case (.users, _): users_jsonSchema
        case (.products, .avro): products_avro
        case (.products, .protobuf): products_protobuf
        case (.products, _): products_jsonSchema
        case (.interactions, .avro): interactions_avro
        case (.interactions, .protobuf): interactions_protobuf
        case (.interactions, _): interactions_jsonSchema
        case (.sessions, .avro): sessions_avro
        case (.sessions, .protobuf): sessions_protobuf
        case (.sessions, _): sessions_jsonSchema
        }
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
