import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// RPCClient against a real Unix socket (the canned double on the other end).
@Suite("RPCClient over a Unix socket")
struct ClientSocketTests {
    @Test func decodesTypedResultsAndReusesTheConnection() throws {
        let daemon = try CannedDaemon(answers: Canned.all)
        let client = RPCClient(socketPath: daemon.socketPath, timeout: 5)
        let health: HealthResult = try client.call(.health)
        #expect(health.status == "healthy")
        #expect(health.kafka.state == .connected)
        let version: VersionResult = try client.call(.daemonVersion)
        #expect(version.pid == 4242)
        #expect(daemon.requests.map(\.method) == ["health", "daemon.version"])
    }

    @Test func rawResultsAreTheExactBytesSent() throws {
        let daemon = try CannedDaemon(answers: ["health": .result(#"{"z":1.50,"a":[ ]}"#)])
        let raw = try RPCClient(socketPath: daemon.socketPath).callRaw(.health)
        #expect(String(decoding: raw, as: UTF8.self) == #"{"z":1.50,"a":[ ]}"#)
    }

    @Test func paramsAreSentAsTheContractSpellsThem() throws {
        let daemon = try CannedDaemon(answers: Canned.all)
        let client = RPCClient(socketPath: daemon.socketPath)
        _ = try client.callRaw(.sampleUsers, params: SampleParams(count: 3))
        _ = try client.callRaw(
            .streamStart, params: StreamStartParams(dataType: .users, rate: 500, maxCount: 10, duration: 60))
        _ = try client.callRaw(.health)
        let requests = daemon.requests
        #expect(requests[0].params?["count"] == .number(3))
        #expect(requests[1].params?["data_type"] == .string("users"))
        #expect(requests[1].params?["max_count"] == .number(10))
        #expect(requests[1].params?["duration"] == .number(60))
        #expect(requests[2].params == nil)
    }

    @Test func rpcErrorsCarryCodeMessageAndDetails() throws {
        let refusal = RPCError(
            .limitExceeded, "rate 5000000 exceeds max_stream_rate 1000000",
            data: .object(["field": .string("rate"), "limit": .number(1_000_000)]))
        let daemon = try CannedDaemon(answers: ["stream.start": .error(refusal)])
        #expect(throws: RPCClientError.rpc(refusal)) {
            try RPCClient(socketPath: daemon.socketPath).callRaw(.streamStart, params: StreamStartParams())
        }
    }

    @Test func aMissingSocketMeansTheDaemonIsNotRunning() {
        let path = "/tmp/clickctl-test-missing-\(UUID().uuidString.prefix(8)).sock"
        #expect(throws: RPCClientError.daemonNotRunning(socketPath: path)) {
            try RPCClient(socketPath: path).callRaw(.health)
        }
    }

    @Test func aStaleSocketFileMeansTheDaemonIsNotRunning() throws {
        // A socket file nobody listens on, as a crashed daemon leaves behind: connect is refused.
        let path = "/tmp/clickctl-test-stale-\(UUID().uuidString.prefix(8)).sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        let bound = Network.withUnixAddress(path) { bind(fd, $0, $1) }
        close(fd)
        defer { unlink(path) }
        try #require(bound == 0 && FileManager.default.fileExists(atPath: path))
        #expect(throws: RPCClientError.daemonNotRunning(socketPath: path)) {
            try RPCClient(socketPath: path).callRaw(.health)
        }
    }

    @Test func overlongSocketPathsAreNamed() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        #expect(throws: RPCClientError.socketPathTooLong(socketPath: path)) {
            try RPCClient(socketPath: path).callRaw(.health)
        }
    }

    @Test func aHangUpIsAClosedConnectionAndTheNextCallReconnects() throws {
        let daemon = try CannedDaemon(answers: ["health": .hangUp, "daemon.version": .result(Canned.version)])
        let client = RPCClient(socketPath: daemon.socketPath, timeout: 5)
        #expect(throws: RPCClientError.connectionClosed(method: "health")) { try client.callRaw(.health) }
        let version: VersionResult = try client.call(.daemonVersion)
        #expect(version.version == "0.1.0")
    }

    @Test func garbageAndMismatchedAnswersAreProtocolErrors() throws {
        let daemon = try CannedDaemon(answers: [
            "health": .rawLine("this is not json"),
            "daemon.version": .rawLine(#"{"jsonrpc":"2.0","id":999,"result":{}}"#),
            "stream.stats": .result(#"{"unexpected":true}"#),
        ])
        let client = RPCClient(socketPath: daemon.socketPath, timeout: 5)
        for method in [RPCMethod.health, .daemonVersion] {
            #expect {
                try client.callRaw(method)
            } throws: { error in
                guard case .invalidResponse(let name, _)? = error as? RPCClientError else { return false }
                return name == method.rawValue
            }
        }
        #expect {
            let _: StreamStatsResult = try client.call(.streamStats)
        } throws: { error in
            guard case .invalidResponse(_, let detail)? = error as? RPCClientError else { return false }
            return detail.contains("StreamStatsResult")
        }
    }

    @Test func slowAnswersTimeOut() throws {
        let daemon = try CannedDaemon(answers: ["health": .delayed(2, Canned.health)])
        let started = Date()
        #expect(throws: RPCClientError.timedOut(method: "health", seconds: 0.3)) {
            try RPCClient(socketPath: daemon.socketPath, timeout: 0.3).callRaw(.health)
        }
        #expect(Date().timeIntervalSince(started) < 1.5)
    }
}
