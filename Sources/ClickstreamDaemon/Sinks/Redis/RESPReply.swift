import NIOCore

/// One top-level reply, as far as a writer cares: it worked, or the server said why not.
///
/// The sink only writes (XADD, HSET, EXPIRE, ZADD...), so the values of successful replies
/// are skipped rather than built: decoding allocates only for error messages.
enum RESPReply: Sendable, Equatable {
    case ok
    case error(String)
}

/// Cuts RESP2/RESP3 replies out of the byte stream, one `RESPReply` per top-level reply
/// (arrays, maps and sets are skipped whole, however nested).
struct RESPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPReply

    /// Replies nest at most this deep: a server sending more is not one we talk to.
    static let maxDepth = 32
    /// The most bytes one reply may take before it is whole. The sink's commands answer with
    /// an id, a count or OK; a server announcing a longer reply (or never ending one) would
    /// otherwise be buffered without limit, and re-scanned each time more of it arrives.
    static let maxReplyBytes = 1 << 20

    enum DecodeError: Error, CustomStringConvertible {
        case unexpectedByte(UInt8)
        case badLength
        case tooDeep

        var description: String {
            switch self {
            case .unexpectedByte(let byte): "Redis sent a reply starting with byte \(byte): not RESP"
            case .badLength: "Redis sent a malformed length"
            case .tooDeep: "Redis sent a reply nested deeper than \(RESPReplyDecoder.maxDepth) levels"
            }
        }
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var view = buffer
        guard let reply = try Self.parse(&view, depth: 0) else { return .needMoreData }
        buffer = view
        context.fireChannelRead(wrapInboundOut(reply))
        return .continue
    }

    /// Parses one reply from `buffer` (advancing it), or nil when it is not all there yet.
    static func parse(_ buffer: inout ByteBuffer, depth: Int) throws -> RESPReply? {
        guard depth <= maxDepth else { throw DecodeError.tooDeep }
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        guard let lineEnd = lineEnd(in: buffer) else { return nil }
        let lineStart = buffer.readerIndex + 1
        let lineLength = lineEnd - lineStart
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("),
            UInt8(ascii: "_"):
            buffer.moveReaderIndex(to: lineEnd + 2)
            return .ok
        case UInt8(ascii: "-"):
            let message = buffer.getString(at: lineStart, length: lineLength) ?? "error"
            buffer.moveReaderIndex(to: lineEnd + 2)
            return .error(message)
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"):
            let length = try integer(buffer, at: lineStart, length: lineLength)
            if length < 0 {  // null bulk string
                buffer.moveReaderIndex(to: lineEnd + 2)
                return .ok
            }
            let end = lineEnd + 2 + length + 2
            guard buffer.writerIndex >= end else { return nil }
            let isError = type == UInt8(ascii: "!")
            let message = isError ? buffer.getString(at: lineEnd + 2, length: length) ?? "error" : nil
            buffer.moveReaderIndex(to: end)
            return message.map(RESPReply.error) ?? .ok
        case UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "|"):
            var count = try integer(buffer, at: lineStart, length: lineLength)
            if type == UInt8(ascii: "%") || type == UInt8(ascii: "|") { count *= 2 }
            buffer.moveReaderIndex(to: lineEnd + 2)
            var firstError: RESPReply?
            for _ in 0..<max(0, count) {
                guard let element = try parse(&buffer, depth: depth + 1) else { return nil }
                if firstError == nil, case .error = element { firstError = element }
            }
            // An array reply (EXEC) reports its first failed element.
            return firstError ?? .ok
        default:
            throw DecodeError.unexpectedByte(type)
        }
    }

    /// Index of the CR of the first CRLF at or after the reader index.
    private static func lineEnd(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            var index = 0
            while index + 1 < bytes.count {
                if bytes[index] == 0x0d && bytes[index + 1] == 0x0a { return buffer.readerIndex + index }
                index += 1
            }
            return nil
        }
    }

    /// A decimal length, read in place (a String per reply would allocate on every XADD).
    private static func integer(_ buffer: ByteBuffer, at index: Int, length: Int) throws -> Int {
        guard length > 0, length <= 18 else { throw DecodeError.badLength }
        var value = 0
        var negative = false
        for offset in 0..<length {
            let byte = buffer.getInteger(at: index + offset, as: UInt8.self) ?? 0
            if offset == 0 && byte == UInt8(ascii: "-") && length > 1 {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw DecodeError.badLength }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}
