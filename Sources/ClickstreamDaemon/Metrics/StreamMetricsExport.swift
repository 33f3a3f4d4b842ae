import ClickstreamAPI

/// Renders the stream figures of a `stream.stats` result in Prometheus text format at scrape
/// time.
///
/// The figures already live in the stream workers' counters; copying them into registry
/// counters on every change would cost the hot path, and a stopped stream's series would
/// linger. Rendering from the stats result keeps /metrics and clickctl in exact agreement.
struct StreamMetricsExport {
    private(set) var text = ""

    init(stats: StreamStatsResult, ndjsonOpen: Int) {
        let streams = stats.streams
        family(
            "clickstream_stream_events_generated_total", "counter", "Records generated, per stream and topic.",
            streams.map { (labels($0), Double($0.generated)) })
        family(
            "clickstream_stream_events_delivered_total", "counter",
            "Records acknowledged by the sink, per stream and topic.",
            streams.map { (labels($0), Double($0.delivered)) })
        family(
            "clickstream_stream_events_failed_total", "counter",
            "Records the sink failed to deliver, per stream and topic.",
            streams.map { (labels($0), Double($0.failed)) })
        family(
            "clickstream_stream_events_queued", "gauge", "Records handed to the sink and not yet acknowledged.",
            streams.map { (labels($0), Double($0.queued)) })
        let disordered = streams.filter { $0.disorder != nil }
        family(
            "clickstream_stream_events_dropped_total", "counter",
            "Records a stream's disorder generated and never sent (generated + duplicated = delivered + failed + queued + dropped).",
            disordered.map { (labels($0), Double($0.disorder!.dropped)) })
        family(
            "clickstream_stream_events_duplicated_total", "counter",
            "Extra copies a stream's disorder sent, labelled injected=duplicate.",
            disordered.map { (labels($0), Double($0.disorder!.duplicated)) })
        family(
            "clickstream_stream_events_injected_total", "counter",
            "Records a stream's disorder sent late or out of order on purpose, by label.",
            disordered.flatMap { s in
                [
                    (labels(s, extra: ",injected=\"late\""), Double(s.disorder!.late)),
                    (labels(s, extra: ",injected=\"out_of_order\""), Double(s.disorder!.outOfOrder)),
                ]
            })
        family(
            "clickstream_stream_achieved_rate", "gauge", "Records per second over the last few seconds.",
            streams.map { (labels($0), $0.achievedRate) })
        family(
            "clickstream_stream_target_rate", "gauge",
            "Records per second asked for (0: as fast as the sink takes them).",
            streams.map { (labels($0), $0.targetRate) })
        family(
            "clickstream_stream_behind", "gauge",
            "1 while a paced stream is behind its target rate (see the reason label), else 0.",
            streams.map { stream in
                let reason = stream.pace.state == .behind ? (stream.pace.reason?.rawValue ?? "unknown") : ""
                return (labels(stream, extra: ",reason=\"\(reason)\""), stream.pace.state == .behind ? 1 : 0)
            })
        family(
            "clickstream_stream_lag_seconds", "gauge", "How late a paced stream is on its schedule.",
            streams.map { (labels($0), $0.pace.lagSeconds) })
        family(
            "clickstream_stream_running", "gauge", "1 while the stream runs, 0 once stopped, finished or failed.",
            streams.map { (labels($0), $0.state == .running ? 1 : 0) })
        family("clickstream_streams_active", "gauge", "Streams running now.", [("", Double(stats.activeStreams))])
        let totals = stats.globalStats
        for (outcome, total) in [
            ("generated", totals.totalGenerated), ("delivered", totals.totalDelivered), ("failed", totals.totalFailed),
        ] {
            family(
                "clickstream_events_\(outcome)_total", "counter",
                "Records \(outcome) by every stream since the state began.",
                [("", Double(total))])
        }
        family(
            "clickstream_kafka_queue_depth", "gauge", "Messages handed to librdkafka and not yet acknowledged.",
            [("", Double(stats.kafka.queueDepth))])
        family(
            "clickstream_kafka_connected", "gauge", "1 when the Kafka producer is connected.",
            [("", stats.kafka.state == .connected ? 1 : 0)])
        family(
            "clickstream_http_ndjson_streams", "gauge", "NDJSON responses being written now.",
            [("", Double(ndjsonOpen))])
    }

    private func labels(_ stream: StreamInfo, extra: String = "") -> String {
        "{stream_id=\"\(Self.escape(stream.streamId))\",name=\"\(Self.escape(stream.name))\","
            + "data_type=\"\(stream.dataType.rawValue)\",sink=\"\(stream.sink.rawValue)\","
            + "topic=\"\(Self.escape(stream.destination))\"\(extra)}"
    }

    private mutating func family(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        for (labels, value) in samples {
            text += "\(name)\(labels) \(Self.format(value))\n"
        }
    }

    /// Label values escape backslash, double quote and newline (Prometheus text format 0.0.4).
    static func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
