import Foundation

#if canImport(Glibc)
import Glibc
#endif

public enum TestSupportError: Error, CustomStringConvertible {
    case toolMissing(String)
    case didNotStart(String, output: String)
    case timeout(String)

    public var description: String {
        switch self {
        case .toolMissing(let name): "\(name) not found: run scripts/setup (it installs it into .venv)"
        case .didNotStart(let what, let output): "\(what) did not start:\n\(output)"
        case .timeout(let what): "timed out waiting for \(what)"
        }
    }
}

public enum Network {
    /// A loopback TCP port nobody listens on right now (bound to 0, read back, released).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        precondition(bound == 0, "cannot bind a loopback port")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func isListening(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withLoopbackAddress(port: port) { connect(fd, $0, $1) } == 0
    }

    /// Connects TCP socket `fd` to 127.0.0.1:`port`, its reads giving up after
    /// `receiveTimeout` seconds; returns connect's result (0, or -1 with errno set).
    public static func connectLoopback(_ fd: Int32, port: Int, receiveTimeout seconds: Int) -> Int32 {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return withLoopbackAddress(port: port) { connect(fd, $0, $1) }
    }

    /// Calls `body` with the `sockaddr_in` of 127.0.0.1:`port` (for connect on an AF_INET socket).
    public static func withLoopbackAddress<R>(port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    /// A new AF_UNIX socket of `type` (SOCK_STREAM or SOCK_DGRAM, flags such as SOCK_CLOEXEC
    /// or'ed in) set up on `path` by `attach` (bind, connect, bind and listen). When that
    /// fails the socket is closed again, before anything else could reuse its number, and
    /// the failure is thrown naming `what`.
    public static func unixSocket(
        _ type: Int32, path: String, what: String, _ attach: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
    ) throws -> Int32 {
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else { throw TestSupportError.didNotStart(what, output: String(cString: strerror(errno))) }
        guard withUnixAddress(path, { attach(fd, $0, $1) }) else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TestSupportError.didNotStart("\(what) \(path)", output: reason)
        }
        return fd
    }

    /// Calls `body` with the `sockaddr_un` of `path` (for bind or connect on an AF_UNIX socket).
    public static func withUnixAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }

    /// Polls `condition` every 50 ms until it holds or `timeout` seconds pass.
    public static func waitUntil(timeout: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            usleep(50_000)
        }
        throw TestSupportError.timeout(what)
    }
}
