import ClickstreamAPI
import Foundation

/// JSON-RPC 2.0 semantics over one request line: parse, validate the envelope, run single
/// calls and batches, build the response line. Transport-free, so it is tested directly.
///
/// Results arrive as raw JSON bytes from the handler and are spliced into the response
/// without re-encoding.
struct RPCProcessor: Sendable {
    let handler: any RPCHandler
    /// Most requests in one batch.
    let maxBatch: Int

    init(handler: any RPCHandler, maxBatch: Int = 1000) {
        self.handler = handler
        self.maxBatch = maxBatch
    }

    /// The response to `line` (without newline), or nil when nothing is to be sent back
    /// (a notification, or a batch of notifications only).
    func process(_ line: [UInt8]) async -> [UInt8]? {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line))
        } catch {
            return Self.errorResponse(
                id: .null,
                RPCError(
                    .parseError, "parse error: the request is not valid JSON",
                    data: ["detail": .string(Self.describe(error))]))
        }
        switch value {
        case .array(let items):
            guard !items.isEmpty else {
                return Self.errorResponse(id: .null, RPCError(.invalidRequest, "invalid request: empty batch"))
            }
            guard items.count <= maxBatch else {
                return Self.errorResponse(
                    id: .null,
                    RPCError(
                        .invalidRequest, "invalid request: a batch may hold at most \(maxBatch) requests",
                        data: ["max": .number(Double(maxBatch))]))
            }
            var responses: [[UInt8]] = []
            for item in items {
                if let response = await single(item) { responses.append(response) }
            }
            guard !responses.isEmpty else { return nil }
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (index, response) in responses.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: response)
            }
            bytes.append(UInt8(ascii: "]"))
            return bytes
        default:
            return await single(value)
        }
    }

    /// Handles one request object; nil for a notification.
    private func single(_ value: JSONValue) async -> [UInt8]? {
        guard case .object(let object) = value else {
            return Self.errorResponse(id: .null, RPCError(.invalidRequest, "invalid request: expected a JSON object"))
        }
        // The id, if usable, is echoed even when the rest of the request is invalid.
        let id = object["id"].flatMap { RPCID($0) }
        if object["id"] != nil && id == nil {
            return Self.errorResponse(
                id: .null, RPCError(.invalidRequest, "invalid request: \(RPCID.rule)"))
        }
        guard case .string("2.0")? = object["jsonrpc"] else {
            return Self.errorResponse(
                id: id ?? .null, RPCError(.invalidRequest, "invalid request: \"jsonrpc\" must be \"2.0\""))
        }
        guard case .string(let name)? = object["method"] else {
            return Self.errorResponse(
                id: id ?? .null, RPCError(.invalidRequest, "invalid request: \"method\" must be a string"))
        }
        let params = object["params"]
        switch params {
        case nil, .object?, .array?: break
        default:
            return Self.errorResponse(
                id: id ?? .null, RPCError(.invalidRequest, "invalid request: \"params\" must be an object or an array"))
        }
        let started = ContinuousClock.now
        guard let method = RPCMethod(rawValue: name) else {
            RequestMetrics.record(
                transport: "rpc", name: "unknown", status: String(RPCErrorCode.methodNotFound.rawValue),
                seconds: (ContinuousClock.now - started).seconds)
            guard let id else { return nil }
            return Self.errorResponse(
                id: id,
                RPCError(
                    .methodNotFound, "method not found: \(name)",
                    data: [
                        "method": .string(name),
                        "known": .array(RPCMethod.allCases.map { .string($0.rawValue) }),
                    ]))
        }
        do {
            let result = try await handler.call(method, params: params)
            RequestMetrics.record(
                transport: "rpc", name: method.rawValue, status: "ok", seconds: (ContinuousClock.now - started).seconds)
            guard let id else { return nil }
            return Self.resultResponse(id: id, result: result)
        } catch {
            RequestMetrics.record(
                transport: "rpc", name: method.rawValue, status: String(error.code),
                seconds: (ContinuousClock.now - started).seconds)
            guard let id else { return nil }
            return Self.errorResponse(id: id, error)
        }
    }

    // MARK: - Response text

    static func resultResponse(id: RPCID, result: [UInt8]) -> [UInt8] {
        var bytes = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        bytes.append(contentsOf: encodeID(id))
        bytes.append(contentsOf: Array(#","result":"#.utf8))
        bytes.append(contentsOf: result)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func errorResponse(id: RPCID, _ error: RPCError) -> [UInt8] {
        var bytes = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        bytes.append(contentsOf: encodeID(id))
        bytes.append(contentsOf: Array(#","error":"#.utf8))
        let encoder = JSONEncoder.clickstreamAPI()
        bytes.append(
            contentsOf: (try? encoder.encode(error)).map(Array.init)
                ?? Array(#"{"code":-32603,"message":"internal error"}"#.utf8))
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static func encodeID(_ id: RPCID) -> [UInt8] {
        switch id {
        case .null: Array("null".utf8)
        case .number(let n): Array(String(n).utf8)
        case .string: (try? JSONEncoder().encode(id)).map(Array.init) ?? Array("null".utf8)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError { return "\(underlying.localizedDescription)" }
            return context.debugDescription
        }
        return "\(error)"
    }
}
