#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking, line-framed connection to a Unix stream socket.
///
/// Plain POSIX calls on purpose: clickctl is a short-lived CLI and should start fast and link
/// nothing heavy (no NIO, no event loop for one request and one answer).
final class UnixSocketConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var readIndex = 0

    /// Connects to `path`; `timeout` (seconds) bounds every later send and receive.
    init(path: String, timeout: Double?) throws(RPCClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        let bytes = Array(path.utf8)
        guard bytes.count < capacity else { throw .socketPathTooLong(socketPath: path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }

        #if canImport(Glibc)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw .connectFailed(socketPath: path, reason: Self.errnoText()) }

        if let timeout, timeout > 0 {
            var value = timeval()
            value.tv_sec = .init(timeout.rounded(.down))
            value.tv_usec = .init((timeout - timeout.rounded(.down)) * 1_000_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }

        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected != 0 {
            let code = errno
            close(fd)
            switch code {
            case ENOENT, ECONNREFUSED, ENOTSOCK, ENOTDIR: throw .daemonNotRunning(socketPath: path)
            case EACCES, EPERM: throw .permissionDenied(socketPath: path)
            default: throw .connectFailed(socketPath: path, reason: Self.errnoText(code))
            }
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes all of `bytes`.
    func send(_ bytes: [UInt8]) throws(SocketFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                systemSend(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw SocketFailure(errno: errno)
            }
            offset += written
        }
    }

    /// Reads up to and without the next "\n"; nil when the peer closed the connection first.
    func readLine(limit: Int = 512 << 20) throws(SocketFailure) -> [UInt8]? {
        var searchFrom = readIndex
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[readIndex..<newline])
                readIndex = newline + 1
                if readIndex == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    readIndex = 0
                }
                return line
            }
            searchFrom = buffer.count
            guard buffer.count - readIndex < limit else { throw SocketFailure(errno: EMSGSIZE) }
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SocketFailure(errno: errno)
            }
            if count == 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

/// A failed send or receive.
struct SocketFailure: Error {
    var errno: Int32
    /// SO_RCVTIMEO / SO_SNDTIMEO expired.
    var isTimeout: Bool { errno == EAGAIN || errno == EWOULDBLOCK }
    var text: String { UnixSocketConnection.errnoText(errno) }
}

/// `send(2)` without SIGPIPE: a daemon that hangs up must give an error, not kill clickctl.
private func systemSend(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return send(fd, pointer, count, Int32(MSG_NOSIGNAL))
    #else
    return send(fd, pointer, count, 0)
    #endif
}
