import ClickstreamTestSupport
import Foundation
import Testing

/// A real daemon running `time_mode = "backfill-then-live:<from>"`: history as fast as the
/// file sink takes it, then live at the population's own pace, idle between events.
@Suite("Backfill then live, through a daemon")
struct BackfillThenLiveDaemonTests {
    /// User + system CPU seconds of a running process (/proc/<pid>/stat, clock ticks of 10 ms).
    static func cpuSeconds(_ pid: pid_t) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
        return (Double(fields[11])! + Double(fields[12])!) / 100
    }

    /// The number of complete records in `path` (the sink may be halfway through a write) and
    /// the event times (ms) of the first one and of those from index `from` on, in file order.
    static func timestamps(_ path: String, from: Int) throws -> (count: Int, first: Int64?, tail: [Int64]) {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let complete = text.hasSuffix("\n") ? Substring(text) : text[..<(text.lastIndex(of: "\n") ?? text.startIndex)]
        let lines = complete.split(separator: "\n")
        return (lines.count, try lines.first.map(stamp), try lines.dropFirst(max(0, from)).map(stamp))
    }

    /// The event time of the last complete record in `path`.
    static func lastTimestamp(_ path: String) throws -> Int64? {
        let read = try timestamps(path, from: .max)
        return read.count == 0 ? nil : try timestamps(path, from: read.count - 1).tail.last
    }

    /// Read-only once made (one test).
    nonisolated(unsafe) static let formatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    static func stamp(_ line: Substring) throws -> Int64 {
        let field = try #require(line.range(of: #""timestamp":""#), "\(line)")
        let date = try #require(formatter.date(from: String(line[field.upperBound...].prefix(24))), "\(line)")
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static var nowMillis: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Two streams: one as fast as the sink takes it, one capped at 5000/s, far above the
    /// population's live pace (tens a second), which must then show on target, not behind.
    @Test("half an hour of history arrives at once, then records follow the wall clock without spinning")
    func historyThenLive() throws {
        let daemon = try DaemonProcess.start(.init(extraTOML: "[generator]\nusers = 1000000\n"))
        defer {
            daemon.stop()
            daemon.cleanUp()
        }
        let started = Date()
        let id = try daemon.startStream(
            #"{"data_type":"interactions","rate":0,"sink":"file","topic":"live","time_mode":"backfill-then-live:30m"}"#)
        let capped = try daemon.startStream(
            #"{"data_type":"interactions","rate":5000,"sink":"file","topic":"capped","time_mode":"backfill-then-live:2m"}"#
        )
        #expect(try daemon.streamStatus(id)["state"] as? String == "running")
        let path = daemon.dataDirectory + "/live.ndjson"
        // History: thousands of records spanning half an hour, written within seconds.
        var history = 0
        try Network.waitUntil(timeout: 30, "the history to reach now") {
            let read = try Self.timestamps(path, from: history)
            defer { history = read.count }
            return read.tail.last.map { $0 > Self.nowMillis - 10_000 } ?? false
        }
        let first = try #require(try Self.timestamps(path, from: .max).first)
        let startMillis = Int64(started.timeIntervalSince1970 * 1000)
        #expect(history > 5000)
        #expect(first < startMillis - 1_700_000 && first >= startMillis - 1_800_000 - 2000)

        // Live: a few seconds of the population's own pace, the worker asleep in between.
        let cpuBefore = try Self.cpuSeconds(daemon.process.pid)
        Thread.sleep(forTimeInterval: 4)
        let cpu = try Self.cpuSeconds(daemon.process.pid) - cpuBefore
        let readStart = Self.nowMillis
        // The last thousand records of the history and everything since.
        let all = try Self.timestamps(path, from: history - 1000).tail
        let readEnd = Self.nowMillis
        let live = all.dropFirst(1000)
        #expect(cpu < 1.0, "the daemon used \(cpu) s of CPU in 4 s of live streaming")
        #expect(live.count >= 4, "\(live.count) live records")
        #expect(live.count < 2000, "\(live.count) live records: faster than the population")
        #expect(all.max()! <= readEnd, "event time ran ahead of the wall clock")
        #expect(live.last.map { readStart - $0 < 5000 } == true, "live records lag the wall clock")
        #expect(zip(all, all.dropFirst()).allSatisfy { $0 <= $1 }, "event time went backwards")
        #expect(try daemon.streamStatus(id)["state"] as? String == "running")
        let pace = try #require(try daemon.streamStatus(capped)["pace"] as? [String: Any])
        #expect(pace["state"] as? String == "on_target", "\(pace)")
        #expect(pace["episodes"] as? Int == 0, "\(pace)")
        #expect(try Self.lastTimestamp(daemon.dataDirectory + "/capped.ndjson").map { readEnd - $0 < 10_000 } == true)
    }
}
