import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process a test starts and stops by PID, spawned with posix_spawn so that it gets an
/// empty signal mask and default handlers.
///
/// Foundation's `Process` passes on the mask of the spawning thread, and the test runner's
/// threads block SIGTERM/SIGINT: a child started that way would ignore the very signals the
/// tests send it (shutdown, reload).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let executable: String
    /// stdout and stderr, together.
    public let logURL: URL

    private let lock = NSLock()
    private var exitStatus: Int32?
    private var usage = rusage()

    /// Starts `executable` with `arguments`; its output goes to a fresh temporary file.
    /// `passing` is an open descriptor the child inherits as fd 3 (SD_LISTEN_FDS_START, for
    /// socket activation); the caller keeps its own copy. `discardOutput`: stdout goes to
    /// /dev/null and only stderr to the file (a child that writes records to stdout).
    public init(
        executable: String, arguments: [String], environment: [String: String] = ProjectPaths.childEnvironment(),
        passing inherited: Int32? = nil, discardOutput: Bool = false
    ) throws {
        self.executable = executable
        let log = FileManager.default.temporaryDirectory
            .appendingPathComponent("\((executable as NSString).lastPathComponent)-\(UUID().uuidString).log")
        self.logURL = log

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if discardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var duplicate: Int32 = -1
        defer { if duplicate >= 0 { close(duplicate) } }
        if var source = inherited {
            // dup2 onto itself would keep FD_CLOEXEC: hand over a copy numbered above 3.
            if source == 3 {
                duplicate = fcntl(source, F_DUPFD_CLOEXEC, 4)
                source = duplicate
            }
            posix_spawn_file_actions_adddup2(&actions, source, 3)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw TestSupportError.didNotStart(executable, output: String(cString: strerror(result)))
        }
        self.pid = pid
    }

    /// What the process printed so far.
    public var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Whether it still runs (reaps it when it has exited).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let reaped = wait4(pid, &status, WNOHANG, &usage)
        if reaped == pid {
            exitStatus = status
            return false
        }
        return reaped == 0
    }

    /// Blocks until the process exits (no polling delay); returns its exit code (or 128 + signal).
    @discardableResult
    public func waitForExit() -> Int32 {
        var status: Int32 = 0
        var exited = rusage()
        var reaped: pid_t
        repeat { reaped = wait4(pid, &status, 0, &exited) } while reaped < 0 && errno == EINTR
        lock.lock()
        defer { lock.unlock() }
        // Another caller may have reaped it first (ECHILD): its record stands.
        if reaped == pid, exitStatus == nil {
            exitStatus = status
            usage = exited
        }
        return Self.exitCode(exitStatus ?? status)
    }

    /// User + system CPU seconds the exited process used (0 while it runs).
    public var cpuSeconds: Double {
        lock.lock()
        defer { lock.unlock() }
        return Self.seconds(usage)
    }

    /// User + system seconds of a `rusage`.
    public static func seconds(_ usage: rusage) -> Double {
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Sends `signal` (SIGTERM, SIGHUP, SIGKILL, ...).
    public func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits up to `timeout` seconds for the process to exit; returns its exit code (or
    /// 128 + signal), nil if it still runs.
    @discardableResult
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning && Date() < deadline { usleep(10_000) }
        lock.lock()
        defer { lock.unlock() }
        return exitStatus.map(Self.exitCode)
    }

    /// `signal` (SIGTERM unless told), then SIGKILL after `grace` seconds; returns the exit code.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, grace: Double = 5) -> Int32? {
        send(signal)
        if let code = waitForExit(timeout: grace) { return code }
        // Its children go too: a PostgreSQL postmaster killed alone leaves its backends
        // serving their clients, and the "stopped" server goes on answering.
        let children = Self.children(of: pid)
        send(SIGKILL)
        for child in children { kill(child, SIGKILL) }
        return waitForExit(timeout: 5)
    }

    /// The processes whose parent is `pid` (from /proc/<pid>/stat).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let child = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            // After "pid (comm)": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && pid_t(fields[1]) == pid ? child : nil
        }
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
    }
}
