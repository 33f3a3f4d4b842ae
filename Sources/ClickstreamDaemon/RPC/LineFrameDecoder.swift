import NIOCore

/// One unit read from an RPC connection.
enum RPCFrame: Sendable {
    /// A complete line (without its newline).
    case line(ByteBuffer)
    /// A line longer than the limit; its bytes were discarded up to the next newline, so the
    /// connection can carry on with the following request.
    case tooLong(limit: Int)
}

/// Splits the byte stream into newline-delimited frames, enforcing a size limit without
/// buffering the oversized line (a client cannot make the daemon hold more than `limit`).
struct LineFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = RPCFrame
    let limit: Int
    /// Inside an oversized line: skipping to its end.
    private var discarding = false

    init(limit: Int) { self.limit = limit }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - view.startIndex
            if discarding {
                buffer.moveReaderIndex(forwardBy: length + 1)
                discarding = false
                return .continue
            }
            if length > limit {
                buffer.moveReaderIndex(forwardBy: length + 1)
                context.fireChannelRead(wrapInboundOut(.tooLong(limit: limit)))
                return .continue
            }
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == UInt8(ascii: "\r") {
                line = line.getSlice(at: line.readerIndex, length: length - 1)!
            }
            context.fireChannelRead(wrapInboundOut(.line(line)))
            return .continue
        }
        if buffer.readableBytes > limit {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            if !discarding {
                discarding = true
                context.fireChannelRead(wrapInboundOut(.tooLong(limit: limit)))
            }
            return .needMoreData
        }
        if discarding { buffer.moveReaderIndex(forwardBy: buffer.readableBytes) }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        // A final request without a trailing newline still counts.
        if !discarding, buffer.readableBytes > 0, buffer.readableBytes <= limit {
            let line = buffer.readSlice(length: buffer.readableBytes)!
            context.fireChannelRead(wrapInboundOut(.line(line)))
        } else {
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        }
        return .needMoreData
    }
}
