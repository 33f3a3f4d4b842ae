import CRdKafka

/// A line librdkafka wants logged. `level` is syslog's (3 error, 4 warning, 6 info, 7 debug).
public struct KafkaLogMessage: Sendable {
    public var level: Int
    public var facility: String
    public var message: String
}

/// What librdkafka's callbacks reach through the handle's opaque pointer: the connection
/// monitor and the log handler. Lives as long as the producer, i.e. longer than the handle.
final class ProducerEvents: Sendable {
    let monitor = ConnectionMonitor()
    let log: (@Sendable (KafkaLogMessage) -> Void)?

    init(log: (@Sendable (KafkaLogMessage) -> Void)?) {
        self.log = log
    }

    /// Installs the callbacks on `conf` with `self` as their opaque (unretained: the
    /// producer holds `self` until after rd_kafka_destroy).
    func install(on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(self).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(conf, deliveryReport)
        rd_kafka_conf_set_error_cb(conf, errorReport)
        if log != nil { rd_kafka_conf_set_log_cb(conf, logReport) }
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ProducerEvents? {
        guard let opaque else { return nil }
        return Unmanaged<ProducerEvents>.fromOpaque(opaque).takeUnretainedValue()
    }
}

/// Delivery report, called on the poll thread (from rd_kafka_poll) once per message: counts
/// it delivered or failed on the account that produced it (the message's msg_opaque).
private func deliveryReport(
    _ handle: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let message, let accountPointer = message.pointee._private else { return }
    let error = message.pointee.err
    Unmanaged<KafkaAccount>.fromOpaque(accountPointer)._withUnsafeGuaranteedRef { account in
        if error == RD_KAFKA_RESP_ERR_NO_ERROR {
            account.recordDelivered(1)
            ProducerEvents.from(opaque)?.monitor.noteDelivered()
        } else {
            let text = "\(account.topic): \(error.text)"
            account.recordFailed(1, error: text)
            if error == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT || error == RD_KAFKA_RESP_ERR__TRANSPORT {
                ProducerEvents.from(opaque)?.monitor.markDegraded(text)
            }
        }
    }
}

/// Client-level errors (broker down, resolve failures, fatal errors), on the poll thread.
/// librdkafka recovers from all but fatal ones by itself; we only track the state.
private func errorReport(
    _ handle: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?
) {
    guard let events = ProducerEvents.from(opaque) else { return }
    let error = rd_kafka_resp_err_t(code)
    let text = reason.map { String(cString: $0) } ?? error.text
    switch error {
    case RD_KAFKA_RESP_ERR__FATAL:
        let (fatal, detail) = withErrorText { buffer, size in
            handle.map { rd_kafka_fatal_error($0, buffer, size) } ?? error
        }
        events.monitor.markFailed("fatal: \(fatal.text): \(detail)")
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR__SSL:
        events.monitor.markDegraded(text)
    default:
        events.monitor.noteError(text)
    }
    events.log?(KafkaLogMessage(level: 3, facility: "ERROR", message: text))
}

/// librdkafka's own log lines (from its internal threads), handed to the log handler.
private func logReport(
    _ handle: OpaquePointer?, _ level: Int32, _ facility: UnsafePointer<CChar>?,
    _ line: UnsafePointer<CChar>?
) {
    guard let handle, let events = ProducerEvents.from(rd_kafka_opaque(handle)), let log = events.log else { return }
    log(
        KafkaLogMessage(
            level: Int(level), facility: facility.map { String(cString: $0) } ?? "",
            message: line.map { String(cString: $0) } ?? ""))
}
