import ClickstreamAPI
import ClickstreamModel

extension ParamChecks {
    /// Disorder and truth are defined for interactions: events in event-time order, each with
    /// an interaction_id (users and products are entity snapshots; a session record
    /// summarises its interactions). Disorder also needs the Kafka sink: its label travels in
    /// the `injected` header beside the record, and the other sinks have no place for it
    /// without changing the record itself. (The OpenAPI document states both rules in
    /// `StreamStartRequest`'s `allOf`.)
    static func shaping(_ spec: StreamSpec, dataType: DataType, sink: SinkKind) throws(RPCError) {
        if spec.disorder != nil, dataType != .interactions {
            throw RPCError(
                .invalidParams,
                "disorder applies to interactions only (events with an interaction_id), not \(dataType.rawValue)",
                data: ["field": "disorder", "data_type": .string(dataType.rawValue)])
        }
        if spec.disorder != nil, sink != .kafka {
            throw RPCError(
                .invalidParams,
                "disorder needs the kafka sink: each injected record is labelled in its `injected` header, "
                    + "and the \(sink.rawValue) sink has no place for a label outside the record",
                data: ["field": "disorder", "sink": .string(sink.rawValue)])
        }
        if spec.truth == true, dataType != .interactions {
            throw RPCError(
                .invalidParams,
                "truth aggregates interactions only (views, carts, purchases per minute), not \(dataType.rawValue)",
                data: ["field": "truth", "data_type": .string(dataType.rawValue)])
        }
    }
}
