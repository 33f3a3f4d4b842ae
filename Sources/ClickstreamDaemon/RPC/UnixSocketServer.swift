import ClickstreamAPI
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Why the RPC socket could not be opened.
enum RPCServerError: Error, CustomStringConvertible {
    case alreadyRunning(path: String)
    case cannotPrepare(path: String, reason: String)

    var description: String {
        switch self {
        case .alreadyRunning(let path):
            "another clickstreamd already answers on \(path); stop it or set daemon.socket_path"
        case .cannotPrepare(let path, let reason): "cannot open RPC socket \(path): \(reason)"
        }
    }
}

/// JSON-RPC 2.0 over a Unix domain socket, one request or response per line.
///
/// Each connection runs in its own child task and handles its requests in order; a client
/// that sends garbage gets -32700 and keeps its connection, one that sends an oversized line
/// gets -32600 naming the limit, and neither affects other connections.
///
/// A client may half-close (`socat`, `nc -U`, shutdown(SHUT_WR)): every complete request it
/// sent before its EOF is answered, then the connection closes. A connection idle for
/// `daemon.rpc_idle_timeout` is closed, and one over `daemon.max_connections` gets a
/// JSON-RPC error line and is closed at once, so idle clients cannot lock an operator out
/// for longer than the idle timeout.
final class UnixSocketServer: Service {
    /// socket_path, socket_mode, max_request_bytes, max_connections, rpc_idle_timeout.
    private let settings: DaemonSettings
    private let processor: RPCProcessor
    private let logger: Logger
    private let onBound: @Sendable () async -> Void
    private let connections = Atomic<Int>(0)

    init(
        settings: DaemonSettings, handler: any RPCHandler, logger: Logger, onBound: @escaping @Sendable () async -> Void
    ) {
        self.settings = settings
        processor = RPCProcessor(handler: handler)
        self.logger = logger
        self.onBound = onBound
    }

    func run() async throws {
        let (path, mode, limit) = (settings.socketPath, settings.socketMode, settings.maxRequestBytes)
        let idle = TimeAmount.nanoseconds(Int64(settings.rpcIdleTimeout * 1e9))
        DescriptorLimit.raise(toFit: settings.maxConnections, logger: logger)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            // EOF on the client's side ends its requests, not the connection: answers still go out.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
        let initializer: @Sendable (Channel) -> EventLoopFuture<NIOAsyncChannel<RPCFrame, ByteBuffer>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(limit: limit)))
                try channel.pipeline.syncOperations.addHandler(RPCIdleHandler(timeout: idle))
                return try NIOAsyncChannel<RPCFrame, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
        let server: NIOAsyncChannel<NIOAsyncChannel<RPCFrame, ByteBuffer>, Never>
        let activated = SocketActivation.inheritedSocket()
        if let fd = activated {
            server = try await bootstrap.bind(fd, childChannelInitializer: initializer)
            logger.info("RPC socket taken from systemd", metadata: ["fd": "\(fd)"])
        } else {
            try prepareSocketPath()
            server = try await bootstrap.bind(unixDomainSocketPath: path, childChannelInitializer: initializer)
            guard chmod(path, mode_t(mode)) == 0 else {
                throw RPCServerError.cannotPrepare(path: path, reason: "chmod: \(String(cString: strerror(errno)))")
            }
            logger.info("RPC socket listening", metadata: ["path": "\(path)", "mode": "\(String(mode, radix: 8))"])
        }
        await onBound()
        defer { if activated == nil { unlink(path) } }

        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
                // The listener is closed (shutdown): end the open connections too.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    private func serve(_ connection: NIOAsyncChannel<RPCFrame, ByteBuffer>) async {
        let open = connections.wrappingAdd(1, ordering: .relaxed).newValue
        defer { connections.wrappingSubtract(1, ordering: .relaxed) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                if open > settings.maxConnections {
                    let error = RPCError(
                        .unavailable, "too many connections (daemon.max_connections = \(settings.maxConnections))")
                    try await outbound.write(Self.line(RPCProcessor.errorResponse(id: .null, error)))
                    return
                }
                // Who is at the other end, for the audit log of the control methods it calls.
                let caller = RequestCaller(door: .rpc, who: await PeerCredentials.describe(connection.channel))
                // Ends at the client's EOF, after its last complete line; then the connection closes.
                for try await frame in inbound {
                    let response = await RequestCaller.$current.withValue(caller) { await respond(to: frame) }
                    if let response { try await outbound.write(Self.line(response)) }
                    connection.channel.triggerUserOutboundEvent(RPCIdleHandler.RequestDone(), promise: nil)
                }
            }
        } catch {
            logger.debug("RPC connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// The response line to one frame, or nil (a notification, a blank line).
    private func respond(to frame: RPCFrame) async -> [UInt8]? {
        switch frame {
        case .line(let buffer):
            let bytes = Array(buffer.readableBytesView)
            if bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return nil }
            return await processor.process(bytes)
        case .tooLong(let limit):
            return RPCProcessor.errorResponse(
                id: .null,
                RPCError(
                    .invalidRequest, "invalid request: longer than \(limit) bytes (daemon.max_request_bytes)",
                    data: ["limit": "daemon.max_request_bytes", "max": .number(Double(limit))]))
        }
    }

    private static func line(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    /// Creates the socket's directory, refuses to start when another daemon answers on the
    /// path, and removes a stale socket file left by a crash.
    private func prepareSocketPath() throws {
        let path = settings.socketPath
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RPCServerError.cannotPrepare(
                path: path, reason: "cannot create \(directory): \(error.localizedDescription)")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFSOCK else {
            throw RPCServerError.cannotPrepare(path: path, reason: "a file that is not a socket is in the way")
        }
        if Self.somebodyAnswers(path) { throw RPCServerError.alreadyRunning(path: path) }
        unlink(path)
        logger.info("removed stale RPC socket", metadata: ["path": "\(path)"])
    }

    static func somebodyAnswers(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}
