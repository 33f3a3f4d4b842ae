import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Persistence")
struct PersistenceTests {
    private func stream(_ daemon: DaemonProcess, _ id: String) throws -> [String: Any]? {
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        return (status["streams"] as? [[String: Any]])?.first { $0["stream_id"] as? String == id }
    }

    @Test("streams started by RPC resume after a restart with their counts; stopped ones stay stopped")
    func restartResumes() throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        let running = try #require(
            daemon.result("stream.start", params: #"{"data_type":"interactions","rate":400,"name":"keeps"}"#)
                as? [String: Any])
        let runningID = try #require(running["stream_id"] as? String)
        let stopped = try #require(
            daemon.result("stream.start", params: #"{"data_type":"users","rate":400,"name":"halts"}"#) as? [String: Any]
        )
        let stoppedID = try #require(stopped["stream_id"] as? String)
        Thread.sleep(forTimeInterval: 0.6)
        _ = try daemon.result("stream.stop", params: #"{"stream_id":"\#(stoppedID)"}"#)
        let stoppedCount = try #require(try stream(daemon, stoppedID)?["generated"] as? Int)
        #expect(stoppedCount > 0)

        #expect(daemon.stop() == 0)
        let saved = try Data(contentsOf: URL(fileURLWithPath: daemon.stateDirectory + "/streams.json"))
        let state = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        let savedStreams = try #require(state["streams"] as? [[String: Any]])
        let savedRunning = try #require(
            savedStreams.first { ($0["definition"] as? [String: Any])?["id"] as? String == runningID })
        #expect(savedRunning["state"] as? String == "running")
        let countAtStop = try #require(savedRunning["generated"] as? Int)
        #expect(countAtStop > 0)
        // Everything generated before the stop was written (file sink), nothing lost.
        let lines = try String(contentsOfFile: daemon.dataDirectory + "/interactions.ndjson", encoding: .utf8).split(
            separator: "\n"
        ).count
        #expect(lines == countAtStop)
        #expect(savedRunning["delivered"] as? Int == countAtStop)

        try daemon.restart()
        let resumed = try #require(try stream(daemon, runningID))
        #expect(resumed["state"] as? String == "running")
        #expect((resumed["generated"] as? Int ?? 0) >= countAtStop)
        try Network.waitUntil(timeout: 10, "the resumed stream to go on") {
            ((try? stream(daemon, runningID))?["generated"] as? Int ?? 0) > countAtStop
        }
        let halted = try #require(try stream(daemon, stoppedID))
        #expect(halted["state"] as? String == "stopped")
        #expect(halted["generated"] as? Int == stoppedCount)
        let totals = try #require(daemon.result("stream.stats") as? [String: Any])
        #expect(
            ((totals["global_stats"] as? [String: Any])?["total_generated"] as? Int ?? 0) > countAtStop + stoppedCount)
    }

    @Test(
        "a backfill and a backfill-then-live stream resume at the event time they reached: no range written twice, no gap",
        arguments: ["backfill:2024-03-01/2024-03-08", "backfill-then-live:3d"])
    func backfillResumesWhereItStopped(timeMode: String) throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        let started = try #require(
            daemon.result(
                "stream.start",
                params: #"{"data_type":"interactions","rate":3000,"topic":"history","time_mode":"\#(timeMode)"}"#)
                as? [String: Any])
        let id = try #require(started["stream_id"] as? String)
        try daemon.waitForDeliveries(moreThan: 1500, stream: id, timeout: 20)
        #expect(daemon.stop() == 0)
        let path = daemon.dataDirectory + "/history.ndjson"
        let before = try Self.timestamps(path)
        let saved = try Data(contentsOf: URL(fileURLWithPath: daemon.stateDirectory + "/streams.json"))
        #expect(String(decoding: saved, as: UTF8.self).contains("event_time_millis"))

        try daemon.restart()
        try daemon.waitForDeliveries(moreThan: before.count + 1500, stream: id, timeout: 20)
        let after = Array(try Self.timestamps(path).dropFirst(before.count))
        let lastBefore = try #require(before.max())
        let firstAfter = try #require(after.min())
        // The second run starts where the first stopped: nothing older than what was written.
        #expect(firstAfter >= lastBefore, "resumed at \(firstAfter), had reached \(lastBefore)")
        #expect(firstAfter - lastBefore < 3_600_000, "a gap of \(firstAfter - lastBefore) ms")
    }

    /// The event times of the records in an NDJSON file (milliseconds), in file order.
    static func timestamps(_ path: String) throws -> [Int64] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let stamp = try #require(json["timestamp"] as? String)
            let date = try #require(formatter.date(from: stamp) ?? ISO8601DateFormatter().date(from: stamp))
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
    }

    @Test(
        "a configured stream takes its definition from the current config on restart: sink auto becomes kafka once a broker is set; its counts go on"
    )
    func configStreamReresolvesSink() throws {
        let entry = """
            [[streams]]
            name = "visits"
            data_type = "interactions"
            rate = 500
            topic = "config-resolve-test"
            """
        // No broker: the default sink (`auto`) is the file sink.
        let daemon = try DaemonProcess.start(.init(extraTOML: entry))
        defer { daemon.cleanUp() }
        let id = "config-visits"
        try Network.waitUntil(timeout: 10, "the configured stream to write files") {
            ((try? stream(daemon, id))?["generated"] as? Int ?? 0) > 100
        }
        #expect(try stream(daemon, id)?["sink"] as? String == "file")
        #expect(daemon.stop() == 0)
        let saved = try Data(contentsOf: URL(fileURLWithPath: daemon.stateDirectory + "/streams.json"))
        let state = try #require(try JSONSerialization.jsonObject(with: saved) as? [String: Any])
        let savedStream = try #require(
            (state["streams"] as? [[String: Any]])?.first {
                ($0["definition"] as? [String: Any])?["id"] as? String == id
            })
        #expect((savedStream["definition"] as? [String: Any])?["sink"] as? String == "file")
        let countAtStop = try #require(savedStream["generated"] as? Int)
        #expect(countAtStop > 100)

        // The same config and state, now with a broker: the stream resumes on Kafka.
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        var options = daemon.options
        options.kafkaBootstrapServers = broker.bootstrapServers
        try daemon.restart(with: options)
        let resumed = try #require(try stream(daemon, id))
        #expect(resumed["sink"] as? String == "kafka", "\(resumed)")
        #expect(resumed["state"] as? String == "running")
        #expect((resumed["generated"] as? Int ?? 0) >= countAtStop)
        try Network.waitUntil(timeout: 20, "the resumed stream to deliver to Tansu") {
            let now = try? stream(daemon, id)
            return (now?["generated"] as? Int ?? 0) > countAtStop && (now?["delivered"] as? Int ?? 0) > countAtStop
        }
        let now = try #require(try stream(daemon, id))
        #expect(now["failed"] as? Int == 0, "\(now)")
        #expect((now["destination"] as? String)?.contains("config-resolve-test") == true, "\(now)")
    }
}
