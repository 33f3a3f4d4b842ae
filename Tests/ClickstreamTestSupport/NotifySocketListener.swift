import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real AF_UNIX datagram socket standing in for systemd's NOTIFY_SOCKET: pass
/// `environment` to the daemon, then read what it announced (READY=1, STATUS=..., ...).
public final class NotifySocketListener: @unchecked Sendable {
    public let path: String
    private let fd: Int32
    /// Every datagram received so far, in order.
    public private(set) var messages: [String] = []

    public init() throws {
        path = "/tmp/csn-\(UUID().uuidString.prefix(8)).sock"
        // `fd` is set last, so that a failed init does not close it twice (deinit).
        fd = try Network.unixSocket(Int32(SOCK_DGRAM.rawValue), path: path, what: "notify socket") {
            bind($0, $1, $2) == 0
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// NOTIFY_SOCKET for the child.
    public var environment: [String: String] { ["NOTIFY_SOCKET": path] }

    /// Receives datagrams until one satisfies `predicate` (returned) or `timeout` passes (nil).
    @discardableResult
    public func waitFor(timeout: Double, _ predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000)) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 8192)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, 8192, 0) }
            guard n > 0 else { continue }
            let message = String(decoding: buffer[..<n], as: UTF8.self)
            messages.append(message)
            if predicate(message) { return message }
        }
    }

    /// Waits for a datagram holding the line `assignment` (e.g. "READY=1").
    @discardableResult
    public func waitFor(_ assignment: String, timeout: Double = 20) -> String? {
        waitFor(timeout: timeout) { $0.split(separator: "\n").contains { $0 == assignment } }
    }
}
