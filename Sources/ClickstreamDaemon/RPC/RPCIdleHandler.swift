import NIOCore

/// Closes an RPC connection that has sat idle for `timeout`: no request in progress and no
/// complete request line received. Bytes that do not finish a line do not count as
/// activity, so a client trickling a byte at a time cannot hold a connection slot forever.
///
/// Sits after `LineFrameDecoder`: each frame it passes on starts a request; the connection's
/// task sends `RequestDone` (a user outbound event) when it has answered one.
final class RPCIdleHandler: ChannelDuplexHandler {
    typealias InboundIn = RPCFrame
    typealias InboundOut = RPCFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sent by the connection's task after it handled one frame (answered or not).
    struct RequestDone: Sendable {}

    private let timeout: TimeAmount
    private var inProgress = 0
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inProgress += 1
        disarm()
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is RequestDone else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        inProgress = max(0, inProgress - 1)
        if inProgress == 0 { arm(context) }
        promise?.succeed(())
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) { bound.value.close(promise: nil) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
