import Foundation

/// kcat (librdkafka's command-line client) run against a test broker, to read back what was
/// produced. It runs as a child process with the newer librdkafka on LD_LIBRARY_PATH.
public enum Kcat {
    /// One consumed message, as kcat's JSON envelope (`-J`) describes it.
    public struct Message: Sendable, Equatable {
        public var partition: Int
        public var offset: Int
        public var key: String?
        public var payload: String?
        public var headers: [String: String]
        public var timestampMillis: Int64
    }

    /// Reads every message of `topic`, all partitions, from the beginning to the current end
    /// (partitions assigned directly: no consumer group, so no group-join delay). Returned
    /// in partition order, then offset order.
    /// `properties`: librdkafka settings (`-X`), e.g. security.protocol for a TLS broker.
    public static func consumeAll(
        topic: String, bootstrapServers: String, properties: [String: String] = [:],
        timeout: Double = 30
    ) throws -> [Message] {
        guard let kcat = ProjectPaths.tool("kcat") else { throw TestSupportError.toolMissing("kcat") }
        let settings = properties.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
        let process = try ChildProcess(
            executable: kcat.path,
            arguments: ["-C", "-b", bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-J"] + settings
        )
        guard let code = process.waitForExit(timeout: timeout) else {
            process.stop(grace: 1)
            throw TestSupportError.timeout("kcat consuming \(topic)")
        }
        let output = process.output
        guard code == 0 else { throw TestSupportError.didNotStart("kcat -C (exit \(code))", output: output) }
        var messages: [Message] = []
        for line in output.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                continue
            }
            var headers: [String: String] = [:]
            if let list = object["headers"] as? [String] {
                for index in stride(from: 0, to: list.count - 1, by: 2) { headers[list[index]] = list[index + 1] }
            }
            messages.append(
                Message(
                    partition: object["partition"] as? Int ?? -1, offset: object["offset"] as? Int ?? -1,
                    key: object["key"] as? String, payload: object["payload"] as? String,
                    headers: headers, timestampMillis: (object["ts"] as? NSNumber)?.int64Value ?? 0))
        }
        return messages.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }
}
