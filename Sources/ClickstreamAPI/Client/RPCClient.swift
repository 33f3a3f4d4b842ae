import Foundation

/// A blocking JSON-RPC 2.0 client for clickstreamd's Unix socket: one request line out, one
/// response line back.
///
/// It connects on the first call and keeps the connection for the next ones (`stats --watch`
/// asks every second); after a failure it reconnects on the next call. Not thread-safe: give
/// each thread its own client.
public final class RPCClient {
    public let socketPath: String
    /// Seconds to wait for an answer; nil waits as long as the daemon takes (streaming
    /// generate calls return only when done).
    public var timeout: Double?

    private var connection: UnixSocketConnection?
    private var nextID: Int64 = 1

    public init(socketPath: String = defaultSocketPath, timeout: Double? = 30) {
        self.socketPath = socketPath
        self.timeout = timeout
    }

    /// Calls `method` and decodes its result as `R`.
    public func call<P: Encodable, R: Decodable>(_ method: RPCMethod, params: P, as type: R.Type = R.self) throws -> R {
        try decode(R.self, from: callRaw(method, params: params), method: method)
    }

    /// Calls a method that takes no params and decodes its result as `R`.
    public func call<R: Decodable>(_ method: RPCMethod, as type: R.Type = R.self) throws -> R {
        try decode(R.self, from: callRaw(method, params: NoParams?.none), method: method)
    }

    /// Calls `method` and returns its result as the exact JSON bytes the daemon sent, for
    /// printing as is (`--json`) or decoding later.
    public func callRaw<P: Encodable>(_ method: RPCMethod, params: P?) throws -> [UInt8] {
        let id = nextID
        nextID += 1
        let request: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            request = Array(try encoder.encode(Request(id: id, method: method.rawValue, params: params))) + [0x0A]
        } catch {
            throw RPCClientError.invalidResponse(method: method.rawValue, detail: "cannot encode the params: \(error)")
        }

        let line = try exchange(request, method: method)
        return try result(of: line, id: id, method: method)
    }

    /// Calls a method that takes no params and returns its raw result.
    public func callRaw(_ method: RPCMethod) throws -> [UInt8] {
        try callRaw(method, params: NoParams?.none)
    }

    /// Calls `method` and returns its result as a `JSONValue`.
    public func callValue<P: Encodable>(_ method: RPCMethod, params: P?) throws -> JSONValue {
        try decode(JSONValue.self, from: callRaw(method, params: params), method: method)
    }

    /// Drops the connection; the next call opens a new one.
    public func disconnect() {
        connection = nil
    }

    // MARK: - Internals

    /// Sends one request line and reads one response line, connecting first if needed.
    private func exchange(_ request: [UInt8], method: RPCMethod) throws -> [UInt8] {
        let connection = try connection ?? UnixSocketConnection(path: socketPath, timeout: timeout)
        self.connection = connection
        do {
            try connection.send(request)
            guard let line = try connection.readLine() else {
                self.connection = nil
                throw RPCClientError.connectionClosed(method: method.rawValue)
            }
            return line
        } catch let failure as SocketFailure {
            self.connection = nil
            if failure.isTimeout { throw RPCClientError.timedOut(method: method.rawValue, seconds: timeout ?? 0) }
            if failure.errno == EPIPE || failure.errno == ECONNRESET {
                throw RPCClientError.connectionClosed(method: method.rawValue)
            }
            throw RPCClientError.io(method: method.rawValue, reason: failure.text)
        }
    }

    /// Checks the response line and returns its `result` bytes, or throws its `error`.
    private func result(of line: [UInt8], id: Int64, method: RPCMethod) throws -> [UInt8] {
        let response: RPCResponse
        do {
            response = try JSONDecoder().decode(RPCResponse.self, from: Data(line))
        } catch {
            connection = nil  // framing may be off; start clean next time
            throw RPCClientError.invalidResponse(
                method: method.rawValue, detail: "not a JSON-RPC response: \(Self.excerpt(line))")
        }
        if let error = response.error { throw RPCClientError.rpc(error) }
        guard response.id == .number(id) else {
            connection = nil
            throw RPCClientError.invalidResponse(
                method: method.rawValue, detail: "answer for request \(String(describing: response.id)), expected \(id)"
            )
        }
        guard let members = RawJSON.members(of: line), let result = members["result"] else {
            throw RPCClientError.invalidResponse(
                method: method.rawValue, detail: "a response with neither result nor error")
        }
        return Array(result)
    }

    private func decode<R: Decodable>(_ type: R.Type, from bytes: [UInt8], method: RPCMethod) throws -> R {
        do {
            return try JSONDecoder().decode(R.self, from: Data(bytes))
        } catch {
            throw RPCClientError.invalidResponse(
                method: method.rawValue, detail: "result does not match \(R.self): \(Self.describe(error))")
        }
    }

    private static func excerpt(_ line: [UInt8]) -> String {
        let text = String(decoding: line.prefix(200), as: UTF8.self)
        return line.count > 200 ? text + "…" : text
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The request line. `params` is left out entirely when nil (JSON-RPC allows that).
private struct Request<P: Encodable>: Encodable {
    var jsonrpc = "2.0"
    var id: Int64
    var method: String
    var params: P?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(params, forKey: .params)
    }
}

/// Stands for "no params" in the generic API.
public struct NoParams: Encodable, Sendable {
    public init() {}
}
