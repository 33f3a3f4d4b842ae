import ClickstreamKafka

/// Messages laid end to end in one byte buffer with their ranges, as the daemon's
/// EncodedBatch does, to drive `KafkaProducer.send` the way KafkaSink does.
struct TestMessages {
    var bytes: [UInt8] = []
    var values: [Range<Int>] = []
    var keys: [Range<Int>] = []
    var eventType: StaticString = "view"

    var count: Int { values.count }

    mutating func append(key: String, value: String) {
        let start = bytes.count
        bytes.append(contentsOf: value.utf8)
        let valueEnd = bytes.count
        bytes.append(contentsOf: key.utf8)
        values.append(start..<valueEnd)
        keys.append(valueEnd..<bytes.count)
    }

    /// `users` users, each with `perUser` events numbered 0..., interleaved round-robin.
    static func interleaved(users: Int, perUser: Int, from firstSequence: Int = 0) -> TestMessages {
        var messages = TestMessages()
        for sequence in firstSequence..<(firstSequence + perUser) {
            for user in 0..<users {
                messages.append(key: "u\(user)", value: #"{"user_id":"u\#(user)","seq":\#(sequence)}"#)
            }
        }
        return messages
    }
}

extension KafkaProducer {
    /// Sends `messages` through `account` as KafkaSink does (waiting while the queue is full).
    func send(_ messages: TestMessages, to account: KafkaAccount) async throws {
        try await send(count: messages.count, to: account) { range in
            messages.bytes.withUnsafeBytes { raw in
                enqueue(range, to: account) { index in
                    KafkaOutgoingMessage(
                        value: UnsafeRawBufferPointer(rebasing: raw[messages.values[index]]),
                        key: UnsafeRawBufferPointer(rebasing: raw[messages.keys[index]]),
                        headerValue: UnsafeRawBufferPointer(
                            start: messages.eventType.utf8Start,
                            count: messages.eventType.utf8CodeUnitCount),
                        timestampMillis: 1_700_000_000_000 + Int64(index))
                }
            }
        }
    }
}

/// Settings for a test broker: defaults, the broker's address, quick timeouts, quiet logs.
func testSettings(bootstrap: String, _ extra: [String: String] = [:]) -> KafkaSettings {
    var settings = KafkaSettings()
    settings.merge(["bootstrap.servers": bootstrap, "linger.ms": "5"])
    settings.merge(extra)
    return settings
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass; returns whether it held.
func eventually(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
