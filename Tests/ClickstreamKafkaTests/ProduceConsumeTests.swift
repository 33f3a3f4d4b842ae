import ClickstreamKafka
import ClickstreamTestSupport
import Foundation
import Testing

/// Produce to a real Tansu broker over TCP and read everything back with kcat.
@Suite(.serialized) struct ProduceConsumeTests {
    @Test func producedMessagesComeBackWithKeysPayloadsHeadersAndPerUserOrder() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let producer = try KafkaProducer(settings: testSettings(bootstrap: broker.bootstrapServers))
        let tally = DeliveryTally()
        let account = try producer.account(
            topic: "interactions", streamID: "s-1", tally: tally,
            headers: [("schema_version", "1"), ("generator", "test-host"), ("stream_id", "s-1")],
            messageHeaderName: "event_type")

        let users = 50
        let perUser = 40
        // Several batches, as a stream worker sends them.
        for batch in 0..<4 {
            let messages = TestMessages.interleaved(users: users, perUser: perUser / 4, from: batch * perUser / 4)
            try await producer.send(messages, to: account)
        }
        #expect(await producer.flush(timeout: .seconds(20)))
        producer.close(timeout: .seconds(5))

        let total = users * perUser
        let snapshot = account.snapshot
        #expect(snapshot.generated == total)
        #expect(snapshot.enqueued == total)
        #expect(snapshot.delivered == total)
        #expect(snapshot.failed == 0, "\(snapshot.lastError ?? "")")
        #expect(snapshot.queued == 0)
        #expect(tally.delivered == total && tally.failed == 0)
        #expect(producer.accounts == [snapshot])

        let consumed = try Kcat.consumeAll(topic: "interactions", bootstrapServers: broker.bootstrapServers)
        #expect(consumed.count == total)
        let expected = TestMessages.interleaved(users: users, perUser: perUser)
        let sent = (0..<expected.count).map { index in
            (
                key: String(decoding: expected.bytes[expected.keys[index]], as: UTF8.self),
                value: String(decoding: expected.bytes[expected.values[index]], as: UTF8.self)
            )
        }
        #expect(
            Set(consumed.map { "\($0.key ?? "")|\($0.payload ?? "")" }) == Set(sent.map { "\($0.key)|\($0.value)" }))
        #expect(consumed.allSatisfy { $0.payload?.contains("\"user_id\":\"\($0.key ?? "?")\"") == true })

        // Headers on every message.
        #expect(
            consumed.allSatisfy {
                $0.headers == [
                    "event_type": "view", "schema_version": "1", "generator": "test-host", "stream_id": "s-1",
                ]
            })
        // One user's events: all on one partition, in the order produced.
        var partitionOfUser: [String: Int] = [:]
        var lastSequence: [String: Int] = [:]
        for message in consumed {
            let key = try #require(message.key)
            let sequence = try #require(Self.sequence(of: message.payload))
            if let partition = partitionOfUser[key] { #expect(partition == message.partition, "user \(key) split") }
            partitionOfUser[key] = message.partition
            #expect(
                sequence == (lastSequence[key] ?? -1) + 1, "user \(key): \(sequence) after \(lastSequence[key] ?? -1)")
            lastSequence[key] = sequence
        }
        #expect(lastSequence.count == users)
        #expect(Set(partitionOfUser.values).count > 1, "keys should spread over the partitions")
    }

    @Test func healthReportsConnectedAndTheQueueDrains() async throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let producer = try KafkaProducer(settings: testSettings(bootstrap: broker.bootstrapServers))
        defer { producer.close(timeout: .seconds(2)) }
        #expect(await eventually(10) { producer.health.isConnected })
        let health = producer.health
        #expect(health.librdkafkaVersion == librdkafkaVersion())
        #expect(health.queueDepth == 0)
    }

    static func sequence(of payload: String?) -> Int? {
        guard let payload, let range = payload.range(of: "\"seq\":") else { return nil }
        return Int(payload[range.upperBound...].prefix { $0.isNumber })
    }
}
