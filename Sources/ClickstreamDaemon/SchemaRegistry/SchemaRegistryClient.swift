import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Why a schema could not be registered: what the operator sees as the stream.start error.
struct SchemaRegistryError: Error, Sendable, CustomStringConvertible {
    var message: String
    /// The registry's HTTP status (409: incompatible with the subject's earlier versions),
    /// nil when it could not be reached.
    var status: Int?
    var description: String { message }
}

/// The one registry call the daemon makes: register a schema under a subject and learn its
/// id (`POST /subjects/{subject}/versions`), which is idempotent: registering a schema the
/// subject already has returns its existing id.
///
/// Foundation's URLSession (FoundationNetworking, libcurl on Linux) rather than a client on
/// NIO: it is called once per stream start, never on the hot path, and it speaks HTTPS,
/// which managed registries (Confluent Cloud) require and NIO would need swift-nio-ssl for.
struct SchemaRegistryClient: Sendable {
    let baseURL: String
    let basicAuthUserInfo: String?
    let timeout: Double

    init(settings: SchemaRegistrySettings) {
        var url = settings.url
        while url.hasSuffix("/") { url.removeLast() }
        baseURL = url
        basicAuthUserInfo = settings.basicAuthUserInfo
        timeout = settings.timeout
    }

    /// The most a registration's answer may take (`{"id": 7}`, or an error message).
    static let maxAnswerBytes = 64 << 10

    /// Registers `schema` (`schemaType` AVRO, PROTOBUF or JSON) under `subject`; returns its id.
    func register(subject: String, schema: String, schemaType: String) async throws(SchemaRegistryError) -> UInt32 {
        let path = "/subjects/\(Self.escape(subject))/versions"
        guard let url = URL(string: baseURL + path), url.scheme == "http" || url.scheme == "https" else {
            throw SchemaRegistryError(message: "schema_registry.url \"\(baseURL)\" is not an http(s) URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Content-Type")
        request.setValue("application/vnd.schemaregistry.v1+json", forHTTPHeaderField: "Accept")
        if let userInfo = basicAuthUserInfo {
            request.setValue("Basic " + Data(userInfo.utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        }
        var body: [String: String] = ["schema": schema]
        if schemaType != "AVRO" { body["schemaType"] = schemaType }  // AVRO is the registry's default
        request.httpBody = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])

        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await BoundedFetch.fetch(request, deadline: timeout, maxBytes: Self.maxAnswerBytes)
        } catch BoundedFetch.Failure.timedOut {
            throw SchemaRegistryError(
                message:
                    "Schema Registry at \(baseURL) did not answer within \(timeout) s (schema_registry.timeout)")
        } catch BoundedFetch.Failure.tooLarge {
            throw SchemaRegistryError(
                message:
                    "Schema Registry at \(baseURL) sent more than \(Self.maxAnswerBytes) bytes for one registration: not a registry answer"
            )
        } catch {
            throw SchemaRegistryError(message: "Schema Registry at \(baseURL) unreachable: \(error)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard (200..<300).contains(status) else {
            // Registry errors are {"error_code": 40901, "message": "..."}.
            let detail = object?["message"] as? String ?? String(decoding: data.prefix(300), as: UTF8.self)
            let what =
                status == 409
                ? "refused the schema as incompatible"
                : status == 401 || status == 403
                    ? "refused the credentials (schema_registry.basic_auth_user_info)" : "answered HTTP \(status)"
            throw SchemaRegistryError(
                message: "Schema Registry \(what) for subject \"\(subject)\": \(detail)", status: status)
        }
        guard let id = (object?["id"] as? NSNumber)?.int64Value, id >= 0, id <= Int64(UInt32.max) else {
            throw SchemaRegistryError(
                message: "Schema Registry answered without a schema id for subject \"\(subject)\"",
                status: status)
        }
        return UInt32(id)
    }

    /// A subject as one path segment (topics and record names need no escaping, but a
    /// stream's topic override comes from outside).
    static func escape(_ subject: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return subject.addingPercentEncoding(withAllowedCharacters: allowed) ?? subject
    }
}
