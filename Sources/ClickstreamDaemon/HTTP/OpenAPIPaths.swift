import ClickstreamAPI
import ClickstreamModel

/// The `paths` of /openapi.json: one operation per route of `HTTPRoutes`, `NDJSONRoutes` and
/// `HTTPServer`, each listing every status it can answer with.
struct OpenAPIPaths {
    let limits: HTTPLimits
    /// A bearer token is configured: POST operations declare the `bearer` security scheme.
    let secured: Bool
    /// Off loopback without a token: POST operations always answer 403.
    let mutationsRefused: Bool

    var all: JSONValue {
        .object([
            "/": .object([
                "get": operation(
                    "Basic info", "The original's message, version and status, from daemon.version.",
                    tag: "info", ok: json(ref("RootInfo")), errors: [503])
            ]),
            "/health": .object([
                "get": operation(
                    "Health", "Kafka connectivity, streams, version (RPC: health). Railway's health check.",
                    tag: "info", ok: json(ref("Health")), errors: [503])
            ]),
            "/generate/{data_type}": .object([
                "post": operation(
                    "Generate records",
                    "Generates count records (RPC: generate.<data_type>). Without stream they are returned in records; with stream they go to the sink at rate.",
                    tag: "generate",
                    parameters: [
                        pathParameter("data_type", enumValues: ["users", "products", "interactions", "sessions"])
                    ],
                    body: ref("GenerationRequest"), ok: json(ref("GenerationResponse")),
                    errors: [400, 409, 413, 422, 503], mutating: true)
            ]),
            "/generate/sample/{data_type}": .object([
                "get": operation(
                    "Sample records", "A JSON array of count records (RPC: sample.<data_type>).",
                    tag: "generate",
                    parameters: [
                        pathParameter("data_type", enumValues: ["users", "products", "interactions"]),
                        queryParameter(
                            "count",
                            [
                                "type": .string("integer"), "minimum": .number(1),
                                "maximum": number(limits.maxSampleCount), "default": .number(10),
                            ],
                            "Records to return (default 10); capped by max_sample_count."),
                    ],
                    ok: json(.object(["type": .string("array"), "items": ref("Record")])), errors: [400, 422, 503])
            ]),
            "/stream/start": .object([
                "post": operation(
                    "Start a stream",
                    "Starts a persistent stream worker (RPC: stream.start). The fields of StreamStartRequest may also be given as query parameters (?data_type=users&rate=50&max_count=1000&duration=60, as the original's code took them); a field in both takes the body's value. Only the body is described below: a schema cannot say which of two sources wins.",
                    tag: "streams", body: ref("StreamStartRequest"),
                    ok: json(ref("StreamStartResult")), errors: [400, 409, 413, 422, 503], mutating: true)
            ]),
            "/stream/stop/{stream_id}": .object([
                "post": operation(
                    "Stop a stream", "Stops one stream by id or name (RPC: stream.stop).", tag: "streams",
                    parameters: [pathParameter("stream_id", enumValues: nil)],
                    ok: json(ref("StreamStopResult")), errors: [400, 404, 503], mutating: true)
            ]),
            "/stream/{stream_id}": .object(["patch": update]),
            "/stream/update/{stream_id}": .object(["post": update]),
            "/audit": .object([
                "get": operation(
                    "Audit log",
                    "The newest control actions (stream start, stop, update, config reload), oldest first: when, door (rpc, http, config, signal), who (uid and pid over the socket, the client's address over HTTP), method, stream, params, result (RPC: audit.list).",
                    tag: "streams",
                    parameters: [
                        queryParameter(
                            "limit",
                            ["type": .string("integer"), "minimum": .number(1), "maximum": .number(10_000)],
                            "Entries to return (default 50).")
                    ],
                    ok: json(ref("AuditList")), errors: [400, 413, 422, 503])
            ]),
            "/stream/status": .object([
                "get": operation(
                    "Stream status", "The original's StreamStatus plus every stream (RPC: stream.status).",
                    tag: "streams", ok: json(ref("StreamStatus")), errors: [503])
            ]),
            "/stream/stats": .object([
                "get": operation(
                    "Stream statistics",
                    "global_stats, active_streams, cache_stats, streams, kafka (RPC: stream.stats).",
                    tag: "streams", ok: json(ref("StreamStats")), errors: [503])
            ]),
            "/stream/interactions": ndjson(.interactions),
            "/stream/users": ndjson(.users),
            "/stream/products": ndjson(.products),
            "/metrics": .object([
                "get": operation(
                    "Prometheus metrics",
                    "Text exposition format 0.0.4: request counts and latencies, per-stream events, rates, Kafka queue depth.",
                    tag: "info", ok: content("text/plain", .object(["type": .string("string")])), errors: [])
            ]),
            "/openapi.json": .object([
                "get": operation(
                    "This document", "OpenAPI 3.1.", tag: "info",
                    ok: json(.object(["type": .string("object")])), errors: [])
            ]),
            "/docs": .object([
                "get": operation(
                    "API documentation", "This document as a readable HTML page.", tag: "info",
                    ok: content("text/html", .object(["type": .string("string")])), errors: [])
            ]),
        ])
    }

    /// `stream.update`, as PATCH /stream/{stream_id} and as POST /stream/update/{stream_id}.
    private var update: JSONValue {
        operation(
            "Update a stream",
            "A running stream (by id or name) takes a new rate and/or schedule at once: no restart, no gap, its counters go on (RPC: stream.update). rate alone makes it constant; schedule alone keeps its rate as the base. Also as query parameters (?rate=5000, then without a body); a field in both takes the body's value. 409 when the stream is not running.",
            tag: "streams", parameters: [pathParameter("stream_id", enumValues: nil)],
            body: ref("StreamUpdateRequest"), bodyRequired: true, ok: json(ref("StreamUpdateResult")),
            errors: [400, 404, 409, 413, 422, 503], mutating: true)
    }

    private func ndjson(_ dataType: DataType) -> JSONValue {
        .object([
            "get": operation(
                "Stream \(dataType.rawValue) as NDJSON",
                "One JSON record a line (application/x-ndjson), paced at rate. Ends after count records or duration seconds (default \(NDJSONPlan.defaultDuration.compact) s, capped by max_ndjson_duration), or when the client disconnects.",
                tag: "ndjson",
                parameters: [
                    queryParameter(
                        "rate",
                        [
                            "type": .string("number"), "exclusiveMinimum": .number(0),
                            "maximum": number(limits.maxNDJSONRate), "default": number(NDJSONPlan.defaultRate),
                        ],
                        "Records per second; capped by max_ndjson_rate."),
                    queryParameter(
                        "duration",
                        [
                            "type": .string("number"), "exclusiveMinimum": .number(0),
                            "maximum": number(limits.maxNDJSONDuration),
                        ],
                        "Seconds; capped by max_ndjson_duration."),
                    queryParameter(
                        "count",
                        ["type": .string("integer"), "minimum": .number(1), "maximum": number(limits.maxNDJSONCount)],
                        "Records; capped by max_ndjson_count."),
                ],
                ok: content("application/x-ndjson", .object(["type": .string("string")])), errors: [400, 422])
        ])
    }

    private func operation(
        _ summary: String, _ description: String, tag: String, parameters: [JSONValue] = [],
        body: JSONValue? = nil, bodyRequired: Bool = false, ok: JSONValue, errors: [Int], mutating: Bool = false
    ) -> JSONValue {
        var responses: [String: JSONValue] = ["200": ok]
        var codes = errors
        if mutating {
            if secured { codes.append(401) }
            if mutationsRefused { codes.append(403) }
        }
        for code in codes {
            responses[String(code)] = .object([
                "description": .string(Self.reasons[code] ?? "Error"), "content": errorContent,
            ])
        }
        var result: [String: JSONValue] = [
            "summary": .string(summary), "description": .string(description), "tags": .array([.string(tag)]),
            "operationId": .string(Self.operationID(summary)), "responses": .object(responses),
        ]
        if !parameters.isEmpty { result["parameters"] = .array(parameters) }
        if let body {
            result["requestBody"] = .object([
                "required": .bool(bodyRequired),
                "content": .object(["application/json": .object(["schema": body])]),
            ])
        }
        if mutating && secured { result["security"] = .array([.object(["bearer": .array([])])]) }
        return .object(result)
    }

    static let reasons: [Int: String] = [
        400: "Invalid JSON, parameter or data_type (the message names it).",
        401: "Missing or wrong bearer token.",
        403: "Mutating endpoints are disabled: the server is not on loopback and has no token.",
        404: "No such stream.",
        409: "A running stream already has that name; or the stream to update is not running.",
        413: "The body exceeds max_body_bytes.",
        422: "A count, rate, size or duration exceeds its configured cap (the message names the cap).",
        503: "The daemon cannot do it now (shutting down, Kafka unavailable).",
    ]

    private var errorContent: JSONValue { .object(["application/json": .object(["schema": ref("Error")])]) }

    private func json(_ schema: JSONValue) -> JSONValue { content("application/json", schema) }

    private func content(_ type: String, _ schema: JSONValue) -> JSONValue {
        .object(["description": .string("OK"), "content": .object([type: .object(["schema": schema])])])
    }

    private func ref(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    private func number(_ value: Int) -> JSONValue { .number(Double(value)) }
    private func number(_ value: Double) -> JSONValue { .number(value) }

    private func pathParameter(_ name: String, enumValues: [String]?) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string("string")]
        if let enumValues { schema["enum"] = .array(enumValues.map(JSONValue.string)) }
        return .object([
            "name": .string(name), "in": .string("path"), "required": .bool(true), "schema": .object(schema),
        ])
    }

    private func queryParameter(_ name: String, _ schema: [String: JSONValue], _ description: String) -> JSONValue {
        queryParameter(name, .object(schema), description)
    }

    private func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        .object([
            "name": .string(name), "in": .string("query"), "required": .bool(false), "schema": schema,
            "description": .string(description),
        ])
    }

    private static func operationID(_ summary: String) -> String {
        summary.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
    }
}
