import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamGenerator

/// Interactions of one session, in stream order.
struct Journey {
    var events: [[String: Any]] = []
}

func journeys(_ values: [String]) throws -> [String: Journey] {
    var out: [String: Journey] = [:]
    for v in values {
        let o = try object(v)
        out[o["session_id"] as! String, default: Journey()].events.append(o)
    }
    return out
}

@Test(arguments: [true, false])
func causalityHoldsInEverySession(extended: Bool) throws {
    let config = smallConfig(extended: extended)
    let events = run(.interactions, config: config, mode: backfill(days: 2), total: 1_000_000, batchSize: 997)
    #expect(events.values.count > 5_000)
    try checkCausality(events, extended: extended)
}

/// Event-time order over the stream; per session one user, consecutive `event_seq`, and no
/// purchase without an earlier add_to_cart of the product.
func checkCausality(_ events: (values: [String], keys: [String], records: [EncodedBatch.Record]), extended: Bool) throws
{
    // Event-time order across the whole stream.
    for i in 1..<events.records.count {
        #expect(events.records[i - 1].timestampMillis <= events.records[i].timestampMillis)
    }
    var purchases = 0
    for (_, journey) in try journeys(events.values) {
        var carted = Set<String>()
        let user = journey.events[0]["user_id"] as! String
        for (i, e) in journey.events.enumerated() {
            let type = e["interaction_type"] as! String
            let product = e["product_id"] as! String
            #expect(e["user_id"] as! String == user, "one session, one user")
            #expect(e["event_seq"] as! Int == i + 1)
            #expect((e["quantity"] as! Int) >= 1)
            #expect((e["duration"] as! Int) >= 0)
            if !extended { #expect(type != "search" && type != "remove_from_cart") }
            if type == "add_to_cart" { carted.insert(product) }
            if type == "purchase" {
                purchases += 1
                #expect(carted.contains(product), "purchase of \(product) without add_to_cart")
                #expect(cents(e["revenue"]) == cents(e["price"]) * (e["quantity"] as! Int))
                #expect((e["order_id"] as? String)?.hasPrefix("ord_") == true)
            } else {
                #expect(cents(e["revenue"]) == 0)
                #expect(e["order_id"] is NSNull)
            }
        }
    }
    #expect(purchases > 0)
}

@Test(arguments: [true, false])
func sessionRecordsAgreeWithTheirInteractions(extended: Bool) throws {
    try checkAgreement(config: smallConfig(extended: extended), mode: backfill(days: 2), minimumSessions: 1_000)
}

/// The sessions stream and the interactions stream of one config describe the same sessions.
func checkAgreement(config: GeneratorConfig, mode: TimeMode, minimumSessions: Int) throws {
    let events = run(.interactions, config: config, mode: mode, total: 10_000_000, batchSize: 1000)
    let sessions = run(.sessions, config: config, mode: mode, total: 10_000_000, batchSize: 333)
    let byID = try journeys(events.values)
    #expect(sessions.values.count == byID.count)
    #expect(sessions.values.count > minimumSessions)
    for (i, json) in sessions.values.enumerated() {
        let s = try object(json)
        let id = s["session_id"] as! String
        guard let journey = byID[id] else {
            Issue.record("session \(id) has no interactions")
            continue
        }
        let ev = journey.events
        #expect(s["interactions_count"] as! Int == ev.count)
        #expect(s["user_id"] as! String == ev[0]["user_id"] as! String)
        #expect(s["start_time"] as! String == ev[0]["timestamp"] as! String)
        #expect((s["end_time"] as! String) >= (ev.last!["timestamp"] as! String))
        #expect(sessions.keys[i] == s["user_id"] as! String)
        let counts = s["interaction_counts"] as! [String: Int]
        var expected: [String: Int] = [:]
        for e in ev { expected[e["interaction_type"] as! String, default: 0] += 1 }
        for (type, n) in counts { #expect(n == expected[type, default: 0], "\(type) count of \(id)") }
        #expect(counts.values.reduce(0, +) == ev.count)
        let revenue = ev.reduce(0) { $0 + cents($1["revenue"]) }
        #expect(cents(s["total_revenue"]) == revenue)
        let viewed = Set(ev.filter { $0["interaction_type"] as! String == "view" }.map { $0["product_id"] as! String })
        #expect(Set(s["products_viewed"] as! [String]) == viewed)
        #expect((s["products_viewed"] as! [String]).count == viewed.count)
        let bought = Set(
            ev.filter { $0["interaction_type"] as! String == "purchase" }.map { $0["product_id"] as! String })
        #expect(Set(s["products_purchased"] as! [String]) == bought)
        #expect(s["converted"] as! Bool == !bought.isEmpty)
        #expect(s["landing_page"] as! String == ev[0]["page_url"] as! String)
        #expect((s["duration"] as! Int) >= 0)
    }
    // Session records come out in end-time order.
    for i in 1..<sessions.records.count {
        #expect(sessions.records[i - 1].timestampMillis <= sessions.records[i].timestampMillis)
    }
}

@Test func backfillStaysInsideItsRangeAndFinishes() {
    let config = smallConfig()
    let mode = backfill(days: 1)
    var g = StreamGenerator(dataType: .interactions, world: World(config: config), timeMode: mode, startMillis: 0)
    var batch = EncodedBatch()
    var total = 0
    while !g.isFinished && total < 10_000_000 {
        g.generate(count: 4096, into: &batch)
        for r in batch.records { #expect(r.timestampMillis >= jan2025 && r.timestampMillis <= jan2025 + 86_400_000) }
        total += batch.count
        batch.removeAll()
    }
    #expect(g.isFinished)
    #expect(total > 1_000)
    #expect(g.generated == UInt64(total))
    g.generate(count: 10, into: &batch)
    #expect(batch.isEmpty)
}
