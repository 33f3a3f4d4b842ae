import ClickstreamAPI

/// Range checks on request values against `[limits]`. An out-of-range value is
/// `limitExceeded` naming the config key that sets the cap, so an operator knows what to
/// raise; a nonsensical one (negative, zero count) is `invalidParams` naming the field.
enum ParamChecks {
    static func rate(_ rate: Double, limits: LimitSettings, field: String = "rate") throws(RPCError) {
        guard rate.isFinite, rate >= 0 else {
            throw RPCError(
                .invalidParams, "\(field) must be a number ≥ 0 (0 = as fast as possible), got \(rate)",
                data: ["field": .string(field), "expected": "number >= 0"])
        }
        guard rate <= limits.maxRate else {
            throw capExceeded(field, value: rate, cap: limits.maxRate, key: "limits.max_rate")
        }
    }

    static func count(_ count: Int, max: Int, key: String, field: String = "count") throws(RPCError) {
        guard count >= 1 else {
            throw RPCError(
                .invalidParams, "\(field) must be at least 1, got \(count)",
                data: ["field": .string(field), "expected": "integer >= 1"])
        }
        guard count <= max else { throw capExceeded(field, value: Double(count), cap: Double(max), key: key) }
    }

    static func capExceeded(_ field: String, value: Double, cap: Double, key: String) -> RPCError {
        RPCError(
            .limitExceeded,
            "\(field) \(TOMLSection.format(value)) exceeds the cap of \(TOMLSection.format(cap)) (config key \(key))",
            data: ["field": .string(field), "limit": .string(key), "max": .number(cap), "got": .number(value)])
    }

    /// A topic (Kafka topic and file sink file name) under `Names`' rule.
    static func topic(_ topic: String?, field: String = "topic") throws(RPCError) {
        guard let topic, let problem = Names.topicProblem(topic) else { return }
        throw invalidName(field, problem, given: topic)
    }

    /// A stream name under `Names`' rule.
    static func streamName(_ name: String?, field: String = "name") throws(RPCError) {
        guard let name, let problem = Names.streamNameProblem(name) else { return }
        throw invalidName(field, problem, given: name)
    }

    private static func invalidName(_ field: String, _ problem: String, given: String) -> RPCError {
        RPCError(
            .invalidParams, "invalid \(field) \(ParamsDecoder.describe(.string(given))): \(problem)",
            data: ["field": .string(field), "got": .string(given)])
    }
}
