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
        let f = c.funnel
        c.funnel.addToCartAfterView = funnel.doubleArray(
            "add_to_cart_after_view", default: f.addToCartAfterView, count: 4, in: 0...1)
        c.funnel.purchaseAfterCheckout = funnel.doubleArray(
            "purchase_after_checkout", default: f.purchaseAfterCheckout, count: 4, in: 0...1)
        c.funnel.checkoutAfterAddToCart = funnel.double(
            "checkout_after_add_to_cart", default: f.checkoutAfterAddToCart, in: 0...1)
        c.funnel.checkoutWhileBrowsing = funnel.double(
            "checkout_while_browsing", default: f.checkoutWhileBrowsing, in: 0...1)
        c.funnel.removeFromCart = funnel.double("remove_from_cart", default: f.removeFromCart, in: 0...1)
        c.funnel.exitAfterPurchase = funnel.double("exit_after_purchase", default: f.exitAfterPurchase, in: 0...1)
        c.funnel.wishlistAfterView = funnel.double("wishlist_after_view", default: f.wishlistAfterView, in: 0...1)
        c.funnel.shareAfterView = funnel.double("share_after_view", default: f.shareAfterView, in: 0...1)
        c.funnel.reviewAfterView = funnel.double("review_after_view", default: f.reviewAfterView, in: 0...1)
        c.funnel.clickBounce = funnel.double("click_bounce", default: f.clickBounce, in: 0...1)
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
