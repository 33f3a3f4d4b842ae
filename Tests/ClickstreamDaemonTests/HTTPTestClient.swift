import ClickstreamTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a real TCP socket, for testing the HTTP adapter as a client
/// sees it (any method, raw bodies, disconnecting mid-response).
///
/// Blocking socket calls run on a thread of their own, never on the Swift concurrency pool:
/// with two cores, a blocked pool thread could starve the server under test.
struct HTTPTestClient: Sendable {
    let port: Int

    struct Response: Sendable {
        var status: Int
        /// Lowercased names.
        var headers: [String: String]
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        /// `error` of the API's error shape.
        var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }

        /// Whether this is an error answer with `status` whose message mentions `text`.
        func refused(_ status: Int, mentioning text: String) -> Bool {
            self.status == status && (error["message"] as? String)?.contains(text) == true
        }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Response {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, json: String? = nil, headers: [String: String] = [:]) async throws -> Response {
        var headers = headers
        if json != nil { headers["Content-Type"] = "application/json" }
        return try await request("POST", path, headers: headers, body: json.map { Array($0.utf8) })
    }

    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8]? = nil) async throws
        -> Response
    {
        let port = self.port
        return try await Self.onThread {
            let socket = try TestSocket(port: port)
            defer { socket.close() }
            var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            if let body { head += "Content-Length: \(body.count)\r\n" }
            head += "\r\n"
            try socket.send(Array(head.utf8) + (body ?? []))
            return try Self.parse(socket.readToEnd())
        }
    }

    /// Sends a GET, reads until `minimumBytes` of the body have arrived, then closes the
    /// connection mid-response, as a client that has seen enough does.
    func readThenDisconnect(_ path: String, minimumBytes: Int) async throws -> [UInt8] {
        let port = self.port
        return try await Self.onThread {
            let socket = try TestSocket(port: port)
            defer { socket.close() }
            try socket.send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            var received: [UInt8] = []
            while received.count < minimumBytes + 200 {
                guard let chunk = try socket.read(), !chunk.isEmpty else { break }
                received += chunk
            }
            return received
        }
    }

    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.start()
        }
    }

    static func parse(_ raw: [UInt8]) throws -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = raw.firstRange(of: separator) else { throw TestSocket.Failure.malformed("no header end") }
        let lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw TestSocket.Failure.malformed(lines[0])
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(raw[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    /// Decodes a chunked body (sizes in hex, each chunk followed by CRLF, ended by a 0 chunk).
    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            guard let lineEnd = data[index...].firstRange(of: Array("\r\n".utf8)) else { break }
            let sizeText =
                String(decoding: data[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            let stop = min(data.count, start + size)
            out += data[start..<stop]
            index = stop + 2
        }
        return out
    }
}

/// A connected, blocking TCP socket to 127.0.0.1 with a receive timeout.
final class TestSocket: @unchecked Sendable {
    enum Failure: Error {
        case connect(Int32)
        case send(Int32)
        case malformed(String)
        case timeout
    }

    private let fd: Int32

    init(port: Int, timeoutSeconds: Int = 30) throws {
        // CLOEXEC: a child process spawned meanwhile (schemathesis) must not inherit the
        // socket, or closing it here would not close the connection.
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard Network.connectLoopback(fd, port: port, receiveTimeout: timeoutSeconds) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw Failure.connect(code)
        }
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { throw Failure.send(errno) }
            offset += written
        }
    }

    /// Next bytes, empty at end of stream.
    func read() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw errno == EAGAIN || errno == EWOULDBLOCK ? Failure.timeout : Failure.send(errno) }
        return Array(buffer[0..<count])
    }

    func readToEnd() throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read(), !chunk.isEmpty { all += chunk }
        return all
    }

    func close() { Glibc.close(fd) }
}
