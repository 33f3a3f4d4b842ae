import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking line-oriented client of a Unix stream socket, for tests of the JSON-RPC
/// server: send raw bytes (valid or not), read response lines with a timeout.
public final class UnixSocketClient: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []

    public init(path: String) throws {
        // `fd` is set last: a class whose stored properties are all set runs `deinit`
        // even when its init throws, and a second close of this fd number would close
        // whatever socket reused it meanwhile (NIO's, in the same test process).
        fd = try Network.unixSocket(Int32(SOCK_STREAM.rawValue), path: path, what: "connection") {
            connect($0, $1, $2) == 0
        }
    }

    deinit { close(fd) }

    /// Sends `bytes` as they are (no newline added). A server that closed the connection is an
    /// error thrown here (MSG_NOSIGNAL), not a SIGPIPE that ends the whole test process.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw TestSupportError.didNotStart("write", output: String(cString: strerror(errno)))
            }
            offset += n
        }
    }

    /// Sends `text` followed by a newline.
    public func sendLine(_ text: String) throws { try send(Array(text.utf8) + [UInt8(ascii: "\n")]) }

    /// Closes the writing half (the server sees end of input).
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// The next line, or nil on end of stream; throws on timeout.
    public func readLine(timeout: Double = 10) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestSupportError.timeout("a response line") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(remaining * 1000))
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 65536) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 {
                if buffer.isEmpty { return nil }
                let line = String(decoding: buffer, as: UTF8.self)
                buffer.removeAll()
                return line
            }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Sends one line and returns the response line parsed as JSON.
    public func call(_ line: String, timeout: Double = 10) throws -> Any {
        try sendLine(line)
        guard let response = try readLine(timeout: timeout) else {
            throw TestSupportError.timeout("response to \(line)")
        }
        return try JSONSerialization.jsonObject(with: Data(response.utf8), options: [.fragmentsAllowed])
    }

    /// Calls `method` with `params` (JSON text) and returns the response object.
    public func request(_ method: String, params: String? = nil, id: Int = 1, timeout: Double = 10) throws -> [String:
        Any]
    {
        let paramsPart = params.map { ",\"params\":\($0)" } ?? ""
        let response = try call(
            "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"\(method)\"\(paramsPart)}", timeout: timeout)
        guard let object = response as? [String: Any] else { throw TestSupportError.timeout("an object response") }
        return object
    }
}
