/// The wire format of a stream's record values.
///
/// `json` is clickstream's own NDJSON, unframed. The other three are the Confluent wire
/// format: a magic byte 0 and the 4-byte big-endian id of the schema the value was written
/// with (registered in a Schema Registry at stream start), then the value: the same JSON
/// (`json_schema`), Avro binary (`avro`), or a message-index list and Protobuf wire format
/// (`protobuf`).
public enum RecordFormat: String, Sendable, Codable, CaseIterable, Hashable {
    case json
    case jsonSchema = "json_schema"
    case avro
    case protobuf

    /// Formats whose values carry a schema id, so a stream needs a Schema Registry.
    public var needsRegistry: Bool { self != .json }

    /// The schema language a registry knows this format's schema as (`schemaType`).
    public var schemaType: String {
        switch self {
        case .json, .jsonSchema: "JSON"
        case .avro: "AVRO"
        case .protobuf: "PROTOBUF"
        }
    }
}

/// A format with the registry's id of the schema it writes (0 for plain `json`).
@PublicMemberwiseInit
public struct RecordEncoding: Sendable, Equatable, Hashable {
    public var format: RecordFormat
    public var schemaID: UInt32 = 0

    public static let json = RecordEncoding(format: .json)

    /// Bytes written before every value (see `writePrefix`).
    public var prefixBytes: Int {
        switch format {
        case .json: 0
        case .jsonSchema, .avro: 5
        case .protobuf: 6
        }
    }

    /// The Confluent framing: magic byte 0, the schema id big-endian, and for Protobuf the
    /// message-index list of the record's message, which is the first of its file: the
    /// list `[0]` is written as the single byte 0.
    @inlinable @inline(__always)
    public func writePrefix(into w: inout ByteWriter) {
        guard format != .json else { return }
        w.byte(0)
        w.byte(UInt8(truncatingIfNeeded: schemaID >> 24))
        w.byte(UInt8(truncatingIfNeeded: schemaID >> 16))
        w.byte(UInt8(truncatingIfNeeded: schemaID >> 8))
        w.byte(UInt8(truncatingIfNeeded: schemaID))
        if format == .protobuf { w.byte(0) }
    }
}
