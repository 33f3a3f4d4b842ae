import ClickstreamAPI
import ClickstreamTestSupport
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A transport-level test double: a real JSON-RPC server on a real Unix socket that answers
/// from a table of canned results. It tests clickctl's side of the wire (framing, errors,
/// output) without a daemon; the behaviour of the real daemon is tested in DaemonCLITests.
final class CannedDaemon: @unchecked Sendable {
    /// What to answer for a method: a raw JSON result, or an error.
    enum Answer: Sendable {
        case result(String)
        case error(RPCError)
        /// Write this line verbatim (for protocol-error tests).
        case rawLine(String)
        /// Close the connection without answering.
        case hangUp
        /// Answer after a pause.
        case delayed(Double, String)
    }

    let socketPath: String
    private let listener: Int32
    private let lock = NSLock()
    private var answers: [String: Answer]
    private var received: [(method: String, params: JSONValue?)] = []
    private var stopped = false

    init(answers: [String: Answer]) throws {
        self.answers = answers
        socketPath = "/tmp/clickctl-test-\(UUID().uuidString.prefix(8)).sock"
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let bound = Network.withUnixAddress(socketPath) { bind(listener, $0, $1) }
        guard bound == 0, listen(listener, 16) == 0 else {
            throw CannedDaemonError.cannotListen(String(cString: strerror(errno)))
        }
        Thread { [self] in acceptLoop() }.start()
    }

    deinit { stop() }

    /// Stops listening and removes the socket file.
    func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        unlink(socketPath)
    }

    /// The requests received so far, in order.
    var requests: [(method: String, params: JSONValue?)] {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    func setAnswer(_ answer: Answer, for method: String) {
        lock.lock()
        answers[method] = answer
        lock.unlock()
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            pending += chunk[0..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = Array(pending[..<newline])
                pending.removeFirst(newline + 1)
                guard let reply = respond(to: line) else { return }
                let bytes = Array((reply + "\n").utf8)
                _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            }
        }
    }

    /// The reply line, or nil to hang up.
    private func respond(to line: [UInt8]) -> String? {
        guard let request = try? JSONDecoder().decode(RPCRequest.self, from: Data(line)) else {
            return #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#
        }
        lock.lock()
        received.append((request.method, request.params))
        let answer = answers[request.method]
        lock.unlock()
        let id = String(decoding: try! JSONEncoder().encode(request.id ?? .null), as: UTF8.self)
        switch answer {
        case .result(let json)?:
            return #"{"jsonrpc":"2.0","id":\#(id),"result":\#(json)}"#
        case .delayed(let seconds, let json)?:
            Thread.sleep(forTimeInterval: seconds)
            return #"{"jsonrpc":"2.0","id":\#(id),"result":\#(json)}"#
        case .error(let error)?:
            let encoded = String(decoding: try! JSONEncoder().encode(error), as: UTF8.self)
            return #"{"jsonrpc":"2.0","id":\#(id),"error":\#(encoded)}"#
        case .rawLine(let text)?:
            return text
        case .hangUp?:
            return nil
        case nil:
            return
                #"{"jsonrpc":"2.0","id":\#(id),"error":{"code":-32601,"message":"method not found: \#(request.method)"}}"#
        }
    }
}

enum CannedDaemonError: Error {
    case cannotListen(String)
}

/// Canned results shaped like the daemon's, for the CLI tests.
enum Canned {
    static let kafka =
        #"{"state":"connected","bootstrap_servers":"127.0.0.1:9092","queue_depth":5,"last_error":null,"librdkafka_version":"2.3.0"}"#

    static func stream(id: String, state: String = "running", failed: Int = 0, lastError: String? = nil) -> String {
        let error = lastError.map { "\"\($0)\"" } ?? "null"
        return
            #"{"stream_id":"\#(id)","name":"\#(id)-name","data_type":"interactions","sink":"kafka","destination":"interactions","state":"\#(state)","target_rate":10000,"achieved_rate":9876.5,"generated":1234567,"delivered":1234000,"failed":\#(failed),"queued":567,"last_error":\#(error),"max_count":null,"duration":3600,"started_at":"2024-05-01T10:00:00Z","uptime_seconds":125}"#
    }

    static let health =
        #"{"status":"healthy","timestamp":"2024-05-01T10:00:00Z","kafka_connected":true,"kafka":\#(kafka),"version":"0.1.0","uptime_seconds":7384,"active_streams":1}"#
    static let status =
        #"{"is_running":true,"start_time":"2024-05-01T10:00:00Z","total_generated":1234567,"current_rate":9876.5,"target_rate":10000,"active_streams":["s-1"],"streams":[\#(stream(id: "s-1")),\#(stream(id: "s-22", state: "failed", failed: 3, lastError: "broker down"))]}"#
    static let emptyStatus =
        #"{"is_running":false,"start_time":null,"total_generated":0,"current_rate":0,"target_rate":0,"active_streams":[],"streams":[]}"#
    static let stats =
        #"{"global_stats":{"total_generated":1234567,"total_delivered":1234000,"total_failed":0,"total_queued":567,"current_rate":9876.5,"uptime_seconds":7384},"active_streams":1,"cache_stats":{"open_sessions":3},"streams":[\#(stream(id: "s-1"))],"kafka":\#(kafka)}"#
    static let started =
        #"{"stream_id":"s-9","status":"started","data_type":"interactions","rate":10000,"max_count":null,"duration":3600}"#
    static let stopped =
        #"{"stream_id":"s-1","status":"stopped","final_stats":\#(stream(id: "s-1", state: "stopped"))}"#
    static let user =
        #"{"user_id":"u-1","email":"ada@example.com","age":36,"total_spent":12.5,"preferences":["books"]}"#
    static let sample = "[\(user),\(user)]"
    static let generated =
        #"{"success":true,"message":"generated","count_generated":2,"time_taken":0.001,"rate_per_second":2000,"records":[\#(user),\#(user)]}"#
    static let streamed =
        #"{"success":true,"message":"streamed","count_generated":100,"time_taken":0.5,"rate_per_second":200,"delivered":100,"failed":0}"#
    static let reloaded =
        #"{"reloaded":true,"message":"2 settings changed","config_path":"/etc/clickstream/clickstreamd.toml"}"#
    static let version = #"{"version":"0.1.0","librdkafka":"2.3.0","pid":4242}"#

    static var all: [String: CannedDaemon.Answer] {
        [
            "health": .result(health), "stream.status": .result(status), "stream.stats": .result(stats),
            "stream.start": .result(started), "stream.stop": .result(stopped), "sample.users": .result(sample),
            "sample.products": .result("[]"), "sample.interactions": .result("[]"),
            "generate.users": .result(generated), "generate.interactions": .result(streamed),
            "config.reload": .result(reloaded), "daemon.version": .result(version),
        ]
    }
}
