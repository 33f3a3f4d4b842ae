import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process of the Kafka benchmark (Tansu, kcat), spawned with posix_spawn with a
/// clean signal mask, stopped by PID, reaped with wait4 so its CPU time can be read.
final class KafkaBenchProcess {
    let pid: pid_t
    private(set) var usage = rusage()
    private(set) var exitCode: Int32?

    /// Starts `executable`; stdout and stderr go to `logPath`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], logPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw KafkaBenchError.spawn(executable, String(cString: strerror(result))) }
        self.pid = pid
    }

    /// Waits for the process to exit; records its resource usage and exit code.
    @discardableResult
    func wait() -> Int32 {
        if let exitCode { return exitCode }
        var status: Int32 = 0
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        exitCode = code
        return code
    }

    /// SIGTERM, and SIGKILL if it has not exited after 5 s.
    func stop() {
        guard exitCode == nil else { return }
        kill(pid, SIGTERM)
        for _ in 0..<500 {
            var status: Int32 = 0
            if wait4(pid, &status, WNOHANG, &usage) == pid {
                exitCode = status
                return
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        wait()
    }

    /// User + system CPU seconds of the exited process.
    var cpuSeconds: Double { KafkaBenchProcess.seconds(usage) }

    static func seconds(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

enum KafkaBenchError: Error, CustomStringConvertible {
    case spawn(String, String)
    case brokerDidNotStart(String)
    case kcatFailed(Int32, String)
    case toolMissing(String)

    var description: String {
        switch self {
        case .spawn(let tool, let why): "cannot start \(tool): \(why)"
        case .brokerDidNotStart(let log): "tansu did not start:\n\(log)"
        case .kcatFailed(let code, let log): "kcat exited with \(code):\n\(log)"
        case .toolMissing(let name): "\(name) not found: run scripts/setup, or pass its path"
        }
    }
}

/// A Tansu broker on a free loopback port for one benchmark run (in-memory storage, so a
/// fresh one per run keeps runs independent).
final class KafkaBenchBroker {
    let port: Int
    private let process: KafkaBenchProcess
    var bootstrapServers: String { "127.0.0.1:\(port)" }

    init(tansu: String, environment: [String: String]) throws {
        port = Self.freePort()
        let url = "tcp://127.0.0.1:\(port)"
        let log = NSTemporaryDirectory() + "clickbench-tansu-\(port).log"
        process = try KafkaBenchProcess(tansu, ["broker", "--listener-url", url, "--advertised-listener-url", url],
                                        environment: environment, logPath: log)
        for _ in 0..<400 {
            if Self.isListening(port) { return }
            usleep(50_000)
        }
        process.stop()
        throw KafkaBenchError.brokerDidNotStart((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    func stop() { process.stop() }

    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
