import ClickstreamKafka
import ClickstreamTestSupport
import Foundation
import Testing

/// The broker is missing at start, dies mid-stream, or never comes: the producer stays up,
/// reports it, keeps messages queued (bounded) and accounts for every one.
@Suite(.serialized) struct ResilienceTests {
    @Test func unreachableAtStartThenBrokerAppears() async throws {
        let port = Network.freePort()
        // A queue smaller than what is sent: the sender has to wait (backpressure).
        let producer = try KafkaProducer(
            settings: testSettings(
                bootstrap: "127.0.0.1:\(port)", ["queue.buffering.max.messages": "300", "message.timeout.ms": "60000"]))
        defer { producer.close(timeout: .seconds(2)) }
        let tally = DeliveryTally()
        let account = try producer.account(topic: "users", streamID: "s-late", tally: tally)
        let messages = TestMessages.interleaved(users: 10, perUser: 100)
        let sending = Task { try await producer.send(messages, to: account) }

        #expect(await eventually(5) { producer.health.state == .degraded })
        let health = producer.health
        #expect(health.lastError?.isEmpty == false)
        try await Task.sleep(for: .milliseconds(300))
        // Waiting, not dropping: the queue is full, nothing delivered or failed yet.
        // (librdkafka's out-queue length also counts not-yet-served events, such as the
        // connection errors of an absent broker, so it is at least the 300 messages.)
        #expect(producer.queueDepth >= 300)
        #expect(account.snapshot.enqueued == 300)
        #expect(tally.delivered == 0 && tally.failed == 0)

        let broker = try TansuBroker.start(port: port)
        defer { broker.stop() }
        try await sending.value
        #expect(await producer.flush(timeout: .seconds(20)))
        #expect(tally.delivered == 1000)
        #expect(tally.failed == 0)
        #expect(await eventually(5) { producer.health.isConnected }, "\(producer.health)")
        let consumed = try Kcat.consumeAll(topic: "users", bootstrapServers: broker.bootstrapServers)
        #expect(consumed.count == 1000)
    }

    /// The daemon's shutdown may run in a cancelled task: the flush must return at once
    /// there (a cancelled sleep returns at once, so waiting on would spin until the deadline),
    /// and `close` waits out the rest.
    @Test func flushInACancelledTaskReturnsAtOnce() async throws {
        let producer = try KafkaProducer(
            settings: testSettings(
                bootstrap: "127.0.0.1:\(Network.freePort())", ["message.timeout.ms": "60000"]))
        defer { producer.close(timeout: .zero) }
        let account = try producer.account(topic: "users", streamID: "s-cancelled", tally: DeliveryTally())
        try await producer.send(TestMessages.interleaved(users: 2, perUser: 5), to: account)
        let flushing = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            let start = ContinuousClock.now
            let empty = await producer.flush(timeout: .seconds(5))
            return (empty, ContinuousClock.now - start)
        }
        let (empty, took) = await flushing.value
        #expect(!empty)
        #expect(took < .seconds(1), "\(took)")
    }

    @Test func messagesThatTimeOutAreCountedFailedWithTheError() async throws {
        let port = Network.freePort()
        let producer = try KafkaProducer(
            settings: testSettings(
                bootstrap: "127.0.0.1:\(port)", ["message.timeout.ms": "1000"]))
        defer { producer.close(timeout: .seconds(1)) }
        let tally = DeliveryTally()
        let account = try producer.account(topic: "users", streamID: "s-timeout", tally: tally)
        try await producer.send(TestMessages.interleaved(users: 5, perUser: 40), to: account)
        #expect(await eventually(10) { tally.failed == 200 })
        #expect(tally.delivered == 0)
        #expect(tally.lastError?.contains("timed out") == true, "\(tally.lastError ?? "nil")")
        let snapshot = account.snapshot
        #expect(snapshot.generated == snapshot.delivered + snapshot.failed + snapshot.queued)
        #expect(snapshot.queued == 0)
        #expect(producer.health.state == .degraded)
    }

    @Test func closeCountsWhatCouldNotBeDeliveredAsFailed() async throws {
        let port = Network.freePort()
        let producer = try KafkaProducer(settings: testSettings(bootstrap: "127.0.0.1:\(port)"))
        let tally = DeliveryTally()
        let account = try producer.account(topic: "sessions", streamID: "s-close", tally: tally)
        try await producer.send(TestMessages.interleaved(users: 4, perUser: 25), to: account)
        producer.close(timeout: .milliseconds(200))
        #expect(tally.failed == 100)
        #expect(tally.lastError?.lowercased().contains("purge") == true, "\(tally.lastError ?? "nil")")
        #expect(account.snapshot.queued == 0)
        #expect(producer.queueDepth == 0)
        // After close, nothing is taken silently either.
        try await producer.send(TestMessages.interleaved(users: 1, perUser: 3), to: account)
        #expect(tally.failed == 103)
    }

    /// With idempotence (the default) the new, empty broker does not know the producer id:
    /// librdkafka either raises a fatal error or bumps the epoch forever; either way the
    /// messages it held fail (counted) and the producer recreates its handle. Without
    /// idempotence the queued messages simply go out.
    @Test(arguments: ["true", "false"])
    func brokerKilledMidStreamAndRestartedOnTheSamePort(idempotence: String) async throws {
        let port = Network.freePort()
        var broker = try TansuBroker.start(port: port)
        defer { broker.stop() }
        let producer = try KafkaProducer(
            settings: testSettings(
                bootstrap: broker.bootstrapServers, ["message.timeout.ms": "60000", "enable.idempotence": idempotence]),
            stallTimeout: .seconds(4), log: { _ in })
        defer { producer.close(timeout: .seconds(2)) }
        let tally = DeliveryTally()
        let account = try producer.account(topic: "interactions", streamID: "s-kill", tally: tally)

        // A stream worker: 20 users, one event each per 5 ms batch, until cancelled.
        let streaming = Task {
            var sequence = 0
            while !Task.isCancelled {
                try await producer.send(TestMessages.interleaved(users: 20, perUser: 1, from: sequence), to: account)
                sequence += 1
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(await eventually(15) { tally.delivered >= 1000 })

        broker.crash()
        try await Task.sleep(for: .milliseconds(300))  // let the last delivery reports in
        let acknowledgedBeforeKill = tally.delivered
        #expect(await eventually(10) { producer.health.state == .degraded })
        #expect(producer.health.lastError?.isEmpty == false)
        let generatedWhileDown = account.snapshot.generated
        try await Task.sleep(for: .milliseconds(500))
        #expect(account.snapshot.generated > generatedWhileDown, "the stream keeps going while the broker is down")
        #expect(tally.delivered == acknowledgedBeforeKill)

        broker = try TansuBroker.start(port: port)
        #expect(await eventually(20) { tally.delivered > acknowledgedBeforeKill + 500 })
        #expect(await eventually(5) { producer.health.isConnected }, "\(producer.health)")
        streaming.cancel()
        _ = try? await streaming.value
        #expect(await producer.flush(timeout: .seconds(20)))

        let snapshot = account.snapshot
        let consumed = try Kcat.consumeAll(topic: "interactions", bootstrapServers: broker.bootstrapServers)
        #expect(snapshot.queued == 0)
        #expect(
            acknowledgedBeforeKill + consumed.count + snapshot.failed == snapshot.generated,
            "acked before kill \(acknowledgedBeforeKill) + consumed after \(consumed.count) + failed \(snapshot.failed) vs generated \(snapshot.generated)"
        )
        #expect(snapshot.delivered == acknowledgedBeforeKill + consumed.count)
        if idempotence == "false" {
            #expect(snapshot.failed == 0, "queued messages wait for the broker: \(snapshot.lastError ?? "")")
        }

        // Per-user order holds on the new broker too (idempotence guarantees it across retries).
        guard idempotence == "true" else { return }
        var lastSequence: [String: Int] = [:]
        for message in consumed {
            let key = try #require(message.key)
            let sequence = try #require(ProduceConsumeTests.sequence(of: message.payload))
            #expect(sequence > (lastSequence[key] ?? -1), "user \(key) out of order")
            lastSequence[key] = sequence
        }
    }
}
