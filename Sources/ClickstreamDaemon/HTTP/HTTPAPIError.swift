import ClickstreamAPI
import Foundation
import Hummingbird

/// An error as the HTTP API reports it: a status and `{"error": {code, message, details}}`.
///
/// `code` is a stable snake_case word a script can branch on; `message` says what was wrong
/// and, for caps, which cap; `details` is the RPC error's data (field, expected, given) or null.
struct HTTPAPIError: Error, HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var details: JSONValue?
    /// Extra response headers (Allow on 405, WWW-Authenticate on 401).
    var headers: HTTPFields

    init(
        _ status: HTTPResponse.Status, code: String, _ message: String, details: JSONValue? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    static func badRequest(_ message: String, details: JSONValue? = nil) -> HTTPAPIError {
        HTTPAPIError(.badRequest, code: "invalid_params", message, details: details)
    }

    /// A request over one of the configured caps; the message names the cap.
    static func limitExceeded(field: String, cap: String, limit: Double, given: Double) -> HTTPAPIError {
        HTTPAPIError(
            .unprocessableContent, code: "limit_exceeded",
            "\(field) \(given.compact) exceeds the cap \(cap) = \(limit.compact)",
            details: .object([
                "field": .string(field), "cap": .string(cap),
                "limit": .number(limit), "given": .number(given),
            ]))
    }

    /// A clash with the current state (a running stream already has that name): HTTP 409. Not
    /// yet a case of `RPCErrorCode` (adding one breaks exhaustive switches elsewhere); the
    /// method table may raise it as `RPCError` with this code.
    static let conflictCode = -32008

    /// The RPC layer's errors, mapped once for every route.
    init(rpc error: RPCError) {
        let (status, code): (HTTPResponse.Status, String) =
            switch error.knownCode {
            case .parseError: (.badRequest, "invalid_json")
            case .invalidRequest: (.badRequest, "invalid_request")
            case .invalidParams: (.badRequest, "invalid_params")
            case .methodNotFound: (.notFound, "not_found")
            case .notFound: (.notFound, "not_found")
            case .limitExceeded: (.unprocessableContent, "limit_exceeded")
            case .invalidConfig: (.unprocessableContent, "invalid_config")
            case .unavailable: (.serviceUnavailable, "unavailable")
            case .internalError: (.internalServerError, "internal_error")
            case nil where error.code == Self.conflictCode: (.conflict, "conflict")
            case nil: (.internalServerError, "internal_error")
            }
        self.init(status, code: code, error.message, details: error.data)
    }

    /// Hummingbird's own errors (unmatched route, oversized body, ...) in the same shape.
    init(hummingbird error: HTTPError) {
        let status = error.status
        let code: String =
            switch status.code {
            case 400: "bad_request"
            case 404: "not_found"
            case 405: "method_not_allowed"
            case 413: "payload_too_large"
            default: status.code >= 500 ? "internal_error" : "bad_request"
            }
        self.init(status, code: code, error.body ?? status.reasonPhrase, headers: error.headers)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = ErrorBody(error: .init(code: code, message: message, details: details ?? .null))
        let encoder = JSONEncoder.clickstreamAPI()
        let data =
            (try? encoder.encode(body))
            ?? Data(#"{"error":{"code":"internal_error","message":"","details":null}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var details: JSONValue
        }
        var error: Inner
    }
}

extension Double {
    /// 10000 rather than 10000.0 in messages.
    var compact: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
