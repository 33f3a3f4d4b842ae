import ClickstreamAPI
import Foundation
import Hummingbird
import NIOCore

/// Turns the parts of an HTTP request (JSON body, query string, path) into the `params` of an
/// RPC call. Only transport checks happen here (is it JSON, is a query value a number); what
/// the values mean is the method table's business.
struct HTTPRequestParams {
    /// Reads the body (refusing one over `limit` bytes) and parses it as a JSON object.
    /// An empty body is no params: the method's defaults apply.
    static func jsonBody(of request: Request, limit: Int) async throws -> [String: JSONValue]? {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw bodyTooLarge(limit: limit)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw bodyTooLarge(limit: limit)
        }
        let bytes = buffer.readableBytesView
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw HTTPAPIError(.badRequest, code: "invalid_json", "the request body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw HTTPAPIError(.badRequest, code: "invalid_json", "the request body must be a JSON object")
        }
        return object
    }

    /// The query parameters named in `fields`, converted to their JSON types; a value that
    /// does not convert is a 400 naming the parameter. Unknown parameters are ignored.
    static func query(of request: Request, fields: [String: JSONKind]) throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, raw) in request.uri.queryParameters {
            let name = String(key)
            guard let type = fields[name] else { continue }
            let text = String(raw)
            switch type {
            case .string:
                result[name] = .string(text)
            case .integer:
                guard let value = Int(text) else {
                    throw HTTPAPIError.badRequest(
                        "query parameter \(name) must be an integer, got \"\(text)\"",
                        details: fieldDetails(name, expected: "integer", given: text))
                }
                result[name] = .number(Double(value))
            case .number:
                guard let value = Double(text), value.isFinite else {
                    throw HTTPAPIError.badRequest(
                        "query parameter \(name) must be a number, got \"\(text)\"",
                        details: fieldDetails(name, expected: "number", given: text))
                }
                result[name] = .number(value)
            case .boolean:
                switch text.lowercased() {
                case "true", "1", "yes": result[name] = .bool(true)
                case "false", "0", "no": result[name] = .bool(false)
                default:
                    throw HTTPAPIError.badRequest(
                        "query parameter \(name) must be true or false, got \"\(text)\"",
                        details: fieldDetails(name, expected: "boolean", given: text))
                }
            }
        }
        return result
    }

    static func fieldDetails(_ field: String, expected: String, given: String) -> JSONValue {
        .object(["field": .string(field), "expected": .string(expected), "given": .string(given)])
    }

    static func bodyTooLarge(limit: Int) -> HTTPAPIError {
        HTTPAPIError(
            .contentTooLarge, code: "payload_too_large",
            "the request body exceeds the cap max_body_bytes = \(limit)",
            details: .object(["cap": .string("max_body_bytes"), "limit": .number(Double(limit))]))
    }
}
