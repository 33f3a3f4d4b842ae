import ClickstreamGenerator
import ClickstreamModel

/// `[generator]`: the simulated shop. The one place where TOML keys map onto
/// `GeneratorConfig`; a new generator knob gets its key here and nowhere else.
///
/// Keys (all optional; defaults are the generator's, tuned per docs/realism.md):
///   seed, users, products, shard_index, shard_count, segment_weights [4], device_weights [3],
///   price_skew, zipf_exponent, preferred_category_share, extended_interaction_types, site_url,
///   markets = { <country code> = weight, ... } (or [generator.markets]),
///   [generator.prices] <category> = [min, max], [generator.category_weights] <category> = w,
///   [generator.funnel] ..., [generator.session] ...
struct GeneratorSettings: Sendable, Equatable {
    var config = GeneratorConfig()
    /// This daemon's slice of the population when several feed one cluster.
    var shardIndex: Int = 0
    var shardCount: Int = 1

    var shard: Shard { Shard(index: shardIndex, count: shardCount) }
    var generatorConfig: GeneratorConfig { config }

    /// MAX_USERS / MAX_PRODUCTS in the original service.
    var users: Int {
        get { config.userCount }
        set { config.userCount = newValue }
    }
    var products: Int {
        get { config.productCount }
        set { config.productCount = newValue }
    }

    /// Reads `[generator]`, reporting bad values into the section's diagnostics.
    static func read(_ s: inout TOMLSection) -> GeneratorSettings {
        var settings = GeneratorSettings()
        var c = GeneratorConfig()
        c.seed = UInt64(s.int("seed", default: Int(c.seed), in: 0...Int.max))
        c.userCount = s.int("users", default: c.userCount, in: 1...1_000_000_000)
        c.productCount = s.int("products", default: c.productCount, in: 1...100_000_000)
        settings.shardCount = s.int("shard_count", default: 1, in: 1...4096)
        settings.shardIndex = s.int("shard_index", default: 0, in: 0...4095)
        if settings.shardIndex >= settings.shardCount {
            s.report(
                "shard_index", "must be less than shard_count (\(settings.shardCount)), got \(settings.shardIndex)")
            settings.shardIndex = 0
        }
        c.segmentWeights = s.doubleArray("segment_weights", default: c.segmentWeights, count: 4, in: 0...1_000_000)
        c.deviceWeights = s.doubleArray("device_weights", default: c.deviceWeights, count: 3, in: 0...1_000_000)
        c.priceSkew = s.double("price_skew", default: c.priceSkew, in: 0.01...100)
        c.zipfExponent = s.double("zipf_exponent", default: c.zipfExponent, in: 0...5)
        c.preferredCategoryShare = s.double("preferred_category_share", default: c.preferredCategoryShare, in: 0...1)
        c.extendedInteractionTypes = s.bool("extended_interaction_types", default: c.extendedInteractionTypes)
        c.siteURL = s.string("site_url", default: c.siteURL)

        var markets = s.section("markets")
        if let read = Self.markets(&markets) { c.markets = read }

        var prices = s.section("prices")
        for category in Category.allCases {
            let name = "\(category.name)"
            let range = prices.doubleArray(name, default: [], count: 2, in: 0.01...9_999_999)
            if range.count == 2 {
                if range[0] > range[1] {
                    prices.report(name, "must be [min, max] with min <= max, got [\(range[0]), \(range[1])]")
                }
                c.categoryPrices[category] = PriceRange(min: range[0], max: range[1])
            }
        }
        prices.finish()
        var weights = s.section("category_weights")
        for category in Category.allCases {
            if let weight = weights.optionalDouble("\(category.name)", in: 0...1_000_000) {
                c.categoryWeights[category] = weight
            }
        }
        weights.finish()

        var funnel = s.section("funnel")
        for (key, field) in Self.funnelSegmentProbabilities {
            c.funnel[keyPath: field] = funnel.doubleArray(key, default: c.funnel[keyPath: field], count: 4, in: 0...1)
        }
        for (key, field) in Self.funnelProbabilities {
            c.funnel[keyPath: field] = funnel.double(key, default: c.funnel[keyPath: field], in: 0...1)
        }
        funnel.finish()

        var session = s.section("session")
        let g = c.session
        c.session.sessionsPerUserPerDay = session.double(
            "sessions_per_user_per_day", default: g.sessionsPerUserPerDay, in: 0.0001...1000)
        c.session.segmentActivity = session.doubleArray(
            "segment_activity", default: g.segmentActivity, count: 4, in: 0...1000)
        c.session.exitProbabilityMedian = session.double(
            "exit_probability_median", default: g.exitProbabilityMedian, in: 0.001...0.999)
        c.session.dwellMedianSeconds = session.double(
            "dwell_median_seconds", default: g.dwellMedianSeconds, in: 0.1...86_400)
        c.session.maxEventsPerSession = session.int(
            "max_events_per_session", default: g.maxEventsPerSession, in: 2...10_000)
        c.session.maxOpenSessions = session.int(
            "max_open_sessions", default: g.maxOpenSessions,
            in: 1...SessionConfig.maxOpenSessionsLimit)
        c.session.diurnalCurve = session.doubleArray("diurnal_curve", default: g.diurnalCurve, count: 24, in: 0...1000)
        session.finish()

        // Whatever the per-key checks let through, the generator's own validation decides.
        do {
            try c.validate()
        } catch {
            s.report("", "\(error)")
        }
        settings.config = c
        s.finish()
        return settings
    }

    /// A key of `[generator.funnel]` and the field of `FunnelConfig` it sets.
    typealias FunnelKey<Value> = (key: String, field: WritableKeyPath<FunnelConfig, Value> & Sendable)

    /// `[generator.funnel]`: every key is a probability (0...1). These take one per segment
    /// (casual, regular, power, premium)...
    static let funnelSegmentProbabilities: [FunnelKey<[Double]>] = [
        ("add_to_cart_after_view", \.addToCartAfterView),
        ("purchase_after_checkout", \.purchaseAfterCheckout),
    ]

    /// ...and these one for everybody.
    static let funnelProbabilities: [FunnelKey<Double>] = [
        ("checkout_after_add_to_cart", \.checkoutAfterAddToCart),
        ("checkout_while_browsing", \.checkoutWhileBrowsing),
        ("remove_from_cart", \.removeFromCart),
        ("exit_after_purchase", \.exitAfterPurchase),
        ("wishlist_after_view", \.wishlistAfterView),
        ("share_after_view", \.shareAfterView),
        ("review_after_view", \.reviewAfterView),
        ("click_bounce", \.clickBounce),
    ]

    /// `markets = { US = 0.7, CA = 0.3 }`: nil (the default stays) when absent or when anything
    /// in it is wrong, each problem reported under its key with what to write instead.
    static func markets(_ section: inout TOMLSection) -> [String: Double]? {
        guard section.isPresent else { return nil }
        let known = GeneratorConfig.marketCountryCodes
        var markets: [String: Double] = [:]
        var valid = true
        for code in section.presentKeys.sorted() {
            guard known.contains(code) else {
                _ = section.optionalDouble(code, in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
                section.report(code, "unknown country code \"\(code)\"" + Self.marketSuggestion(code, known: known))
                valid = false
                continue
            }
            guard let weight = section.optionalDouble(code, in: 0...1_000_000) else {
                valid = false
                continue
            }
            guard weight > 0 else {
                section.report(code, "weight must be positive, got 0 (leave \(code) out to sell nothing there)")
                valid = false
                continue
            }
            markets[code] = weight
        }
        if valid && markets.isEmpty {
            section.report(
                "",
                "needs at least one country, e.g. markets = { US = 1 }; known codes: " + known.joined(separator: ", "))
        }
        section.finish()
        return valid && !markets.isEmpty ? markets : nil
    }

    /// "did you mean" for a country code: the same letters in upper case, GB for UK, else the list.
    static func marketSuggestion(_ code: String, known: [String]) -> String {
        let upper = code.uppercased() == "UK" ? "GB" : code.uppercased()
        if known.contains(upper) { return " (did you mean \"\(upper)\"?)" }
        return "; known codes: " + known.joined(separator: ", ")
    }
}
