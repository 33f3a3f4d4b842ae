import ClickstreamModel

/// What a stream is asked to be, whichever door the request came through: the params of
/// `stream.start` (RPC), the query or JSON body of `POST /stream/start` (HTTP), what
/// `clickctl stream start` sends, a `[[streams]]` table of the config, and (with every
/// default filled in) the definition saved in the state file.
///
/// Every field is optional: what a request leaves out, the daemon fills in at one place
/// (`DaemonConfig.resolve`): `[defaults]` of the config, over which the GENERATION_RATE and
/// BATCH_SIZE environment variables apply, then the built-in defaults.
///
/// Adding a field: a property here, its case in `CodingKeys` (with its JSON `kind`), a
/// parameter of `init`; then an option of clickctl's `stream start` and its line in the
/// OpenAPI schema `StreamStartRequest` (a test fails without either). The RPC field list, the
/// HTTP query parameters, the config's `[[streams]]` keys and the state file follow from
/// `CodingKeys`; a default, if it has one, goes into `DaemonConfig.resolve`; the worker
/// reads it from `definition.spec`.
@PublicMemberwiseInit
public struct StreamSpec: Sendable, Codable, Equatable {
    /// users, products, interactions (default) or sessions.
    public var dataType: DataType?
    /// Records per second; 0 means as fast as the sink takes them.
    public var rate: Double?
    /// Stop after this many records (nil: no limit).
    public var maxCount: Int?
    /// Stop after this many seconds of running time (nil: no limit).
    public var duration: Double?
    /// A human name; defaults to the stream id.
    public var name: String?
    /// Default: the daemon's default sink (kafka when a broker is configured, else file).
    public var sink: SinkKind?
    /// Kafka topic or file name override (default: the data type's topic).
    public var topic: String?
    /// Event time (default realtime).
    public var timeMode: TimeMode?
    /// Largest sink batch (default: the daemon's `[defaults] batch_size`).
    public var batchSize: Int?
    /// Wire format of the values: json (default: the topic's `[topics]` format), avro,
    /// protobuf or json_schema (Confluent wire format, schema registered at start).
    public var format: RecordFormat?
    /// How the target rate moves over time (default constant: `rate` all along); spike and
    /// daily multiply `rate`, ramp and steps name their own rates. See `RateSchedule`.
    public var schedule: RateSchedule?
    /// Records delayed, duplicated or dropped on purpose, each labelled (interactions on Kafka
    /// only; docs/streams.md), e.g. `late=0.05:30s,duplicate=0.01,drop=0.01`.
    public var disorder: DisorderSpec?
    /// Write the exact per-minute, per-category aggregates beside the stream (interactions
    /// only): `<topic>.truth.ndjson` in the file sink's directory (docs/streams.md).
    public var truth: Bool?

    /// The fields' wire names, and the JSON kind of each (HTTP converts query strings with it).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case dataType = "data_type"
        case rate
        case maxCount = "max_count"
        case duration, name, sink, topic
        case timeMode = "time_mode"
        case batchSize = "batch_size"
        case format
        case schedule
        case disorder, truth

        public var kind: JSONKind {
            switch self {
            case .dataType, .name, .sink, .topic, .timeMode, .format, .schedule, .disorder: .string
            case .rate, .duration: .number
            case .maxCount, .batchSize: .integer
            case .truth: .boolean
            }
        }

        /// The key in a `[[streams]]` table: the wire name, except `count` for `max_count`
        /// (the config's name since the first release).
        public var configKey: String { self == .maxCount ? "count" : rawValue }
    }

    /// Every wire name (the fields `stream.start` accepts).
    public static let fieldNames: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}

/// The JSON type of a request field.
public enum JSONKind: Sendable {
    case string, integer, number, boolean
}
