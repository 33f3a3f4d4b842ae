import ClickstreamAPI
import ClickstreamModel
import Foundation

/// Turns the `params` of a call into its typed params, or an `invalidParams` error whose
/// message and data name the field, what was expected and what was given.
enum ParamsDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from params: JSONValue?, allowed: Set<String>) throws(RPCError)
        -> T
    {
        let object: [String: JSONValue]
        switch params {
        case nil, .null?: object = [:]
        case .object(let value)?: object = value
        case .array?:
            throw RPCError(
                .invalidParams, "params must be an object with named fields, not an array",
                data: ["expected": "object"])
        default:
            throw RPCError(.invalidParams, "params must be an object", data: ["expected": "object"])
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RPCError(
                .invalidParams,
                "unknown field \"\(unknown)\"; known fields: \(allowed.sorted().joined(separator: ", "))",
                data: ["field": .string(unknown), "known": .array(allowed.sorted().map { .string($0) })])
        }
        if let dataType = object["data_type"] {
            guard case .string(let raw) = dataType, DataType(rawValue: raw) != nil else {
                let choices = DataType.allCases.map(\.rawValue).joined(separator: ", ")
                throw RPCError(
                    .invalidParams, "invalid data_type \(describe(dataType)): must be one of \(choices)",
                    data: ["field": "data_type", "expected": .string(choices), "got": dataType])
            }
        }
        do {
            let data = try JSONEncoder().encode(JSONValue.object(object))
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw invalid(error, object: object)
        } catch {
            throw RPCError(.invalidParams, "invalid params: \(error)")
        }
    }

    private static func invalid(_ error: DecodingError, object: [String: JSONValue]) -> RPCError {
        func field(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let name = field(context.codingPath)
            let given = context.codingPath.first.flatMap { object[$0.stringValue] }
            let expected = expectedName(type)
            return RPCError(
                .invalidParams, "\(name) must be \(expected), got \(given.map(describe) ?? "nothing")",
                data: ["field": .string(name), "expected": .string(expected), "got": given ?? .null])
        case .dataCorrupted(let context):
            let name = field(context.codingPath)
            let given = context.codingPath.first.flatMap { object[$0.stringValue] }
            let expected =
                context.codingPath.last?.stringValue == "sink"
                ? "one of " + SinkKind.allCases.map(\.rawValue).joined(separator: ", ") : "a valid value"
            // A type that explains itself (TimeMode) says what it expected in the description.
            let message =
                expected == "a valid value" && !context.debugDescription.isEmpty
                ? "\(name): \(context.debugDescription)"
                : "\(name) must be \(expected), got \(given.map(describe) ?? "nothing")"
            return RPCError(
                .invalidParams, message,
                data: ["field": .string(name), "expected": .string(expected), "got": given ?? .null])
        case .keyNotFound(let key, _):
            return RPCError(
                .invalidParams, "missing field \(key.stringValue)", data: ["field": .string(key.stringValue)])
        @unknown default:
            return RPCError(.invalidParams, "invalid params: \(error)")
        }
    }

    private static func expectedName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "\(type)"
        }
    }

    static func describe(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) else { return "?" }
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
