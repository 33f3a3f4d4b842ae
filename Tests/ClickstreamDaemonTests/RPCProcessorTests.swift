import ClickstreamAPI
import Foundation
import Logging
import Testing

@testable import ClickstreamDaemon

/// JSON-RPC 2.0 semantics in process, over the daemon's real method table (its stream
/// manager writes to a temporary directory): no socket, no spawned daemon.
@Suite("RPC processor")
final class RPCProcessorTests {
    let processor: RPCProcessor
    let directory: URL

    init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rpcp-\(UUID().uuidString.prefix(8))")
        var config = DaemonConfig()
        config.daemon.stateDirectory = directory.appendingPathComponent("state").path
        config.sinks.file.directory = directory.appendingPathComponent("data").path
        config.limits.maxSampleCount = 5
        let logger = Logger(label: "rpc-processor-tests")
        let manager = StreamManager(
            config: config, sinks: SinkSet(config: config, logger: logger),
            store: StateStore(directory: config.daemon.stateDirectory), logger: logger)
        let reloader = ConfigReloader(
            path: directory.appendingPathComponent("none.toml").path, environment: [:],
            manager: manager, notifier: SystemdNotifier(environment: [:]), logger: logger)
        processor = RPCProcessor(handler: MethodTable(manager: manager, reloader: reloader), maxBatch: 3)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    private func call(_ line: String) async throws -> Any? {
        guard let bytes = await processor.process(Array(line.utf8)) else { return nil }
        return try JSONSerialization.jsonObject(with: Data(bytes))
    }

    private func error(_ response: Any?) -> (code: Int?, message: String) {
        let error = (response as? [String: Any])?["error"] as? [String: Any]
        return (error?["code"] as? Int, error?["message"] as? String ?? "")
    }

    @Test("a call answers with its id and result; the id may be a string, an integer or null")
    func calls() async throws {
        let response = try #require(
            try await call(#"{"jsonrpc":"2.0","id":7,"method":"sample.users","params":{"count":2}}"#)
                as? [String: Any])
        #expect(response["jsonrpc"] as? String == "2.0" && response["id"] as? Int == 7)
        #expect((response["result"] as? [Any])?.count == 2)
        let named = try await call(#"{"jsonrpc":"2.0","id":"abc","method":"stream.status"}"#) as? [String: Any]
        #expect(
            named?["id"] as? String == "abc" && (named?["result"] as? [String: Any])?["is_running"] as? Bool == false)
        let null = try await call(#"{"jsonrpc":"2.0","id":null,"method":"daemon.version"}"#) as? [String: Any]
        #expect(null?["id"] is NSNull && null?["result"] != nil)
    }

    @Test("parse error, invalid request, unknown method, invalid params, the cap of [limits]")
    func errors() async throws {
        #expect(error(try await call("{not json")).code == -32700)
        #expect(error(try await call(#"{"jsonrpc":"1.0","id":1,"method":"health"}"#)).code == -32600)
        #expect(error(try await call(#"{"jsonrpc":"2.0","id":1.5,"method":"health"}"#)).code == -32600)
        // 2^53 + 1: an integer a double cannot hold exactly; refused, naming the bound.
        let inexact = error(try await call(#"{"jsonrpc":"2.0","id":9007199254740993,"method":"health"}"#))
        #expect(inexact.code == -32600 && inexact.message.contains("9e15"), "\(inexact.message)")
        #expect(error(try await call(#"{"jsonrpc":"2.0","id":1,"method":"health","params":3}"#)).code == -32600)
        #expect(error(try await call(#"[]"#)).code == -32600)
        let unknown = error(try await call(#"{"jsonrpc":"2.0","id":1,"method":"no.such"}"#))
        #expect(unknown.code == -32601 && unknown.message.contains("no.such"))
        let params = error(
            try await call(#"{"jsonrpc":"2.0","id":1,"method":"stream.start","params":{"time_mode":"hourly"}}"#))
        #expect(
            params.code == -32602 && params.message.contains("time_mode") && params.message.contains("realtime"),
            "\(params)")
        let cap = error(try await call(#"{"jsonrpc":"2.0","id":1,"method":"sample.users","params":{"count":6}}"#))
        #expect(cap.code == -32005 && cap.message.contains("limits.max_sample_count"))
    }

    @Test("batches answer in order and leave notifications out; a batch of notifications gets nothing; maxBatch holds")
    func batches() async throws {
        let batch = try #require(
            try await call(
                """
                [{"jsonrpc":"2.0","id":1,"method":"sample.users","params":{"count":1}},
                 {"jsonrpc":"2.0","method":"sample.users"},
                 {"jsonrpc":"2.0","id":2,"method":"no.such"}]
                """) as? [[String: Any]])
        #expect(batch.map { $0["id"] as? Int } == [1, 2])
        #expect(error(batch[1]).code == -32601)
        #expect(try await call(#"[{"jsonrpc":"2.0","method":"health"},{"jsonrpc":"2.0","method":"no.such"}]"#) == nil)
        #expect(try await call(#"{"jsonrpc":"2.0","method":"health"}"#) == nil)
        let tooMany = error(
            try await call(
                "["
                    + Array(repeating: #"{"jsonrpc":"2.0","id":1,"method":"health"}"#, count: 4)
                    .joined(separator: ",") + "]"))
        #expect(tooMany.code == -32600 && tooMany.message.contains("3"))
    }
}
