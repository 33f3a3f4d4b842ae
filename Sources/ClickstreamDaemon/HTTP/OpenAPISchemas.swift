/// The `components.schemas` of /openapi.json, as JSON text: the request and result types of
/// ClickstreamAPI (snake_case, as they go over the wire) and the record shapes of the
/// original service. Numbers in `__CAPS__` are filled in from `HTTPLimits`.
///
/// Kept as JSON rather than built in code because it reads like the document it becomes;
/// HTTPOpenAPITests check it parses and names every route.
enum OpenAPISchemas {
    static let json = #"""
        {
          "Error": {
            "type": "object",
            "description": "Every error response. code: invalid_json, invalid_params, not_found, method_not_allowed, conflict, payload_too_large, limit_exceeded, unauthorized, forbidden, unavailable, internal_error.",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["code", "message", "details"],
                "properties": {
                  "code": {"type": "string", "description": "Stable machine-readable error code."},
                  "message": {"type": "string", "description": "What was wrong; for caps, the cap's name and value."},
                  "details": {"description": "The field, what was expected and what was given; or null."}
                }
              }
            }
          },
          "RootInfo": {
            "type": "object",
            "required": ["message", "version", "status"],
            "properties": {
              "message": {"type": "string"},
              "version": {"type": "string"},
              "status": {"type": "string", "description": "\"running\""},
              "docs": {"type": "string"},
              "openapi": {"type": "string"}
            }
          },
          "KafkaStatus": {
            "type": "object",
            "required": ["state", "queue_depth"],
            "properties": {
              "state": {"type": "string", "enum": ["disabled", "connecting", "connected", "degraded"]},
              "bootstrap_servers": {"type": ["string", "null"]},
              "queue_depth": {"type": "integer", "description": "Messages handed to librdkafka and not yet acknowledged."},
              "last_error": {"type": ["string", "null"]},
              "librdkafka_version": {"type": ["string", "null"]}
            }
          },
          "SinkStatus": {
            "type": "object",
            "required": ["state", "queue_depth"],
            "properties": {
              "state": {"type": "string", "enum": ["disabled", "connecting", "connected", "degraded"]},
              "endpoint": {"type": ["string", "null"], "description": "Where the sink writes, without credentials."},
              "queue_depth": {"type": "integer", "description": "Records taken and not yet acknowledged."},
              "last_error": {"type": ["string", "null"]}
            }
          },
          "Health": {
            "type": "object",
            "required": ["status", "timestamp", "kafka_connected", "kafka", "version", "uptime_seconds", "active_streams"],
            "properties": {
              "status": {"type": "string", "description": "\"healthy\", or \"degraded\" when Kafka or a configured database sink is unreachable."},
              "timestamp": {"type": "string", "description": "ISO-8601."},
              "kafka_connected": {"type": "boolean"},
              "kafka": {"$ref": "#/components/schemas/KafkaStatus"},
              "version": {"type": "string"},
              "uptime_seconds": {"type": "number"},
              "active_streams": {"type": "integer"},
              "sinks": {"type": "object", "description": "The database sinks by name (redis, postgres).", "additionalProperties": {"$ref": "#/components/schemas/SinkStatus"}}
            }
          },
          "GenerationRequest": {
            "type": "object",
            "description": "The original service's GenerationRequest. Unknown fields are rejected (400), so a typo is not ignored; null means the default.",
            "additionalProperties": false,
            "properties": {
              "count": {"type": ["integer", "null"], "minimum": 1, "maximum": "__MAX_GENERATE_COUNT__", "default": 100, "description": "Records to generate; capped by max_generate_count."},
              "rate": {"type": ["number", "null"], "minimum": 0, "maximum": "__MAX_RATE__", "description": "With stream, records per second (0 or null: as fast as the sink takes them); capped by max_rate."},
              "stream": {"type": ["boolean", "null"], "default": false, "description": "Send the records to the sink instead of returning them."},
              "batch_size": {"type": ["integer", "null"], "minimum": 1, "maximum": "__MAX_BATCH_SIZE__", "default": 100, "description": "Records per sink batch when streaming; capped by max_batch_size."},
              "topic": {"type": ["string", "null"], "description": "Sink topic override when streaming (also the file sink's file name): Kafka's rule, 1-249 of A-Z a-z 0-9 . _ -, not . or ..; a stream with any other topic is refused (400 naming topic)."}
            }
          },
          "GenerationResponse": {
            "type": "object",
            "required": ["success", "message", "count_generated", "time_taken", "rate_per_second"],
            "properties": {
              "success": {"type": "boolean"},
              "message": {"type": "string"},
              "count_generated": {"type": "integer"},
              "time_taken": {"type": "number", "description": "Seconds."},
              "rate_per_second": {"type": "number"},
              "delivered": {"type": "integer", "description": "Streaming only."},
              "failed": {"type": "integer", "description": "Streaming only."},
              "records": {"type": "array", "description": "When not streaming: the records.", "items": {"$ref": "#/components/schemas/Record"}}
            }
          },
          "StreamStartRequest": {
            "type": "object",
            "description": "Unknown fields are rejected (400). A running stream's name must be unique (409).",
            "additionalProperties": false,
            "allOf": [
              {"if": {"required": ["disorder"], "properties": {"disorder": {"type": "string"}}},
               "then": {"properties": {"data_type": {"enum": ["interactions", null]}, "sink": {"enum": ["kafka", null]}}}},
              {"if": {"required": ["truth"], "properties": {"truth": {"const": true}}},
               "then": {"properties": {"data_type": {"enum": ["interactions", null]}}}}
            ],
            "properties": {
              "data_type": {"$ref": "#/components/schemas/DataType"},
              "rate": {"type": ["number", "null"], "minimum": 0, "maximum": "__MAX_RATE__", "description": "Records per second; 0: as fast as the sink takes them. Default: the daemon's [defaults] rate (GENERATION_RATE, else 100). Capped by max_rate."},
              "max_count": {"type": ["integer", "null"], "minimum": 1, "description": "Stop after this many records."},
              "duration": {"type": ["number", "null"], "exclusiveMinimum": 0, "description": "Stop after this many seconds."},
              "name": {"type": ["string", "null"], "pattern": "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]{1,128}$", "description": "1-128 characters, no control characters."},
              "sink": {"type": ["string", "null"], "enum": ["kafka", "file", "stdout", "redis", "postgres", null]},
              "topic": {"type": ["string", "null"], "pattern": "^([A-Za-z0-9_-][A-Za-z0-9._-]{0,248}|\\.[A-Za-z0-9_-][A-Za-z0-9._-]{0,247}|\\.\\.[A-Za-z0-9._-]{1,247})$", "description": "Kafka topic, the file sink's file name, or the Redis stream key: Kafka's rule, 1-249 of A-Z a-z 0-9 . _ -, not . or .."},
              "time_mode": {"type": ["string", "null"], "pattern": "^(realtime|accelerated:[1-9][0-9]{0,5}(\\.[0-9]{1,3})?)$",
                            "description": "realtime (default) or accelerated:<factor>. Also accepted: backfill:<from>/<to> (ISO-8601 dates, from before to), left out of the pattern because a pattern cannot say from < to, and backfill-then-live:<from> (an ISO-8601 date or a span before the start such as 7d, 12h, 30m)."},
              "batch_size": {"type": ["integer", "null"], "minimum": 1, "maximum": "__MAX_BATCH_SIZE__", "description": "Largest sink batch. Default: the daemon's [defaults] batch_size (BATCH_SIZE, else 1000). Capped by max_batch_size."},
              "format": {"type": ["string", "null"], "enum": "__FORMATS__", "description": "Wire format of the values (default: the topic's, json). avro, protobuf and json_schema are listed when schema_registry.url is set, and need the kafka sink (503 otherwise; docs/schemas.md)."},
              "disorder": {"type": ["string", "null"], "pattern": "^((late|out_of_order)=(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?):([1-9][0-9]{0,5}ms|[1-9][0-9]{0,2}s|[1-9]m)|(duplicate|drop)=(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?))$", "description": "Interactions on the kafka sink: records delayed, duplicated or dropped on purpose, each one sent labelled in the Kafka header injected, e.g. late=0.05:30s,out_of_order=0.1:5s,duplicate=0.01,drop=0.01 (fractions of the records generated; largest delay in event time, up to 60m). Also accepted: several treatments, comma-separated, their fractions adding up to at most 1 (left out of the pattern, which cannot say so). Only with data_type interactions and the kafka sink (400 otherwise). docs/streams.md."},
              "truth": {"type": ["boolean", "null"], "description": "Interactions: write exact per-minute, per-category aggregates (views, add_to_cart, purchases, revenue, distinct users and sessions; as generated, as delivered once, as sent with duplicates) to <topic>.truth.ndjson in the file sink's directory. Only with data_type interactions (400 otherwise). docs/streams.md."},
              "schedule": {"$ref": "#/components/schemas/RateSchedule"}
            }
          },
          "RateSchedule": {
            "type": ["string", "null"], "pattern": "^constant$",
            "description": "How the rate moves over time (docs/streams.md): constant (default), ramp:<from>..<to>/<duration> (ramp:1000..50000/60s), steps:<rate>/<duration>,... (steps:1000/30s,5000/30s), spike:x<factor>[@<start>]/<duration> (spike:x5@60s/30s; multiplies rate), daily (rate times the population's daily cycle). Only constant is in the pattern: whether the others are accepted depends on rate and max_rate, which a pattern cannot see."
          },
          "StreamUpdateRequest": {
            "type": "object",
            "description": "At least one of rate and schedule. Unknown fields are rejected (400).",
            "additionalProperties": false,
            "anyOf": [{"required": ["rate"]}, {"required": ["schedule"]}],
            "properties": {
              "rate": {"type": "number", "minimum": 0, "maximum": "__MAX_RATE__", "description": "Records per second (0: as fast as the sink takes them); capped by max_rate."},
              "schedule": {"type": "string", "pattern": "^constant$", "description": "As in StreamStartRequest (RateSchedule); only constant is in the pattern."}
            }
          },
          "StreamUpdateResult": {
            "type": "object",
            "required": ["stream_id", "status", "rate", "schedule", "previous_rate", "previous_schedule"],
            "properties": {
              "stream_id": {"type": "string"},
              "status": {"type": "string", "description": "\"updated\""},
              "rate": {"type": "number"},
              "schedule": {"type": "string"},
              "previous_rate": {"type": "number"},
              "previous_schedule": {"type": "string"}
            }
          },
          "AuditList": {
            "type": "object",
            "required": ["entries", "path"],
            "properties": {
              "path": {"type": "string", "description": "The audit log file."},
              "entries": {"type": "array", "items": {
                "type": "object",
                "required": ["time", "door", "who", "method", "params", "result"],
                "properties": {
                  "time": {"type": "string"},
                  "door": {"type": "string", "enum": ["rpc", "http", "config", "signal"]},
                  "who": {"type": "string"},
                  "method": {"type": "string"},
                  "stream_id": {"type": ["string", "null"]},
                  "params": {"type": "string"},
                  "result": {"type": "string", "description": "ok, or error <code>: <message>."}
                }
              }}
            }
          },
          "StreamStartResult": {
            "type": "object",
            "required": ["stream_id", "status", "data_type", "rate"],
            "properties": {
              "stream_id": {"type": "string"},
              "status": {"type": "string", "description": "\"started\""},
              "data_type": {"$ref": "#/components/schemas/DataType"},
              "rate": {"type": "number"},
              "max_count": {"type": ["integer", "null"]},
              "duration": {"type": ["number", "null"]},
              "schedule": {"type": "string", "description": "The rate schedule the stream follows (absent: a constant rate)"}
            }
          },
          "StreamInfo": {
            "type": "object",
            "required": ["stream_id", "name", "data_type", "sink", "destination", "state", "target_rate", "achieved_rate",
                         "generated", "delivered", "failed", "queued", "started_at", "uptime_seconds"],
            "properties": {
              "stream_id": {"type": "string"},
              "name": {"type": "string"},
              "data_type": {"$ref": "#/components/schemas/DataType"},
              "sink": {"type": "string", "enum": ["kafka", "file", "stdout", "redis", "postgres"]},
              "destination": {"type": "string", "description": "Kafka topic or output file."},
              "state": {"type": "string", "enum": ["running", "stopped", "finished", "failed"]},
              "target_rate": {"type": "number"},
              "achieved_rate": {"type": "number"},
              "generated": {"type": "integer"},
              "delivered": {"type": "integer"},
              "failed": {"type": "integer"},
              "queued": {"type": "integer"},
              "last_error": {"type": ["string", "null"]},
              "max_count": {"type": ["integer", "null"]},
              "duration": {"type": ["number", "null"]},
              "started_at": {"type": "string"},
              "uptime_seconds": {"type": "number"},
              "schedule": {"type": "string", "description": "The rate schedule in force (absent: a constant rate), e.g. ramp:1000..50000/60s"},
              "time_mode": {"type": "string", "description": "realtime, accelerated:<factor>, backfill:<from>/<to> or backfill-then-live:<from>"},
              "disorder": {"type": "object", "description": "Only for a stream with disorder. generated + duplicated = delivered + failed + queued + dropped; held records are part of queued.",
                           "properties": {"late": {"type": "integer"}, "out_of_order": {"type": "integer"}, "duplicated": {"type": "integer"}, "dropped": {"type": "integer"}, "held": {"type": "integer"}}}
            }
          },
          "StreamStopResult": {
            "type": "object",
            "required": ["stream_id", "status", "final_stats"],
            "properties": {
              "stream_id": {"type": "string"},
              "status": {"type": "string", "description": "\"stopped\""},
              "final_stats": {"$ref": "#/components/schemas/StreamInfo"},
              "stopped": {"type": ["array", "null"], "items": {"$ref": "#/components/schemas/StreamInfo"}}
            }
          },
          "StreamStatus": {
            "type": "object",
            "required": ["is_running", "start_time", "total_generated", "current_rate", "target_rate", "active_streams"],
            "properties": {
              "is_running": {"type": "boolean"},
              "start_time": {"type": ["string", "null"]},
              "total_generated": {"type": "integer"},
              "current_rate": {"type": "number"},
              "target_rate": {"type": "number"},
              "active_streams": {"type": "array", "items": {"type": "string"}},
              "streams": {"type": "array", "items": {"$ref": "#/components/schemas/StreamInfo"}}
            }
          },
          "GlobalStats": {
            "type": "object",
            "required": ["total_generated", "total_delivered", "total_failed", "total_queued", "current_rate", "uptime_seconds"],
            "properties": {
              "total_generated": {"type": "integer"},
              "total_delivered": {"type": "integer"},
              "total_failed": {"type": "integer"},
              "total_queued": {"type": "integer"},
              "total_duplicated": {"type": "integer", "description": "copies disorder sent on purpose"},
              "total_dropped": {"type": "integer", "description": "records disorder dropped on purpose"},
              "current_rate": {"type": "number"},
              "uptime_seconds": {"type": "number"}
            }
          },
          "StreamStats": {
            "type": "object",
            "required": ["global_stats", "active_streams", "cache_stats", "streams", "kafka"],
            "properties": {
              "global_stats": {"$ref": "#/components/schemas/GlobalStats"},
              "active_streams": {"type": "integer"},
              "cache_stats": {"type": "object", "additionalProperties": {"type": "integer"}},
              "streams": {"type": "array", "items": {"$ref": "#/components/schemas/StreamInfo"}},
              "kafka": {"$ref": "#/components/schemas/KafkaStatus"}
            }
          },
          "DataType": {"type": "string", "enum": ["users", "products", "interactions", "sessions"]},
          "Record": {
            "description": "A user, product, interaction or session record.",
            "anyOf": [
              {"$ref": "#/components/schemas/User"}, {"$ref": "#/components/schemas/Product"},
              {"$ref": "#/components/schemas/Interaction"}, {"$ref": "#/components/schemas/Session"}
            ]
          },
          "User": {
            "type": "object",
            "properties": {
              "user_id": {"type": "string"}, "email": {"type": "string"}, "first_name": {"type": "string"},
              "last_name": {"type": "string"}, "age": {"type": "integer", "minimum": 18, "maximum": 80},
              "gender": {"type": "string"}, "location": {"type": "string", "description": "\"City, CC\""},
              "user_segment": {"type": "string", "enum": ["casual", "regular", "power", "premium"]},
              "registration_date": {"type": "string"}, "last_active": {"type": "string"},
              "total_spent": {"type": "number", "minimum": 0}, "order_count": {"type": "integer", "minimum": 0},
              "preferences": {"type": "array", "items": {"type": "string"}},
              "device_type": {"type": "string"}, "browser": {"type": "string"}
            }
          },
          "Product": {
            "type": "object",
            "properties": {
              "product_id": {"type": "string"}, "name": {"type": "string"},
              "category": {"type": "string", "enum": ["electronics", "clothing", "home", "beauty", "sports", "books", "toys", "automotive", "grocery", "health"]},
              "price": {"type": "number", "exclusiveMinimum": 0}, "description": {"type": "string"}, "brand": {"type": "string"},
              "rating": {"type": "number", "minimum": 0, "maximum": 5}, "review_count": {"type": "integer", "minimum": 0},
              "in_stock": {"type": "boolean"}, "popularity_score": {"type": "number", "minimum": 0, "maximum": 1},
              "tags": {"type": "array", "items": {"type": "string"}}, "created_at": {"type": "string"}, "updated_at": {"type": "string"}
            }
          },
          "Interaction": {
            "type": "object",
            "properties": {
              "interaction_id": {"type": "string"}, "user_id": {"type": "string"}, "product_id": {"type": ["string", "null"]},
              "interaction_type": {"type": "string"}, "timestamp": {"type": "string"}, "session_id": {"type": "string"},
              "duration": {"type": ["integer", "null"]}, "quantity": {"type": "integer", "minimum": 1},
              "revenue": {"type": "number", "minimum": 0}, "device_info": {"type": "string"},
              "page_url": {"type": ["string", "null"]}, "referrer": {"type": ["string", "null"]}
            }
          },
          "Session": {
            "type": "object",
            "properties": {
              "session_id": {"type": "string"}, "user_id": {"type": "string"}, "start_time": {"type": "string"},
              "end_time": {"type": ["string", "null"]}, "duration": {"type": ["integer", "null"]},
              "device_type": {"type": "string"}, "browser": {"type": "string"}, "ip_address": {"type": "string"},
              "location": {"type": "string"}, "interactions_count": {"type": "integer", "minimum": 0},
              "total_revenue": {"type": "number", "minimum": 0},
              "products_viewed": {"type": "array", "items": {"type": "string"}},
              "products_purchased": {"type": "array", "items": {"type": "string"}}
            }
          }
        }
        """#
}
