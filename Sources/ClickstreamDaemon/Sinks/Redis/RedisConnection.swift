import NIOCore
import NIOPosix
import NIOSSL

/// One connection to a Redis server: connected, authenticated and on its database, ready
/// to take pipelines.
final class RedisConnection: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Why setting up a connection failed (the server refused AUTH or SELECT).
    struct HandshakeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Connects, then sends AUTH (when a password is set) and SELECT in one pipeline.
    static func connect(
        _ settings: RedisSinkSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RedisConnection {
        let tls: NIOSSLContext? = settings.tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let host = settings.host
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(settings.connectTimeout * 1000)))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        let handler = try NIOSSLClientHandler(
                            context: tls, serverHostname: Self.isAddress(host) ? nil : host)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(RESPReplyDecoder(), maximumBufferSize: RESPReplyDecoder.maxReplyBytes))
                    try channel.pipeline.syncOperations.addHandler(
                        RedisPipelineHandler(replyTimeout: .milliseconds(Int64(settings.replyTimeout * 1000))))
                }
            }
        let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
        let connection = RedisConnection(channel: channel)
        var writer = RESPWriter(capacity: 128)
        if let password = settings.password {
            if let username = settings.username {
                writer.command(3)
                writer.argument("AUTH")
                writer.argument(text: username)
            } else {
                writer.command(2)
                writer.argument("AUTH")
            }
            writer.argument(text: password)
        }
        writer.command(2)
        writer.argument("SELECT")
        writer.argument(settings.database)
        do {
            let failures = try await connection.send(writer.buffer, replies: writer.commands)
            if let failure = failures.first {
                throw HandshakeError(
                    message:
                        "Redis refused \(failure.index == 0 && settings.password != nil ? "AUTH" : "SELECT \(settings.database)"): \(failure.message)"
                )
            }
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    var isActive: Bool { channel.isActive }

    /// Writes a pipeline and waits for its `replies` replies; returns the commands the server
    /// refused. Throws `RedisConnectionLost` when the connection goes first.
    func send(_ bytes: ByteBuffer, replies: Int) async throws -> [RedisCommandFailure] {
        try await enqueue(bytes, replies: replies).get()
    }

    /// Writes a pipeline now (in call order with other writes on this connection) and
    /// returns the future of its replies.
    func enqueue(_ bytes: ByteBuffer, replies: Int) -> EventLoopFuture<[RedisCommandFailure]> {
        let promise = channel.eventLoop.makePromise(of: [RedisCommandFailure].self)
        channel.writeAndFlush(RedisPipelineRequest(bytes: bytes, replies: replies, promise: promise)).whenFailure {
            error in
            promise.fail(RedisConnectionLost(reason: "\(error)"))
        }
        return promise.futureResult
    }

    func close() {
        channel.close(promise: nil)
    }
}
