import NIOCore

/// A pipeline of commands sent in one write: the encoded bytes and how many replies they
/// ask for. The promise gets the failed replies (index and message; empty when all worked).
struct RedisPipelineRequest: Sendable {
    var bytes: ByteBuffer
    var replies: Int
    var promise: EventLoopPromise<[RedisCommandFailure]>
}

/// A command the server answered with an error: its position in the pipeline and why.
struct RedisCommandFailure: Sendable, Equatable {
    var index: Int
    var message: String
}

/// Why a connection stopped answering: the requests in flight on it got no (full) answer.
struct RedisConnectionLost: Error, CustomStringConvertible {
    var reason: String
    var description: String { "Redis connection lost: \(reason)" }
}

/// Matches replies to the pipelines that asked for them, in order (Redis answers every
/// command of a connection in the order it was sent).
///
/// Several stream workers share one connection: each pipeline is registered and written in
/// the same `write` call on the event loop, so the queue order is the byte order.
final class RedisPipelineHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPReply
    typealias OutboundIn = RedisPipelineRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var remaining: Int
        var answered = 0
        var failures: [RedisCommandFailure] = []
        var promise: EventLoopPromise<[RedisCommandFailure]>
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 16)
    private var closedReason: String?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedReason {
            request.promise.fail(RedisConnectionLost(reason: closedReason))
            promise?.fail(RedisConnectionLost(reason: closedReason))
            return
        }
        guard request.replies > 0 else {
            request.promise.succeed([])
            promise?.succeed(())
            return
        }
        pending.append(Pending(remaining: request.replies, promise: request.promise))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard !pending.isEmpty else {
            // A reply nobody asked for: the stream is out of step, so nothing after it can
            // be trusted.
            fail(context: context, reason: "unexpected reply \(reply)")
            return
        }
        if case .error(let message) = reply {
            pending[pending.startIndex].failures.append(
                RedisCommandFailure(index: pending[pending.startIndex].answered, message: message))
        }
        pending[pending.startIndex].answered += 1
        pending[pending.startIndex].remaining -= 1
        if pending[pending.startIndex].remaining == 0 {
            let done = pending.removeFirst()
            done.promise.succeed(done.failures)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(reason: "the server closed the connection")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, reason: "\(error)")
    }

    private func fail(context: ChannelHandlerContext, reason: String) {
        failAll(reason: reason)
        context.close(promise: nil)
    }

    private func failAll(reason: String) {
        if closedReason == nil { closedReason = reason }
        while let next = pending.popFirst() {
            next.promise.fail(RedisConnectionLost(reason: reason))
        }
    }
}
