import ClickstreamAPI

/// Answers one method call of the shared method table.
///
/// The seam between transports and the daemon: the Unix-socket JSON-RPC server and the HTTP
/// adapter both decode their request into (method, params) and call this; neither holds
/// behaviour of its own.
protocol RPCHandler: Sendable {
    /// Returns the JSON text of the `result` member. Throws `RPCError` with a message that
    /// names what was wrong (invalid params: which field, what was expected and given).
    func call(_ method: RPCMethod, params: JSONValue?) async throws(RPCError) -> [UInt8]
}
