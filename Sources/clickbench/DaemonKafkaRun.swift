import ArgumentParser
import ClickstreamTestSupport
import Foundation

/// One run of the product: a real clickstreamd started with the benchmark's producer
/// settings, N streams started over its RPC socket as `clickctl stream start … --rate 0
/// --count M --sink kafka` would, timed until `stream.status` counts every record delivered.
///
/// The clock starts after the daemon reports its producer connected (kcat's connection setup
/// is a few milliseconds of its run) and stops at the first poll (every 20 ms) that sees
/// delivered + failed = N × M.
///
/// `format` is the streams' wire format (`clickbench formats`); `extra` is more config TOML
/// (its `[schema_registry]`).
enum DaemonKafkaRun {
    struct Measured {
        var delivered: Int
        var seconds: Double
        var cpuSeconds: Double
    }

    static func run(
        binary: String, bootstrap: String, properties: [String: String], streams: Int, count: Int,
        dataType: String, topicPrefix: String, timeMode: String, batchSize: Int, format: String = "json",
        extra: String = ""
    ) throws -> Measured {
        let propertyLines = properties.keys.sorted().map { "\"\($0)\" = \"\(properties[$0]!)\"" }.joined(
            separator: "\n")
        let daemon = try BenchDaemon(
            binary: binary,
            extra: """
                [kafka]
                bootstrap_servers = "\(bootstrap)"
                [kafka.properties]
                \(propertyLines)
                [sinks]
                default = "kafka"
                \(extra)
                """)
        defer { daemon.stop() }
        try Network.waitUntil(timeout: 15, "the daemon's Kafka producer to connect") {
            let kafka = try daemon.call("health")["kafka"] as? [String: Any]
            return kafka?["state"] as? String == "connected"
        }

        let cpuBefore = daemon.cpuSeconds
        let start = ContinuousClock.now
        var ids: [String] = []
        for index in 0..<streams {
            ids.append(
                try daemon.startStream(
                    """
                    {"data_type":"\(dataType)","rate":0,"max_count":\(count),"sink":"kafka","topic":"\(topicPrefix)-\(index)",\
                    "time_mode":"\(timeMode)","batch_size":\(batchSize),"name":"bench-\(index)","format":"\(format)"}
                    """))
        }
        let total = streams * count
        var delivered = 0
        var failed = 0
        while true {
            let figures = try daemon.streams()
            delivered = ids.reduce(0) { $0 + (figures[$1]?["delivered"] as? Int ?? 0) }
            failed = ids.reduce(0) { $0 + (figures[$1]?["failed"] as? Int ?? 0) }
            if delivered + failed >= total { break }
            if (ContinuousClock.now - start) > .seconds(600) {
                throw ValidationError("the daemon delivered \(delivered) of \(total) within 600 s")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let cpu = daemon.cpuSeconds - cpuBefore
        guard failed == 0 else {
            let errors = try daemon.streams().values.compactMap { $0["last_error"] as? String }
            throw ValidationError("the daemon failed \(failed) of \(total) records: \(errors.joined(separator: "; "))")
        }
        return Measured(delivered: delivered, seconds: elapsed, cpuSeconds: cpu)
    }
}
