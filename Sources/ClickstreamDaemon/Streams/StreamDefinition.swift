import ClickstreamAPI
import ClickstreamModel

/// What a stream is: its id, where it came from, and its `StreamSpec` with every default
/// filled in (by `DaemonConfig.resolve`, the only place that builds one). Everything needed
/// to start it again after a restart; persisted in the state file as one flat object (the
/// spec's fields, `id` and `origin`).
struct StreamDefinition: Sendable, Codable, Equatable {
    /// Where a stream came from: an RPC/HTTP `stream.start`, or a `[[streams]]` entry.
    enum Origin: String, Sendable, Codable { case rpc, config }

    let id: String
    let origin: Origin
    /// Resolved: the fields that have a default are never nil (checked by `init`).
    let spec: StreamSpec

    init(id: String, origin: Origin, resolved spec: StreamSpec) {
        precondition(Self.isResolved(spec), "a stream definition needs a resolved spec")
        self.id = id
        self.origin = origin
        self.spec = spec
    }

    private static func isResolved(_ spec: StreamSpec) -> Bool {
        spec.dataType != nil && spec.rate != nil && spec.name != nil && spec.sink != nil && spec.topic != nil
            && spec.timeMode != nil && spec.batchSize != nil
    }

    var name: String { spec.name! }
    var dataType: DataType { spec.dataType! }
    /// Records per second; 0 = as fast as the sink takes them.
    var rate: Double { spec.rate! }
    var maxCount: Int? { spec.maxCount }
    /// Seconds of running time (accumulated across restarts).
    var duration: Double? { spec.duration }
    var sink: SinkKind { spec.sink! }
    /// Kafka topic, or the file sink's file name (without .ndjson).
    var topic: String { spec.topic! }
    var timeMode: TimeMode { spec.timeMode! }
    /// Largest sink batch.
    var batchSize: Int { spec.batchSize! }
    /// Wire format of the values; nil in the spec (json, or a state file from before
    /// formats) is json.
    var format: RecordFormat { spec.format ?? .json }
    /// nil in the spec is constant.
    var schedule: RateSchedule { spec.schedule ?? .constant }
    /// Whether the worker paces itself (rate 0 with no schedule: as fast as the sink takes them).
    var isPaced: Bool { rate > 0 || schedule != .constant }

    private enum CodingKeys: String, CodingKey { case id, origin }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let spec = try StreamSpec(from: decoder)
        guard Self.isResolved(spec) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a saved stream definition lacks a field"))
        }
        self.init(
            id: try c.decode(String.self, forKey: .id), origin: try c.decode(Origin.self, forKey: .origin),
            resolved: spec)
    }

    func encode(to encoder: any Encoder) throws {
        try spec.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(origin, forKey: .origin)
    }
}

extension DaemonConfig {
    /// The one place where a stream's defaults are filled in, for every door (RPC, HTTP,
    /// clickctl, `[[streams]]`, streaming `generate.*`): data type interactions, rate and
    /// batch size from `[defaults]` (after GENERATION_RATE / BATCH_SIZE), the default sink,
    /// the data type's topic, realtime, the topic's format (`[topics]`), and the id as name.
    /// Checks the spec against `[limits]` first, and that its format can be served.
    func resolve(_ spec: StreamSpec, id: String, origin: StreamDefinition.Origin) throws(RPCError) -> StreamDefinition {
        try StreamSpecChecks.check(spec, limits: limits)
        var resolved = spec
        let dataType = spec.dataType ?? .interactions
        resolved.dataType = dataType
        resolved.rate = spec.rate ?? defaults.rate
        resolved.name = spec.name ?? id
        resolved.sink = spec.sink ?? defaultSink
        resolved.topic = spec.topic ?? topics.topic(for: dataType)
        resolved.timeMode = spec.timeMode ?? .realtime
        resolved.batchSize = spec.batchSize ?? defaults.batchSize
        let format = spec.format ?? topics.format(for: dataType)
        try ParamChecks.format(format, sink: resolved.sink!, registry: schemaRegistry)
        try ParamChecks.shaping(spec, dataType: dataType, sink: resolved.sink!)
        resolved.format = format == .json ? nil : format
        resolved.schedule = spec.schedule == .constant ? nil : spec.schedule
        try ParamChecks.schedule(resolved.schedule, base: resolved.rate!, limits: limits)
        return StreamDefinition(id: id, origin: origin, resolved: resolved)
    }
}

/// The checks of a `StreamSpec` against `[limits]`, the same for a request and a
/// `[[streams]]` table (the config loader reports each failure as the field's config issue).
enum StreamSpecChecks {
    /// Throws the first problem.
    static func check(_ spec: StreamSpec, limits: LimitSettings) throws(RPCError) {
        if let first = problems(spec, limits: limits).first { throw first }
    }

    /// Every problem, each naming its field in `data.field`.
    static func problems(_ spec: StreamSpec, limits: LimitSettings) -> [RPCError] {
        var problems: [RPCError] = []
        func note(_ body: () throws(RPCError) -> Void) {
            do { try body() } catch { problems.append(error) }
        }
        // Names that become paths, topics and log text (Names' rules).
        note { () throws(RPCError) in try ParamChecks.streamName(spec.name) }
        note { () throws(RPCError) in try ParamChecks.topic(spec.topic) }
        if let rate = spec.rate { note { () throws(RPCError) in try ParamChecks.rate(rate, limits: limits) } }
        if let maxCount = spec.maxCount, maxCount < 1 {
            problems.append(
                RPCError(.invalidParams, "max_count must be at least 1, got \(maxCount)", data: ["field": "max_count"]))
        }
        if let duration = spec.duration, !(duration > 0) {
            problems.append(
                RPCError(
                    .invalidParams, "duration must be a positive number of seconds, got \(duration)",
                    data: ["field": "duration"]))
        }
        if let schedule = spec.schedule, spec.rate != nil || !schedule.usesBaseRate {
            note { () throws(RPCError) in try ParamChecks.schedule(schedule, base: spec.rate ?? 0, limits: limits) }
        }
        if let batch = spec.batchSize {
            note { () throws(RPCError) in
                try ParamChecks.count(
                    batch, max: limits.maxBatchSize, key: "limits.max_batch_size", field: "batch_size")
            }
        }
        return problems
    }
}
