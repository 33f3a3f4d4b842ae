import ArgumentParser
import ClickstreamModel
import ClickstreamTestSupport
import Foundation

/// `clickbench sinks`: records/s of a real clickstreamd's Redis and PostgreSQL sinks, driven
/// over its JSON-RPC socket, side by side with what a user would run instead on the same
/// servers in the same run: `redis-benchmark` pipelining XADDs of a record the daemon wrote,
/// and `psql \copy` of rows the daemon wrote.
///
/// One redis-server (no persistence) and one PostgreSQL (fsync off) for the whole run; two
/// daemons (Redis session view off and on). Each figure is records over the seconds from
/// `stream.start` to the last record delivered; redis-benchmark's is its own requests/s; psql's
/// is rows over its process time. Runs alternate nothing and share the machine: take the median.
struct SinkBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sinks",
        abstract: "Redis and PostgreSQL sink throughput vs redis-benchmark and psql \\copy (release build).")

    @Option(help: "Records per run.") var records = 200_000
    @Option(help: "Runs per tool (the median is reported).") var runs = 3
    @Option(help: "Stream batch size, and redis-benchmark's pipeline depth.") var batchSize = 1000
    @Option(help: "The clickstreamd executable (default: next to clickbench).") var daemon: String?
    @Option(help: "The redis-benchmark binary.") var redisBenchmark = "/usr/bin/redis-benchmark"
    @Option(help: "The psql binary.") var psql = "/usr/bin/psql"

    mutating func run() throws {
        let binary = BenchDaemon.binary(daemon)
        #if DEBUG
        print("WARNING: a debug build of clickbench; figures come from the clickstreamd at \(binary)")
        #endif
        let redis = try RedisServer.start(appendOnly: false)
        defer { redis.stop() }
        let postgres = try PostgresServer.start()
        defer { postgres.stop() }
        let plain = try BenchDaemon(
            binary: binary,
            extra: """
                [sinks.redis]
                url = "\(redis.url)"
                session_view = false
                [sinks.postgres]
                url = "\(postgres.url)"
                """)
        defer { plain.stop() }
        let view = try BenchDaemon(binary: binary, extra: "[sinks.redis]\nurl = \"\(redis.url)\"\n")
        defer { view.stop() }

        print(
            "\(records) interaction records per run, batch/pipeline \(batchSize), \(runs) runs; redis-server and PostgreSQL on loopback"
        )
        var table: [(String, [Double])] = [
            ("clickstream → Redis XADD", []), ("redis-benchmark XADD -P \(batchSize)", []),
            ("clickstream → Redis XADD + session view", []),
            ("clickstream → PostgreSQL (users/products upserted)", []), ("psql \\copy of the same rows", []),
        ]
        let copyFile = NSTemporaryDirectory() + "clickbench-interactions-\(getpid()).copy"
        defer { try? FileManager.default.removeItem(atPath: copyFile) }
        for run in 0..<runs {
            let n = records
            let b = batchSize
            let stream = { (sink: String, topic: String) in
                #"{"data_type":"interactions","rate":0,"max_count":\#(n),"sink":"\#(sink)","topic":"\#(topic)","batch_size":\#(b)}"#
            }
            let ours = try timeStream(plain, stream("redis", "bench-ours-\(run)"), count: n)
            table[0].1.append(Double(n) / ours)
            let entry = try redis.cli(["XRANGE", "bench-ours-\(run)", "-", "+", "COUNT", "1"]).split(separator: "\n")
                .map(String.init)
            guard entry.count == 5 else { throw ValidationError("unexpected XRANGE reply: \(entry)") }
            _ = try redis.cli("DEL", "bench-ours-\(run)")
            table[1].1.append(
                try redisBenchmarkRun(port: redis.port, key: "bench-rb-\(run)", kind: entry[2], payload: entry[4]))
            _ = try redis.cli("DEL", "bench-rb-\(run)")
            let withView = try timeStream(view, stream("redis", "bench-view-\(run)"), count: n)
            table[2].1.append(Double(n) / withView)
            _ = try redis.cli("FLUSHALL")

            let pg = try timeStream(plain, stream("postgres", "interactions"), count: n)
            table[3].1.append(Double(n) / pg)
            if run == 0 {
                try postgres.psql("CREATE TABLE bench_copy (LIKE clickstream.interactions INCLUDING ALL)")
                try postgres.psql("\\copy (SELECT * FROM clickstream.interactions LIMIT \(n)) TO '\(copyFile)'")
            }
            try postgres.psql("TRUNCATE bench_copy")
            table[4].1.append(Double(n) / (try copyRun(port: postgres.port, file: copyFile)))
            print("run \(run + 1): " + table.map { "\(Int($0.1.last!))" }.joined(separator: " / ") + " records/s")
        }
        print("")
        print("tool".padding(toLength: 52, withPad: " ", startingAt: 0) + "median records/s   runs")
        for (tool, rates) in table {
            print(
                tool.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + String(format: "%.0f", rates.median).padding(toLength: 19, withPad: " ", startingAt: 0)
                    + rates.map { String(format: "%.0f", $0) }.joined(separator: ", "))
        }
    }

    /// Starts a stream of `count` records as fast as the sink takes them on `daemon`; returns
    /// the seconds from `stream.start` to the moment all of them are delivered.
    private func timeStream(_ daemon: BenchDaemon, _ params: String, count: Int) throws -> Double {
        let start = ContinuousClock.now
        let id = try daemon.startStream(params)
        while true {
            guard let stream = try daemon.streams()[id] else {
                throw ValidationError("stream \(id) missing from stream.status")
            }
            let delivered = stream["delivered"] as? Int ?? 0
            let failed = stream["failed"] as? Int ?? 0
            if failed > 0 {
                throw ValidationError("stream \(id) failed \(failed) records: \(stream["last_error"] ?? "")")
            }
            if delivered >= count { return (ContinuousClock.now - start).seconds }
            usleep(5_000)
        }
    }

    /// redis-benchmark's requests/s for `records` XADDs of `payload`, one connection,
    /// pipelined like the sink, with the same MAXLEN trimming.
    private func redisBenchmarkRun(port: Int, key: String, kind: String, payload: String) throws -> Double {
        let process = try ChildProcess(
            executable: redisBenchmark,
            arguments: [
                "-h", "127.0.0.1", "-p", String(port), "-n", String(records), "-P", String(batchSize), "-c", "1",
                "--csv",
                "XADD", key, "MAXLEN", "~", "1000000", "*", "event_type", kind, "data", payload,
            ], environment: ProcessInfo.processInfo.environment)
        let code = process.waitForExit()
        let lines = process.output.split(separator: "\n")
        try? FileManager.default.removeItem(at: process.logURL)
        // --csv: a header, then "<test>","<rps>","<avg>","<min>","<p50>","<p95>","<p99>","<max>";
        // the test name is the command with the JSON payload (commas and quotes), so count
        // the seven numbers from the end.
        guard code == 0, let row = lines.last, lines.count >= 2 else {
            throw ValidationError("redis-benchmark failed:\n\(process.output)")
        }
        let fields = row.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        guard fields.count >= 8, let rps = Double(fields[fields.count - 7]) else {
            throw ValidationError("redis-benchmark printed: \(row)")
        }
        return rps
    }

    /// Seconds `psql -c "\copy bench_copy FROM file"` takes, process start to exit.
    private func copyRun(port: Int, file: String) throws -> Double {
        let start = ContinuousClock.now
        let process = try ChildProcess(
            executable: psql,
            arguments: [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d",
                "postgres",
                "-c", "\\copy bench_copy FROM '\(file)'",
            ], environment: ProcessInfo.processInfo.environment)
        let code = process.waitForExit()
        let elapsed = (ContinuousClock.now - start).seconds
        guard code == 0 else { throw ValidationError("psql \\copy failed:\n\(process.output)") }
        try? FileManager.default.removeItem(at: process.logURL)
        return elapsed
    }
}
