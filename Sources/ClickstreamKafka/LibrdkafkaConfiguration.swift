import CRdKafka

/// An `rd_kafka_conf_t` filled from `KafkaSettings`, each property checked by librdkafka.
///
/// Owns the conf until `makeProducerHandle` hands it to `rd_kafka_new` (which takes it over
/// on success). Not Sendable: built and consumed on one thread during producer setup.
final class LibrdkafkaConfiguration {
    private var conf: OpaquePointer?

    init(_ settings: KafkaSettings) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw .cannotCreateProducer(message: "rd_kafka_conf_new failed (out of memory)")
        }
        self.conf = conf
        // Sorted: the same settings always apply in the same order, so errors are stable.
        for name in settings.properties.keys.sorted() {
            try set(name, settings.properties[name]!)
        }
    }

    deinit {
        if let conf { rd_kafka_conf_destroy(conf) }
    }

    private func set(_ name: String, _ value: String) throws(KafkaError) {
        let (result, message) = withErrorText { rd_kafka_conf_set(conf, name, value, $0, $1) }
        switch result {
        case RD_KAFKA_CONF_OK:
            return
        case RD_KAFKA_CONF_UNKNOWN:
            throw .unknownProperty(name: name, message: message)
        default:
            throw .invalidPropertyValue(
                name: name, value: KafkaSettings.redacted(name, value), message: message)
        }
    }

    /// Lets `body` install callbacks and the opaque before the handle is created.
    func withConf(_ body: (OpaquePointer) -> Void) {
        body(conf!)
    }

    /// Creates the producer handle; the conf is consumed (even on failure it is destroyed).
    func makeProducerHandle() throws(KafkaError) -> ProducerHandle {
        let (created, message) = withErrorText { rd_kafka_new(RD_KAFKA_PRODUCER, conf, $0, $1) }
        guard let handle = created else {
            throw .cannotCreateProducer(message: message)
        }
        conf = nil  // rd_kafka_new owns it now
        return ProducerHandle(handle)
    }
}

/// An `rd_kafka_t *` of type producer.
///
/// librdkafka handles are thread-safe for everything we call on them (produce, poll,
/// flush, outq_len, metadata, purge), which is why this wrapper is Sendable; destroying it
/// is the caller's single-threaded last step.
struct ProducerHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    func destroy() { rd_kafka_destroy(pointer) }
}
