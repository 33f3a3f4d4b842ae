import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `clickbench rate`: how well a real clickstreamd holds a stream's target rate.
///
/// Starts the clickstreamd built next to this binary (or `--daemon`) with a temporary config,
/// records to stdout (→ /dev/null, so the disk is not what is measured), then for each rate
/// starts one stream over the JSON-RPC socket, skips a warm-up second and reads the stream's
/// `generated` counter every second for `--seconds`. Reports the achieved rate over the
/// whole window (the ±2 % criterion) and the worst one-second deviation.
struct RateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Measure stream rate accuracy of a real clickstreamd (release build).")

    @Option(help: "Comma-separated target rates, events/s.")
    var rates: String = "100,10000,200000"

    @Option(help: "Measured window per rate, seconds.")
    var seconds: Int = 10

    @Option(help: "Data type of the measured streams.")
    var dataType: String = "interactions"

    @Option(help: "The clickstreamd executable (default: next to clickbench).")
    var daemon: String?

    mutating func run() throws {
        let binary = daemon ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("clickstreamd").path
        let targets = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let directory = "/tmp/csbench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let config = """
            [daemon]
            socket_path = "\(directory)/d.sock"
            state_dir = "\(directory)/state"
            log_level = "warning"
            [http]
            enabled = false
            [sinks]
            default = "stdout"
            [limits]
            max_rate = 10000000
            """
        try config.write(toFile: "\(directory)/d.toml", atomically: true, encoding: .utf8)
        let pid = try Self.spawn(binary, ["--config", "\(directory)/d.toml"], log: "\(directory)/d.log")
        defer {
            kill(pid, SIGTERM)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        var client: RPCLineClient?
        for _ in 0..<200 where client == nil {
            client = try? RPCLineClient(path: "\(directory)/d.sock")
            if client == nil { usleep(50_000) }
        }
        guard let client else { throw ValidationError("clickstreamd did not open its socket: \(binary)") }

        print("rate accuracy: \(dataType), \(seconds) s window after 1 s warm-up, sink stdout → /dev/null")
        print("target/s".padding(toLength: 12, withPad: " ", startingAt: 0) + "achieved/s".padding(toLength: 14, withPad: " ", startingAt: 0)
              + "error".padding(toLength: 10, withPad: " ", startingAt: 0) + "worst 1 s".padding(toLength: 12, withPad: " ", startingAt: 0) + "±2 %")
        var failures = 0
        for target in targets {
            let started = try client.call("stream.start", #"{"data_type":"\#(dataType)","rate":\#(target),"sink":"stdout"}"#)
            guard let id = started["stream_id"] as? String else { throw ValidationError("stream.start failed: \(started)") }
            Thread.sleep(forTimeInterval: 1)
            var samples: [(at: Double, count: Int)] = []
            let clock = ContinuousClock()
            let origin = clock.now
            for second in 0...seconds {
                let wake = origin + .seconds(second)
                if wake > clock.now { Thread.sleep(forTimeInterval: Self.seconds(wake - clock.now)) }
                let count = try Self.generated(client, id)
                samples.append((Self.seconds(clock.now - origin), count))
            }
            _ = try client.call("stream.stop", #"{"stream_id":"\#(id)"}"#)
            let achieved = Double(samples.last!.count - samples.first!.count) / (samples.last!.at - samples.first!.at)
            let error = (achieved - target) / target
            var worst = 0.0
            for (a, b) in zip(samples, samples.dropFirst()) {
                let rate = Double(b.count - a.count) / (b.at - a.at)
                worst = max(worst, abs(rate - target) / target)
            }
            let ok = abs(error) <= 0.02
            if !ok { failures += 1 }
            print(String(Int(target)).padding(toLength: 12, withPad: " ", startingAt: 0)
                  + String(format: "%.1f", achieved).padding(toLength: 14, withPad: " ", startingAt: 0)
                  + String(format: "%+.2f%%", error * 100).padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%.2f%%", worst * 100).padding(toLength: 12, withPad: " ", startingAt: 0)
                  + (ok ? "ok" : "MISSED"))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private static func generated(_ client: RPCLineClient, _ id: String) throws -> Int {
        let status = try client.call("stream.status", nil)
        let streams = status["streams"] as? [[String: Any]] ?? []
        guard let count = streams.first(where: { $0["stream_id"] as? String == id })?["generated"] as? Int else {
            throw ValidationError("stream \(id) missing from stream.status")
        }
        return count
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// posix_spawn with a clean signal mask; stdout to /dev/null, stderr to `log`.
    private static func spawn(_ path: String, _ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard result == 0 else { throw ValidationError("cannot start \(path): \(String(cString: strerror(result)))") }
        return pid
    }
}

/// A minimal newline-delimited JSON-RPC client over a Unix socket.
final class RPCLineClient {
    private let handle: FileHandle
    private var buffer = Data()
    private var nextID = 1

    init(path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw ValidationError("cannot connect to \(path)")
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// The `result` object of `method`; throws on an error response.
    func call(_ method: String, _ params: String?) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        let line = #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)""# + (params.map { #","params":\#($0)"# } ?? "") + "}\n"
        handle.write(Data(line.utf8))
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let response = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                let object = try JSONSerialization.jsonObject(with: response) as? [String: Any] ?? [:]
                guard let result = object["result"] as? [String: Any] else { throw ValidationError("\(method): \(object)") }
                return result
            }
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw ValidationError("clickstreamd closed the connection") }
            buffer.append(chunk)
        }
    }
}
