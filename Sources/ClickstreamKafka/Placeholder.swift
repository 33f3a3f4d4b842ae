import CRdKafka

/// The version of the librdkafka the process runs on (not the headers it was built with).
public func librdkafkaVersion() -> String { String(cString: rd_kafka_version_str()) }
