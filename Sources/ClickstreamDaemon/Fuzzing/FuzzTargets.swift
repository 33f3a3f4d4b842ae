import ClickstreamAPI
import ClickstreamModel
import Dispatch
import Foundation
import Hummingbird
import NIOCore
import NIOEmbedded

/// The parsers that read hostile input, each callable on arbitrary bytes: the libFuzzer
/// targets of `clickfuzz` (`make fuzz`) and the replay of their corpus in the tests.
///
/// A target must not crash, hang, or hold memory beyond its input: what it answers is the
/// unit tests' business, so results are dropped. Inputs are split the way the daemon
/// receives them (see each target).
public enum FuzzTargets {
    public enum Target: String, CaseIterable, Sendable {
        /// The TOML config loader with its environment overrides.
        case config
        /// The RPC socket: line framing (in chunks), JSON-RPC envelope, params decoding.
        case rpc
        /// HTTP query and JSON body parsing of /stream/start, /generate and the NDJSON routes.
        case http
        /// `time_mode` strings.
        case timeMode = "time-mode"
        /// `schedule` strings.
        case rateSchedule = "rate-schedule"
    }

    /// Runs `target` on `data`, blocking: for libFuzzer's callback and the replay tool, never
    /// from a Swift concurrency thread (it waits on one).
    public static func run(_ target: Target, _ data: [UInt8]) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await replay(target, data)
            done.signal()
        }
        done.wait()
    }

    /// Runs `target` on `data`.
    public static func replay(_ target: Target, _ data: [UInt8]) async {
        switch target {
        case .config: config(data)
        case .rpc: await rpc(data)
        case .http: await http(data)
        case .timeMode: _ = TimeMode.parse(String(decoding: data, as: UTF8.self))
        case .rateSchedule: _ = RateSchedule.parse(String(decoding: data, as: UTF8.self))
        }
    }

    /// The TOML text, then (when it parses) the original's environment variables read from
    /// its `KEY=value` lines.
    static func config(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        guard var config = try? ConfigLoader.parse(text, path: "fuzz.toml") else { return }
        var environment: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { environment[String(parts[0])] = String(parts[1]) }
        }
        try? EnvironmentOverrides.apply(environment, to: &config)
    }

    /// The first byte sets the read size (1...256 bytes a read, as a slow or fast client
    /// would send), the rest is the byte stream of one connection, ended by its EOF.
    static func rpc(_ data: [UInt8]) async {
        guard let first = data.first else { return }
        let chunk = Int(first) + 1
        let channel = EmbeddedChannel()
        do {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder(limit: 512)))
            var offset = 1
            while offset < data.count {
                let end = min(data.count, offset + chunk)
                try channel.writeInbound(ByteBuffer(bytes: data[offset..<end]))
                offset = end
            }
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        } catch {
            return
        }
        var lines: [[UInt8]] = []
        while let frame = try? channel.readInbound(as: RPCFrame.self) {
            if case .line(let buffer) = frame { lines.append(Array(buffer.readableBytesView)) }
        }
        _ = try? channel.finish()
        let processor = RPCProcessor(handler: ParamsOnlyHandler(), maxBatch: 16)
        for line in lines { _ = await processor.process(line) }
    }

    /// First line: the request target (path and query); the rest: the JSON body.
    static func http(_ data: [UInt8]) async {
        let newline = data.firstIndex(of: UInt8(ascii: "\n")) ?? data.count
        let target = String(decoding: data[..<newline], as: UTF8.self)
        let body = newline < data.count ? Array(data[(newline + 1)...]) : []
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: target),
            body: RequestBody(buffer: ByteBuffer(bytes: body)))
        _ = try? HTTPRequestParams.query(of: request, fields: HTTPRoutes.streamStartQuery)
        if let query = try? HTTPRequestParams.query(
            of: request, fields: ["rate": .number, "duration": .number, "count": .integer])
        {
            let numbers = query.compactMapValues { value -> Double? in if case .number(let n) = value { n } else { nil }
            }
            _ = try? NDJSONPlan(dataType: .interactions, query: numbers, limits: HTTPLimits())
        }
        guard let object = try? await HTTPRequestParams.jsonBody(of: request, limit: 4096) else { return }
        _ = try? HTTPRoutes.checkDataType(object["data_type"])
        _ = try? await ParamsOnlyHandler().call(.streamStart, params: .object(object))
    }
}

/// The method table's decoding and checks without its effects: every method's params are
/// decoded as the daemon decodes them, nothing runs.
struct ParamsOnlyHandler: RPCHandler {
    func call(_ method: RPCMethod, params: JSONValue?) async throws(RPCError) -> [UInt8] {
        switch method {
        case .streamStart:
            let spec = try ParamsDecoder.decode(StreamSpec.self, from: params, allowed: StreamSpec.fieldNames)
            _ = try DaemonConfig().resolve(spec, id: "fuzz", origin: .rpc)
        case .streamStop:
            _ = try ParamsDecoder.decode(StreamStopParams.self, from: params, allowed: MethodTable.Fields.streamStop)
        case .generateUsers, .generateProducts, .generateInteractions, .generateSessions:
            let p = try ParamsDecoder.decode(GenerateParams.self, from: params, allowed: MethodTable.Fields.generate)
            try ParamChecks.count(p.count, max: 1000, key: "limits.max_generate_count")
            try ParamChecks.topic(p.topic)
        case .sampleUsers, .sampleProducts, .sampleInteractions:
            let p = try ParamsDecoder.decode(SampleParams.self, from: params, allowed: MethodTable.Fields.sample)
            try ParamChecks.count(p.count, max: 100, key: "limits.max_sample_count")
        case .streamUpdate:
            let p = try ParamsDecoder.decode(
                StreamUpdateParams.self, from: params, allowed: StreamUpdateParams.fieldNames)
            try ParamChecks.schedule(p.schedule, base: p.rate ?? 1, limits: LimitSettings())
        case .auditList:
            _ = try ParamsDecoder.decode(AuditListParams.self, from: params, allowed: MethodTable.Fields.auditList)
        case .health, .streamStatus, .streamStats, .configReload, .daemonVersion:
            break
        }
        return Array("{}".utf8)
    }
}
