import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamGenerator

@Test func usersHaveEveryFieldInRange() throws {
    let world = World(config: smallConfig())
    var segments: [String: Int] = [:]
    for i in 0..<2_000 {
        let u = try object(world.userJSON(index: i))
        for key in [
            "user_id", "email", "first_name", "last_name", "age", "gender", "location", "user_segment",
            "registration_date", "last_active", "total_spent", "order_count", "preferences", "device_type",
            "browser", "country", "city", "timezone", "language", "os", "acquisition_channel",
        ] {
            #expect(u[key] != nil, "user lacks \(key)")
        }
        #expect((18...80).contains(u["age"] as! Int))
        let segment = u["user_segment"] as! String
        segments[segment, default: 0] += 1
        #expect(["casual", "regular", "power", "premium"].contains(segment))
        let prefs = u["preferences"] as! [String]
        #expect((1...4).contains(prefs.count) && Set(prefs).count == prefs.count)
        #expect(prefs.allSatisfy { Category(name: $0) != nil })
        #expect(["mobile", "desktop", "tablet"].contains(u["device_type"] as! String))
        #expect((u["location"] as! String).range(of: #"^[A-Za-z .]+, [A-Z]{2}$"#, options: .regularExpression) != nil)
        #expect(cents(u["total_spent"]) >= 0 && (u["order_count"] as! Int) >= 0)
        #expect((u["email"] as! String).contains("@"))
        #expect((u["registration_date"] as! String) <= (u["last_active"] as! String))
    }
    // Default weights 0.40/0.35/0.20/0.05, within sampling noise.
    #expect(abs(Double(segments["casual"]!) / 2000 - 0.40) < 0.05)
    #expect(abs(Double(segments["premium"] ?? 0) / 2000 - 0.05) < 0.03)
}

@Test func productsHaveEveryFieldInRange() throws {
    let config = smallConfig()
    let world = World(config: config)
    var prices: [Double] = []
    for i in 0..<1_000 {
        let p = try object(world.productJSON(index: i))
        let category = Category(name: p["category"] as! String)!
        let range = config.categoryPrices[category]!
        let price = (p["price"] as! NSNumber).doubleValue
        #expect(price >= range.min && price <= range.max, "\(price) outside \(range)")
        if category == .electronics { prices.append((price - range.min) / (range.max - range.min)) }
        #expect((0...5).contains((p["rating"] as! NSNumber).doubleValue))
        #expect((0...1).contains((p["popularity_score"] as! NSNumber).doubleValue))
        #expect((p["review_count"] as! Int) >= 0)
        #expect(!(p["tags"] as! [String]).isEmpty)
        #expect(p["in_stock"] is Bool)
        #expect((p["created_at"] as! String) <= (p["updated_at"] as! String))
        #expect((p["sku"] as! String).count == 10 && p["currency"] as! String == "USD")
    }
    // Skewed towards cheap: the median sits in the lower third of the range.
    let median = prices.sorted()[prices.count / 2]
    #expect(median < 0.33)
}

@Test func interactionsAndSessionsAreValidJSONWithTheContractFields() throws {
    let config = smallConfig()
    let events = run(.interactions, config: config, mode: backfill(days: 1), total: 3_000, batchSize: 500)
    var types = Set<String>()
    for v in events.values {
        let e = try object(v)
        for key in [
            "interaction_id", "user_id", "product_id", "interaction_type", "timestamp", "session_id", "duration",
            "quantity", "revenue", "device_info", "page_url", "referrer", "event_seq", "price", "category",
            "order_id", "search_query", "utm_source", "utm_medium", "utm_campaign", "ip_address", "user_agent",
        ] {
            #expect(e[key] != nil, "interaction lacks \(key)")
        }
        types.insert(e["interaction_type"] as! String)
        #expect(
            (e["timestamp"] as! String).range(
                of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) != nil)
        #expect((e["page_url"] as! String).hasPrefix("https://shop.example.com/"))
        #expect((e["ip_address"] as! String).split(separator: ".").count == 4)
        if e["interaction_type"] as! String == "search" { #expect(e["search_query"] is String) }
    }
    #expect(types.isSuperset(of: ["view", "click", "add_to_cart"]))
    let sessions = run(.sessions, config: config, mode: backfill(days: 1), total: 500, batchSize: 100)
    for v in sessions.values {
        let s = try object(v)
        for key in [
            "session_id", "user_id", "start_time", "end_time", "duration", "device_type", "browser", "ip_address",
            "location", "interactions_count", "total_revenue", "products_viewed", "products_purchased",
            "landing_page", "referrer", "converted", "cart_abandoned", "interaction_counts",
        ] {
            #expect(s[key] != nil, "session lacks \(key)")
        }
    }
}

@Test func vocabulariesNeedNoJSONEscaping() {
    func check(_ s: StaticString) {
        let bytes = UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
        #expect(!bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }, "\(s) needs escaping")
    }
    var all: [StaticString] =
        Vocabulary.firstNames + Vocabulary.lastNames + Vocabulary.emailDomains + Vocabulary.adjectives
    all += Vocabulary.descriptionOpeners + Vocabulary.descriptionClosers + Vocabulary.deviceInfos + Vocabulary.campaigns
    for c in Vocabulary.cities { all += [c.name, c.location, c.country, c.countryCode, c.timeZone, c.language] }
    for c in Vocabulary.clients { all += [c.os, c.browser, c.userAgent] }
    for w in Vocabulary.categoryWords { all += w.brands + w.nouns + w.tags + w.queries + [w.slug, w.skuPrefix] }
    all.forEach(check)
    #expect(Vocabulary.categoryWords.count == Category.count)
    #expect(Vocabulary.deviceInfos.count == Vocabulary.clients.count)
}

@Test func aliasTableFollowsItsWeights() {
    let table = AliasTable(weights: [1, 2, 3, 4])
    var r = Random(state: 1)
    var counts = [0, 0, 0, 0]
    for _ in 0..<100_000 { counts[table.sample(&r)] += 1 }
    for i in 0..<4 { #expect(abs(Double(counts[i]) / 100_000 - Double(i + 1) / 10) < 0.01) }
}

@Test func popularityIsHeavyTailed() {
    let config = smallConfig()
    let world = World(config: config)
    var r = Random(state: 9)
    var counts = [Int](repeating: 0, count: config.productCount)
    for _ in 0..<100_000 { counts[world.catalog.sample(category: 0, &r)!] += 1 }
    let sorted = counts.sorted(by: >)
    let top20 = sorted.prefix(config.productCount / 5).reduce(0, +)
    #expect(Double(top20) / 100_000 > 0.6)
    // Rank bijection round-trips.
    for i in 0..<config.productCount { #expect(world.catalog.index(ofRank: world.catalog.rank(ofIndex: i)) == i) }
}

@Test func invalidConfigNamesTheField() {
    var c = GeneratorConfig()
    c.segmentWeights = [1, 2]
    #expect(throws: GeneratorConfigError.self) { try c.validate() }
    do { try c.validate() } catch { #expect(error.description.contains("segmentWeights")) }
    var d = GeneratorConfig()
    d.categoryPrices[.books] = PriceRange(min: 50, max: 10)
    do {
        try d.validate()
        Issue.record("accepted min > max")
    } catch { #expect(error.description.contains("books")) }
    #expect(throws: Never.self) { try GeneratorConfig().validate() }
}

@Test func firstNamesMatchGender() throws {
    let world = World(config: smallConfig())
    let names = Vocabulary.firstNames.map { $0.description }
    let male = Set(stride(from: 0, to: names.count, by: 2).map { names[$0] })
    let female = Set(stride(from: 1, to: names.count, by: 2).map { names[$0] })
    #expect(male.count == names.count / 2 && female.count == names.count / 2 && male.isDisjoint(with: female))
    var others = Set<String>()
    for i in 0..<2_000 {
        let u = try object(world.userJSON(index: i))
        let first = u["first_name"] as! String
        switch u["gender"] as! String {
        case "female": #expect(female.contains(first), "\(first) is not a female name")
        case "male": #expect(male.contains(first), "\(first) is not a male name")
        default: others.insert(first)
        }
        #expect((u["email"] as! String).hasPrefix(first.lowercased() + "."))
    }
    // Non-binary and undisclosed users draw from both lists.
    #expect(!others.isDisjoint(with: male) && !others.isDisjoint(with: female))
}
