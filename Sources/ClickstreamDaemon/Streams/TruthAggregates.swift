import ClickstreamGenerator
import ClickstreamModel
import Foundation

/// Exact aggregates of a stream's interactions over event time, per minute and category:
/// events, views, add_to_cart, purchases, revenue (integer cents), distinct users and
/// sessions; on three bases:
/// - `generated`: every record, before disorder;
/// - `delivered`: each record that reached the sink once, i.e. without the dropped ones (late
///   and out-of-order ones in their event minute): what a job that deduplicates on
///   interaction_id and waits long enough must find;
/// - `sent`: every copy sent, duplicates included: what a job that does not deduplicate finds.
///
/// A minute stays open until the generator's event time has passed its end by `closeAfter`
/// (the longest delay the stream's disorder can give a record, so the rows of a minute are
/// written after its last record was sent); then its rows are rendered once and forgotten.
/// Distinct users and sessions are sets per open minute and category: memory grows with the
/// distinct users of the open minutes, not with the stream.
struct TruthAggregates {
    /// One minute × category × basis.
    struct Tally {
        var events = 0
        var views = 0
        var addToCart = 0
        var purchases = 0
        var revenueCents = 0
        var users: Set<Int> = []
        var sessions: Set<SessionKey> = []

        mutating func add(_ facts: RecordFacts, copies: Int) {
            events += copies
            switch facts.kind {
            case .view: views += copies
            case .addToCart: addToCart += copies
            case .purchase: purchases += copies
            default: break
            }
            revenueCents += facts.revenueCents * copies
            users.insert(facts.user)
            sessions.insert(SessionKey(hi: facts.sessionHi, lo: facts.sessionLo))
        }
    }

    struct SessionKey: Hashable {
        var hi: UInt64
        var lo: UInt64
    }

    /// Per open minute (its start, ms since the epoch): `Category.count` tallies per basis,
    /// in the order of `bases`.
    private var open: [Int64: [Tally]] = [:]
    private let closeAfter: Int64

    init(closeAfterMillis: Int64) {
        closeAfter = closeAfterMillis
    }

    static let bases = ["generated", "delivered", "sent"]

    static func minute(of millis: Int64) -> Int64 { millis - ((millis % 60_000) + 60_000) % 60_000 }

    /// Counts one generated record, of which `deliveredCopies` (0 dropped, 1, 2 duplicated)
    /// are sent.
    mutating func add(_ facts: RecordFacts, deliveredCopies: Int) {
        let minute = Self.minute(of: facts.timestampMillis)
        let category = Int(facts.category)
        open[minute, default: Array(repeating: Tally(), count: Self.bases.count * Category.count)][category]
            .add(facts, copies: 1)
        if deliveredCopies > 0 {
            open[minute]![Category.count + category].add(facts, copies: 1)
            open[minute]![2 * Category.count + category].add(facts, copies: deliveredCopies)
        }
    }

    /// Renders and forgets the minutes that ended `closeAfter` or more before `eventTime`
    /// (every open minute when nil), oldest first, as NDJSON rows appended to `out`.
    mutating func close(before eventTime: Int64?, into out: inout String) {
        let due = open.keys.filter { eventTime == nil || $0 + 60_000 + closeAfter <= eventTime! }.sorted()
        for minute in due {
            let tallies = open.removeValue(forKey: minute)!
            let stamp = ISO8601.string(millis: minute)
            for category in Category.allCases {
                let generated = tallies[Int(category.rawValue)]
                guard generated.events > 0 else { continue }
                for (index, basis) in Self.bases.enumerated() {
                    Self.row(
                        stamp, category, basis, tallies[index * Category.count + Int(category.rawValue)], into: &out)
                }
            }
        }
    }

    var isEmpty: Bool { open.isEmpty }

    private static func row(_ minute: String, _ category: Category, _ basis: String, _ t: Tally, into out: inout String)
    {
        let cents = t.revenueCents % 100
        out += "{\"minute\":\"\(minute)\",\"category\":\"\(category.name)\",\"basis\":\"\(basis)\""
        out += ",\"events\":\(t.events),\"views\":\(t.views),\"add_to_cart\":\(t.addToCart)"
        out += ",\"purchases\":\(t.purchases),\"revenue\":\(t.revenueCents / 100).\(cents < 10 ? "0" : "")\(cents)"
        out += ",\"users\":\(t.users.count),\"sessions\":\(t.sessions.count)}\n"
    }
}

extension ISO8601 {
    /// `2025-03-01T12:34:00.000Z`, the records' timestamp format.
    static func string(millis: Int64) -> String { string(Date(timeIntervalSince1970: Double(millis) / 1000)) }
}
