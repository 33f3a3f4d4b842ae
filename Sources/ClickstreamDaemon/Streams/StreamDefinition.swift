import ClickstreamAPI
import ClickstreamModel

/// What a stream is, as given when it was started: everything needed to start it again
/// after a restart. Persisted in the state file.
struct StreamDefinition: Sendable, Codable, Equatable {
    /// Where a stream came from: an RPC/HTTP `stream.start`, or a `[[streams]]` entry.
    enum Origin: String, Sendable, Codable { case rpc, config }

    var id: String
    var name: String
    var dataType: DataType
    /// Records per second; 0 = as fast as the sink takes them.
    var rate: Double
    var maxCount: Int?
    /// Seconds of running time (accumulated across restarts).
    var duration: Double?
    var sink: SinkKind
    /// Kafka topic, or the file sink's file name (without .ndjson).
    var topic: String
    var timeMode: String
    /// Largest sink batch.
    var batchSize: Int
    var origin: Origin
    /// Wire format of the values; nil (state files from before formats) is json.
    var format: RecordFormat?

    enum CodingKeys: String, CodingKey {
        case id, name, rate, duration, sink, topic, origin, format
        case dataType = "data_type"
        case maxCount = "max_count"
        case timeMode = "time_mode"
        case batchSize = "batch_size"
    }
}
