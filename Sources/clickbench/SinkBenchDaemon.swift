import ArgumentParser
import ClickstreamModel
import ClickstreamTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A clickstreamd for `clickbench sinks`: started with a temporary config naming the Redis
/// and PostgreSQL servers, driven over its JSON-RPC socket, stopped by PID.
final class SinkBenchDaemon {
    let directory: String
    private let process: ChildProcess
    private let client: UnixSocketClient

    init(binary: String, extraTOML: String, name: String) throws {
        let directory = "/tmp/csbench-\(name)-\(getpid())"
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let config = """
            [daemon]
            socket_path = "\(directory)/d.sock"
            state_dir = "\(directory)/state"
            log_level = "warning"
            [http]
            enabled = false
            [limits]
            max_rate = 10000000
            \(extraTOML)
            """
        try config.write(toFile: "\(directory)/d.toml", atomically: true, encoding: .utf8)
        process = try ChildProcess(executable: binary, arguments: ["--config", "\(directory)/d.toml"],
                                   environment: ProcessInfo.processInfo.environment, discardOutput: true)
        var connected: UnixSocketClient?
        do {
            try Network.waitUntil(timeout: 10, "clickstreamd's socket") {
                connected = try? UnixSocketClient(path: "\(directory)/d.sock")
                return connected != nil
            }
        } catch {
            process.stop()
            throw ValidationError("clickstreamd did not open its socket: \(binary)\n\(process.output)")
        }
        client = connected!
    }

    /// Starts a stream of `count` records as fast as the sink takes them and returns the
    /// seconds from `stream.start` to the moment all of them are delivered.
    func timeStream(_ params: String, count: Int) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let started = try call("stream.start", params)
        guard let id = started["stream_id"] as? String else { throw ValidationError("stream.start: \(started)") }
        while true {
            let status = try call("stream.status", nil)
            guard let stream = (status["streams"] as? [[String: Any]])?.first(where: { $0["stream_id"] as? String == id }) else {
                throw ValidationError("stream \(id) missing from stream.status")
            }
            let delivered = stream["delivered"] as? Int ?? 0
            let failed = stream["failed"] as? Int ?? 0
            if failed > 0 { throw ValidationError("stream \(id) failed \(failed) records: \(stream["last_error"] ?? "")") }
            if delivered >= count { return (clock.now - start).seconds }
            usleep(5_000)
        }
    }

    private func call(_ method: String, _ params: String?) throws -> [String: Any] {
        let response = try client.request(method, params: params)
        guard let result = response["result"] as? [String: Any] else { throw ValidationError("\(method): \(response)") }
        return result
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
