import ClickstreamAPI
import Foundation

extension MethodTable {
    /// The control actions written to the audit log.
    static let audited: Set<RPCMethod> = [.streamStart, .streamStop, .streamUpdate, .configReload]

    /// Runs a control action and writes its audit entry: the caller the transport set
    /// (`RequestCaller`), the method, the stream, the params and how it ended.
    func auditing(
        _ method: RPCMethod, params: JSONValue?, _ body: () async throws(RPCError) -> [UInt8]
    ) async throws(RPCError) -> [UInt8] {
        let caller = RequestCaller.current ?? .inProcess
        var streamID: String?
        if case .object(let fields)? = params, case .string(let id)? = fields["stream_id"] { streamID = id }
        do {
            let result = try await body()
            // The stream as resolved (a start's new id; an id for a name), when the result says.
            if method != .configReload, let resolved = try? JSONDecoder().decode(StreamID.self, from: Data(result)) {
                streamID = resolved.streamId
            }
            manager.audit.record(caller, method, streamID: streamID, params: params, result: .success(()))
            return result
        } catch {
            manager.audit.record(caller, method, streamID: streamID, params: params, result: .failure(error))
            throw error
        }
    }

    private struct StreamID: Decodable {
        var streamId: String
        enum CodingKeys: String, CodingKey { case streamId = "stream_id" }
    }
}

extension AuditLog {
    static func entry(
        _ caller: RequestCaller, _ method: RPCMethod, streamID: String?, params: JSONValue?, result: String
    ) -> AuditEntry {
        AuditEntry(
            time: ISO8601.string(Date()), door: caller.door, who: caller.who, method: method.rawValue,
            streamId: streamID.map(Names.printable), params: summary(params), result: result)
    }

    /// `key=value` pairs in key order, at most 300 characters: enough to tell what was asked,
    /// never a whole request body. Control characters are escaped: a refused request's values
    /// reach `clickctl audit` on an operator's terminal.
    static func summary(_ params: JSONValue?) -> String {
        guard case .object(let fields)? = params else { return "" }
        let text = fields.keys.sorted().map { key -> String in
            switch fields[key]! {
            case .string(let value): "\(Names.printable(key))=\(Names.printable(value))"
            case .number(let value): "\(Names.printable(key))=\(TOMLSection.format(value))"
            case .bool(let value): "\(Names.printable(key))=\(value)"
            case .null: "\(Names.printable(key))=null"
            default: "\(Names.printable(key))=…"
            }
        }.joined(separator: " ")
        return text.count > 300 ? String(text.prefix(299)) + "…" : text
    }

    /// Records how `result` ended: ok, or the error's code and message.
    func record(
        _ caller: RequestCaller, _ method: RPCMethod, streamID: String?, params: JSONValue?,
        result: Result<Void, RPCError>
    ) {
        let outcome =
            switch result {
            case .success: "ok"
            case .failure(let error): "error \(error.code): \(error.message)"
            }
        record(Self.entry(caller, method, streamID: streamID, params: params, result: outcome))
    }
}
