/// JSON-RPC 2.0 framing: one request or response object per line on the Unix socket.

/// A request `id`: a string, a number or null. Absent means a notification (no response).
public enum RPCID: Sendable, Equatable, Hashable, Codable {
    case number(Int64)
    case string(String)
    case null

    /// What a valid id is, as errors say it. An integer is exact below 9e15, as JSON numbers
    /// go (doubles), so a larger one is refused rather than answered with another id.
    public static let rule = "id must be a string, an integer below 9e15 in magnitude, or null"

    /// `value` as an id, nil when it breaks `rule`.
    public init?(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .string(let text): self = .string(text)
        case .number(let number) where number.rounded() == number && abs(number) < 9.0e15: self = .number(Int64(number))
        default: return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        guard let id = RPCID(try JSONValue(from: decoder)) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: RPCID.rule))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

public struct RPCRequest: Sendable, Codable, Equatable {
    public var jsonrpc: String
    public var id: RPCID?
    public var method: String
    public var params: JSONValue?

    public init(id: RPCID?, method: RPCMethod, params: JSONValue? = nil) {
        self.jsonrpc = "2.0"
        self.id = id
        self.method = method.rawValue
        self.params = params
    }
}

/// The standard JSON-RPC error codes plus clickstream's own (-32000 ... -32099).
public enum RPCErrorCode: Int, Sendable, Codable {
    case parseError = -32700
    case invalidRequest = -32600
    case methodNotFound = -32601
    case invalidParams = -32602
    case internalError = -32603
    /// The named stream does not exist (HTTP 404).
    case notFound = -32004
    /// A request exceeded a configured cap (count, rate, batch size, request size) (HTTP 413/422).
    case limitExceeded = -32005
    /// The daemon cannot do it now (Kafka unavailable, shutting down) (HTTP 503).
    case unavailable = -32006
    /// A config reload was refused: the file is invalid; the old config stays (HTTP 422).
    case invalidConfig = -32007
}

/// An error as it travels in a response: code, a message a user can act on, and details
/// (for invalid params: which field, what was expected, what was given).
public struct RPCError: Error, Sendable, Codable, Equatable {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(_ code: RPCErrorCode, _ message: String, data: JSONValue? = nil) {
        self.code = code.rawValue
        self.message = message
        self.data = data
    }

    public var knownCode: RPCErrorCode? { RPCErrorCode(rawValue: code) }
}

/// A response as clickctl decodes it; the result stays undecoded until the caller knows
/// which type to expect.
public struct RPCResponse: Sendable, Codable, Equatable {
    public var jsonrpc: String
    public var id: RPCID?
    public var result: JSONValue?
    public var error: RPCError?
}
