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
///
/// A connection with replies owed and none arriving for `replyTimeout` is closed, failing its
/// pipelines as a lost connection (which the sink retries on a new one): a server that
/// accepts and then says nothing must not hold the streams forever. One timer per
/// connection checks a timestamp the replies move, so a reply costs no scheduling.
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
    private let replyTimeout: TimeAmount
    /// When the oldest owed reply started to be waited for: the last reply, or the write
    /// that made the queue non-empty.
    private var waitingSince = NIODeadline.now()
    private var watchdog: RepeatedTask?

    init(replyTimeout: TimeAmount) {
        self.replyTimeout = replyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let check = TimeAmount.nanoseconds(max(replyTimeout.nanoseconds / 4, 10_000_000))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        watchdog = context.eventLoop.scheduleRepeatedTask(initialDelay: check, delay: check) { _ in
            let (handler, context) = loopBound.value
            handler.checkReplies(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        watchdog?.cancel()
        watchdog = nil
    }

    private func checkReplies(context: ChannelHandlerContext) {
        guard !pending.isEmpty, NIODeadline.now() - waitingSince > replyTimeout else { return }
        let seconds = Double(replyTimeout.nanoseconds) / 1e9
        fail(context: context, reason: "no reply for \(seconds) s (sinks.redis.reply_timeout)")
    }

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
        if pending.isEmpty { waitingSince = .now() }
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
        waitingSince = .now()
        pending[pending.startIndex].answered += 1
        pending[pending.startIndex].remaining -= 1
        if pending[pending.startIndex].remaining == 0 {
            let done = pending.removeFirst()
            done.promise.succeed(done.failures)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        watchdog?.cancel()
        watchdog = nil
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
