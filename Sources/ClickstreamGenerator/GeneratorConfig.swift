import ClickstreamModel

/// A price range in the shop's currency, inclusive.
@PublicMemberwiseInit
public struct PriceRange: Sendable, Equatable, Hashable {
    public var min: Double
    public var max: Double
}

/// Probabilities of the funnel state machine: what a shopper does next.
///
/// Per-segment arrays are indexed by `UserSegment.rawValue` (casual, regular, power, premium).
/// Defaults are tuned so the realism report lands inside published e-commerce ranges
/// (docs/realism.md).
public struct FunnelConfig: Sendable, Equatable {
    /// How sessions start: on a product page, a listing (home/category) page, or a search.
    public var landingProductShare: Double = 0.45
    public var landingListingShare: Double = 0.40
    public var landingSearchShare: Double = 0.15
    /// After a product view, chance of adding it to the cart, per segment.
    public var addToCartAfterView: [Double] = [0.050, 0.070, 0.090, 0.110]
    public var wishlistAfterView: Double = 0.025
    public var shareAfterView: Double = 0.006
    public var reviewAfterView: Double = 0.004
    /// After an add-to-cart, chance of going straight to checkout.
    public var checkoutAfterAddToCart: Double = 0.22
    /// While browsing with a non-empty cart, chance per step of going to checkout.
    public var checkoutWhileBrowsing: Double = 0.10
    /// Chance that a started checkout ends in a purchase, per segment.
    public var purchaseAfterCheckout: [Double] = [0.52, 0.60, 0.66, 0.72]
    /// While browsing with a non-empty cart, chance per step of removing an item.
    public var removeFromCart: Double = 0.05
    /// After a purchase, chance of leaving.
    public var exitAfterPurchase: Double = 0.85
    /// After a listing click lands, chance that the product page never loads (back/bounce).
    public var clickBounce: Double = 0.15
    /// Navigation mix when continuing: listing click, search, related product.
    public var navigateListingShare: Double = 0.60
    public var navigateSearchShare: Double = 0.15
    public var navigateRelatedShare: Double = 0.25

    public init() {}
}

/// Session length and pacing.
public struct SessionConfig: Sendable, Equatable {
    /// Average sessions per user and day (shapes concurrency in backfill mode).
    public var sessionsPerUserPerDay: Double = 0.4
    /// Relative session frequency per segment.
    public var segmentActivity: [Double] = [0.6, 1.0, 1.8, 2.2]
    /// Median chance of leaving at each navigation step; every session draws its own
    /// (log-normal, `exitSigma`), which makes session lengths heavy-tailed.
    public var exitProbabilityMedian: Double = 0.50
    public var exitSigma: Double = 0.9
    /// Median seconds spent on a product page before the next action (log-normal, `gapSigma`).
    public var dwellMedianSeconds: Double = 28
    public var gapSigma: Double = 0.9
    /// Hard cap on events per session (bots and runaway sessions do not exist here).
    public var maxEventsPerSession: Int = 200
    /// Most sessions one stream keeps open at once: the bound on the session table's memory
    /// (~0.6 KB per session). When the demanded rate would need more (Little's law: open =
    /// session starts per second × session duration), the engine compresses time inside
    /// sessions (shorter gaps between a session's events) instead of opening more, so the
    /// rate holds and sessions get shorter in wall time (docs/realism.md, "Bounded memory").
    public var maxOpenSessions: Int = 200_000
    /// Relative session-start intensity per local hour 0...23 in the user's time zone.
    public var diurnalCurve: [Double] = [
        0.40, 0.27, 0.20, 0.16, 0.16, 0.20, 0.30, 0.45, 0.60, 0.70, 0.76, 0.80,
        0.84, 0.82, 0.80, 0.80, 0.84, 0.90, 0.96, 1.00, 1.00, 0.92, 0.75, 0.55,
    ]

    public init() {}

    /// Upper end of `maxOpenSessions` (its table is reserved as address space up front: ~6 GB).
    public static let maxOpenSessionsLimit = 10_000_000
}

/// The behaviour knobs of the simulated shop. Defaults look like a real mid-size shop.
///
/// Every field is a plain settable `var` so the daemon can map config-file keys onto it.
public struct GeneratorConfig: Sendable, Equatable {
    public var seed: UInt64 = 42
    public var userCount: Int = 100_000
    public var productCount: Int = 50_000

    /// Share of users per segment: casual, regular, power, premium.
    public var segmentWeights: [Double] = [0.40, 0.35, 0.20, 0.05]
    /// Price range per category; prices are skewed towards the low end (`priceSkew`).
    public var categoryPrices: [Category: PriceRange] = GeneratorConfig.defaultCategoryPrices
    /// Exponent applied to a uniform draw inside the range: 1 is uniform, higher is cheaper.
    public var priceSkew: Double = 2.2
    /// Share of the catalogue and of non-preferred browsing per category.
    public var categoryWeights: [Category: Double] = GeneratorConfig.defaultCategoryWeights
    /// Zipf exponent of product popularity inside a category (1.0 is classic Zipf).
    public var zipfExponent: Double = 1.0
    /// Share of product views that fall in the user's preferred categories.
    public var preferredCategoryShare: Double = 0.75
    /// Where users live: country code (`Vocabulary.cities`) → weight; cities are drawn by
    /// weight inside each country. A single home market by default (Markets.swift).
    public var markets: [String: Double] = GeneratorConfig.defaultMarkets
    /// Share of users per device class: mobile, desktop, tablet.
    public var deviceWeights: [Double] = [0.58, 0.36, 0.06]
    public var funnel = FunnelConfig()
    public var session = SessionConfig()
    /// Emit `remove_from_cart` and `search`. Off: only the original service's seven types;
    /// the funnel is walked the same way, a search shows up as the view of its top result.
    public var extendedInteractionTypes: Bool = true
    /// The moment user and product histories are anchored to (registration dates, created_at
    /// lie before it). A constant keeps users identical across runs and streams.
    public var populationAnchorMillis: Int64 = 1_735_689_600_000  // 2025-01-01T00:00:00Z
    /// Base of `page_url` values.
    public var siteURL: String = "https://shop.example.com"

    public init() {}

    public static let defaultCategoryPrices: [Category: PriceRange] = [
        .electronics: PriceRange(min: 50, max: 2000), .clothing: PriceRange(min: 10, max: 200),
        .home: PriceRange(min: 20, max: 500), .beauty: PriceRange(min: 15, max: 100),
        .sports: PriceRange(min: 30, max: 300), .books: PriceRange(min: 10, max: 50),
        .toys: PriceRange(min: 15, max: 80), .automotive: PriceRange(min: 50, max: 800),
        .grocery: PriceRange(min: 5, max: 50), .health: PriceRange(min: 10, max: 150),
    ]

    public static let defaultCategoryWeights: [Category: Double] = [
        .electronics: 0.16, .clothing: 0.20, .home: 0.14, .beauty: 0.09, .sports: 0.08,
        .books: 0.08, .toys: 0.06, .automotive: 0.04, .grocery: 0.08, .health: 0.07,
    ]
}

/// Why a configuration cannot be used; each case names the knob to fix.
public enum GeneratorConfigError: Error, Equatable, CustomStringConvertible {
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "invalid generator config '\(field)': \(reason)"
        }
    }
}

extension GeneratorConfig {
    /// Checks every knob; the daemon calls this before starting a stream.
    public func validate() throws(GeneratorConfigError) {
        func fail(_ field: String, _ reason: String) -> GeneratorConfigError { .invalid(field: field, reason: reason) }
        if userCount < 1 || userCount > 2_000_000_000 { throw fail("userCount", "must be in 1...2000000000") }
        if productCount < 1 || productCount > 100_000_000 { throw fail("productCount", "must be in 1...100000000") }
        if segmentWeights.count != 4 || segmentWeights.contains(where: { $0 < 0 }) || segmentWeights.reduce(0, +) <= 0 {
            throw fail("segmentWeights", "needs 4 non-negative weights (casual, regular, power, premium), not all zero")
        }
        for c in Category.allCases {
            guard let r = categoryPrices[c] else { throw fail("categoryPrices.\(c.name)", "missing") }
            if !(r.min > 0 && r.max >= r.min && r.max < 10_000_000) {
                throw fail("categoryPrices.\(c.name)", "needs 0 < min <= max")
            }
            if (categoryWeights[c] ?? -1) < 0 { throw fail("categoryWeights.\(c.name)", "missing or negative") }
        }
        if !(priceSkew > 0) { throw fail("priceSkew", "must be > 0") }
        if !(zipfExponent >= 0 && zipfExponent <= 5) { throw fail("zipfExponent", "must be in 0...5") }
        if !(0...1).contains(preferredCategoryShare) { throw fail("preferredCategoryShare", "must be in 0...1") }
        if let problem = marketsProblem() { throw fail("markets", problem) }
        if deviceWeights.count != 3 || deviceWeights.reduce(0, +) <= 0 {
            throw fail("deviceWeights", "needs 3 weights (mobile, desktop, tablet)")
        }
        let perSegment = [
            ("funnel.addToCartAfterView", funnel.addToCartAfterView),
            ("funnel.purchaseAfterCheckout", funnel.purchaseAfterCheckout),
            ("session.segmentActivity", session.segmentActivity),
        ]
        for (field, values) in perSegment where values.count != UserSegment.count {
            throw fail(field, "needs 4 values, one per segment")
        }
        if session.diurnalCurve.count != 24 || session.diurnalCurve.max() ?? 0 <= 0 {
            throw fail("session.diurnalCurve", "needs 24 non-negative values, not all zero")
        }
        if session.maxEventsPerSession < 2 || session.maxEventsPerSession > 10_000 {
            throw fail("session.maxEventsPerSession", "must be in 2...10000")
        }
        if session.maxOpenSessions < 1 || session.maxOpenSessions > SessionConfig.maxOpenSessionsLimit {
            throw fail("session.maxOpenSessions", "must be in 1...\(SessionConfig.maxOpenSessionsLimit)")
        }
        if !(session.sessionsPerUserPerDay > 0) { throw fail("session.sessionsPerUserPerDay", "must be > 0") }
        if !(session.dwellMedianSeconds > 0) { throw fail("session.dwellMedianSeconds", "must be > 0") }
        if !(session.exitProbabilityMedian > 0 && session.exitProbabilityMedian < 1) {
            throw fail("session.exitProbabilityMedian", "must be in (0, 1)")
        }
        if siteURL.utf8.count > 200 || siteURL.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            throw fail("siteURL", "must be at most 200 bytes, without quotes, backslashes or control characters")
        }
    }
}
