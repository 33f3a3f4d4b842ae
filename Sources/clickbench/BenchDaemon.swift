import ArgumentParser
import ClickstreamTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real clickstreamd for a benchmark: the binary built next to clickbench (or `--daemon`),
/// a temporary config, driven over its JSON-RPC socket exactly as clickctl drives it.
///
/// The benchmarks measure this process, not the library inside clickbench: a figure is what a
/// user of the daemon gets.
final class BenchDaemon {
    let process: ChildProcess
    let client: UnixSocketClient
    let directory: String

    /// The clickstreamd next to this clickbench, unless `path` names one.
    static func binary(_ path: String?) -> String {
        path
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("clickstreamd").path
    }

    /// Starts clickstreamd on a config made of the daemon basics (socket, state, no config
    /// streams, generous limits), the `[http]` keys `http` (nil: no HTTP) and `extra` TOML;
    /// records written to stdout are discarded. Waits for the RPC socket.
    init(
        binary: String, extra: String, http: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let directory = "/tmp/csbench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = """
            [daemon]
            socket_path = "\(directory)/d.sock"
            state_dir = "\(directory)/state"
            log_level = "warning"
            [http]
            \(http ?? "enabled = false")
            [limits]
            max_rate = 10000000
            \(extra)
            """
        try config.write(toFile: "\(directory)/d.toml", atomically: true, encoding: .utf8)
        let process = try ChildProcess(
            executable: binary, arguments: ["--config", "\(directory)/d.toml"],
            environment: environment, discardOutput: true)
        self.process = process
        var connected: UnixSocketClient?
        do {
            try Network.waitUntil(timeout: 10, "clickstreamd's socket") {
                connected = try? UnixSocketClient(path: "\(directory)/d.sock")
                return connected != nil
            }
        } catch {
            _ = process.stop()
            throw ValidationError("clickstreamd did not open its socket: \(binary)\n\(process.output)")
        }
        client = connected!
    }

    /// Stops the daemon (SIGTERM: it flushes) and removes its directory.
    func stop() {
        _ = process.stop(grace: 30)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The `result` object of `method`; throws on an error response.
    func call(_ method: String, _ params: String? = nil) throws -> [String: Any] {
        let response = try client.request(method, params: params, timeout: 30)
        guard let result = response["result"] as? [String: Any] else { throw ValidationError("\(method): \(response)") }
        return result
    }

    /// Starts a stream; returns its id.
    func startStream(_ params: String) throws -> String {
        let started = try call("stream.start", params)
        guard let id = started["stream_id"] as? String else { throw ValidationError("stream.start failed: \(started)") }
        return id
    }

    /// Every stream's figures from `stream.status`, by id.
    func streams() throws -> [String: [String: Any]] {
        let status = try call("stream.status")
        var byID: [String: [String: Any]] = [:]
        for stream in status["streams"] as? [[String: Any]] ?? [] {
            if let id = stream["stream_id"] as? String { byID[id] = stream }
        }
        return byID
    }

    /// Reads stream `id`'s entry of `stream.status` at each whole second on the clock, the
    /// first at once, `seconds` + 1 times in all, and passes it on with the seconds since the
    /// first (read after the entry): the sampling loop of the rate and schedule benchmarks.
    func sampleEverySecond(
        stream id: String, seconds: Int, _ body: (_ stream: [String: Any], _ elapsed: Double) throws -> Void
    ) throws {
        let clock = ContinuousClock()
        let origin = clock.now
        for second in 0...seconds {
            let wake = origin + .seconds(second)
            if wake > clock.now { Thread.sleep(forTimeInterval: (wake - clock.now).seconds) }
            guard let stream = try streams()[id] else { throw Self.missing(id) }
            try body(stream, (clock.now - origin).seconds)
        }
    }

    /// The error of a stream (or a figure of it) missing from `stream.status`.
    static func missing(_ id: String) -> ValidationError { ValidationError("stream \(id) missing from stream.status") }

    /// User + system CPU seconds the daemon has used so far (/proc/PID/stat), all threads.
    var cpuSeconds: Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(process.pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
