import ClickstreamModel
import NIOCore

/// One batch as a Redis pipeline: the commands, and where each record's commands end (so a
/// failed reply is charged to the record that asked for it).
struct RedisEncodedBatch: Sendable {
    var bytes: ByteBuffer
    var replies: Int
    /// `replyEnds[i]`: the number of replies up to and including record i's commands.
    var replyEnds: [Int]

    /// The record a reply index belongs to.
    func record(ofReply index: Int) -> Int {
        var low = 0
        var high = replyEnds.count - 1
        while low < high {
            let mid = (low + high) / 2
            if replyEnds[mid] > index { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

/// Turns encoded records into Redis commands: one `XADD` per record onto the stream named
/// by the topic, and for interactions the live session view.
///
/// Session view, per interaction (all in the same pipeline, no round trip):
///   HSET    session:<id> user_id <user> last_event <timestamp> last_type <type>
///   HSETNX  session:<id> start <timestamp>
///   HINCRBY session:<id> events 1 ; HINCRBY session:<id> <type> 1
///   HINCRBY session:<id> cart_items ±quantity   (add/remove from cart; purchase sets 0)
///   EXPIRE  session:<id> <session_timeout>      (the hash goes when the session ends)
///   ZADD    users:last_active <event ms> <user>
struct RedisBatchEncoder {
    let settings: RedisSinkSettings
    /// Unescaped string values (flat layout), reused across records of a batch.
    private var scratch: [UInt8] = []

    init(settings: RedisSinkSettings) {
        self.settings = settings
    }

    mutating func encode(_ batch: EncodedBatch, stream: String) -> RedisEncodedBatch {
        var writer = RESPWriter(capacity: batch.bytes.count * 2 + batch.count * (settings.sessionView ? 400 : 96))
        var replyEnds: [Int] = []
        replyEnds.reserveCapacity(batch.count)
        batch.bytes.withUnsafeBytes { all in
            for record in batch.records {
                let value = UnsafeRawBufferPointer(rebasing: all[record.value])
                writeXADD(value, kind: record.kind, stream: stream, into: &writer)
                if settings.sessionView, record.kind.isInteraction {
                    writeSessionView(
                        value, user: UnsafeRawBufferPointer(rebasing: all[record.key]), kind: record.kind,
                        millis: record.timestampMillis, into: &writer)
                }
                replyEnds.append(writer.commands)
            }
        }
        return RedisEncodedBatch(bytes: writer.buffer, replies: writer.commands, replyEnds: replyEnds)
    }

    private mutating func writeXADD(
        _ value: UnsafeRawBufferPointer, kind: EventKind, stream: String, into writer: inout RESPWriter
    ) {
        let trim = settings.streamMaxLength > 0
        let head = 3 + (trim ? 3 : 0)
        let json = TopLevelJSON(value)
        switch settings.fields {
        case .json:
            writer.command(head + 4)
        case .flat:
            var fields = 0
            json.forEachField { field in
                if field.kind != .null { fields += 1 }
                return true
            }
            writer.command(head + 2 * fields)
        }
        writer.argument("XADD")
        writer.argument(text: stream)
        if trim {
            writer.argument("MAXLEN")
            writer.argument("~")
            writer.argument(settings.streamMaxLength)
        }
        writer.argument("*")
        switch settings.fields {
        case .json:
            writer.argument("event_type")
            writer.argument(kind.name)
            writer.argument("data")
            writer.argument(value)
        case .flat:
            json.forEachField { field in
                guard field.kind != .null else { return true }
                writer.argument(json.slice(field.key))
                if field.escaped {
                    scratch.removeAll(keepingCapacity: true)
                    json.unescape(field.value, into: &scratch)
                    scratch.withUnsafeBytes { writer.argument($0) }
                } else {
                    writer.argument(json.slice(field.value))
                }
                return true
            }
        }
    }

    private func writeSessionView(
        _ value: UnsafeRawBufferPointer, user: UnsafeRawBufferPointer, kind: EventKind,
        millis: Int64, into writer: inout RESPWriter
    ) {
        let json = TopLevelJSON(value)
        var session: Range<Int>?
        var timestamp: Range<Int>?
        var quantity = 1
        json.forEachField { field in
            if json.equals(field.key, "session_id"), field.kind == .string {
                session = field.value
            } else if json.equals(field.key, "timestamp"), field.kind == .string {
                timestamp = field.value
            } else if json.equals(field.key, "quantity"), field.kind == .number {
                quantity = Self.integer(json.slice(field.value)) ?? 1
            }
            return true
        }
        guard let session, let timestamp else { return }
        let sid = json.slice(session)
        let time = json.slice(timestamp)

        writer.command(8)
        writer.argument("HSET")
        writer.argument("session:", sid)
        writer.argument("user_id")
        writer.argument(user)
        writer.argument("last_event")
        writer.argument(time)
        writer.argument("last_type")
        writer.argument(kind.name)

        writer.command(4)
        writer.argument("HSETNX")
        writer.argument("session:", sid)
        writer.argument("start")
        writer.argument(time)

        writer.command(4)
        writer.argument("HINCRBY")
        writer.argument("session:", sid)
        writer.argument("events")
        writer.argument(1)

        writer.command(4)
        writer.argument("HINCRBY")
        writer.argument("session:", sid)
        writer.argument(kind.name)
        writer.argument(1)

        switch kind {
        case .addToCart, .removeFromCart:
            writer.command(4)
            writer.argument("HINCRBY")
            writer.argument("session:", sid)
            writer.argument("cart_items")
            writer.argument(kind == .addToCart ? quantity : -quantity)
        case .purchase:
            writer.command(4)
            writer.argument("HSET")
            writer.argument("session:", sid)
            writer.argument("cart_items")
            writer.argument(0)
        default:
            break
        }

        writer.command(3)
        writer.argument("EXPIRE")
        writer.argument("session:", sid)
        writer.argument(settings.sessionTimeout)

        writer.command(4)
        writer.argument("ZADD")
        writer.argument("users:last_active")
        writer.argument(Int(millis))
        writer.argument(user)
    }

    private static func integer(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return bytes.isEmpty ? nil : value
    }
}

extension EventKind {
    /// An interaction (view, click, cart, purchase...), not an entity record.
    var isInteraction: Bool {
        switch self {
        case .user, .product, .session: false
        default: true
        }
    }
}
