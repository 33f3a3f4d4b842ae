import CRdKafka

/// What went wrong setting up or using the Kafka producer, with what to do about it.
public enum KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// librdkafka does not know a property of `[kafka.properties]` (or of the environment).
    case unknownProperty(name: String, message: String)
    /// librdkafka rejected the value of a known property. `value` is already redacted.
    case invalidPropertyValue(name: String, value: String, message: String)
    /// The properties are individually valid but librdkafka refused the combination.
    case cannotCreateProducer(message: String)
    /// A topic name librdkafka refuses.
    case invalidTopic(name: String, message: String)
    /// The producer was closed; nothing more can be sent through it.
    case closed

    public var description: String {
        switch self {
        case .unknownProperty(let name, let message):
            "unknown Kafka property '\(name)' in [kafka.properties]: \(message) "
                + "(see librdkafka's CONFIGURATION.md for the property names)"
        case .invalidPropertyValue(let name, let value, let message):
            "invalid value '\(value)' for Kafka property '\(name)': \(message)"
        case .cannotCreateProducer(let message):
            "cannot create the Kafka producer: \(message)"
        case .invalidTopic(let name, let message):
            "invalid Kafka topic '\(name)': \(message)"
        case .closed:
            "the Kafka producer is closed"
        }
    }
}

extension rd_kafka_resp_err_t {
    /// librdkafka's human text for the code ("Local: Message timed out").
    var text: String { String(cString: rd_kafka_err2str(self)) }
}

/// Calls `body` with a zeroed buffer for librdkafka's error text ("errstr"); returns the
/// result and the text.
func withErrorText<R>(_ body: (UnsafeMutablePointer<CChar>, Int) -> R) -> (R, String) {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buffer in
        buffer.initialize(repeating: 0)
        let result = body(buffer.baseAddress!, buffer.count)
        return (result, String(cString: buffer.baseAddress!))
    }
}
