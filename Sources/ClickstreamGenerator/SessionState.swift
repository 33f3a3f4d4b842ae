import ClickstreamModel

/// A page of the shop, enough to write its URL.
struct Page: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case none, home, category, search, product, cart, confirmation
    }
    var kind: Kind = .none
    /// Category (category, search), product index (product).
    var arg: Int32 = 0
    /// Query index (search).
    var arg2: Int32 = 0

    static let none = Page()
}

/// Where a session came from.
enum TrafficSource: UInt8, Sendable, CaseIterable {
    case direct, organic, paid, social, email, referral, affiliate

    static let weights: [Double] = [0.24, 0.33, 0.15, 0.11, 0.08, 0.06, 0.03]

    var utm: (source: StaticString, medium: StaticString)? {
        switch self {
        case .direct, .organic, .referral: nil
        case .paid: ("google", "cpc")
        case .social: ("facebook", "social")
        case .email: ("newsletter", "email")
        case .affiliate: ("partner", "affiliate")
        }
    }
}

/// What a session does at its next scheduled moment.
enum Phase: UInt8, Sendable {
    case view, click, search, addToCart, removeFromCart, wishlist, share, review, purchase, ended
}

/// Interaction types in the order of session counters and the session record.
enum Counter {
    static let kinds: [EventKind] = [
        .view, .click, .addToCart, .removeFromCart, .purchase, .wishlist, .review, .share, .search,
    ]
    static let count = 9

    @inline(__always)
    static func slot(_ k: EventKind) -> Int {
        switch k {
        case .view: 0
        case .click: 1
        case .addToCart: 2
        case .removeFromCart: 3
        case .purchase: 4
        case .wishlist: 5
        case .review: 6
        case .share: 7
        case .search: 8
        default: 0
        }
    }
}

/// One open session. Variable-length parts (cart, products viewed and purchased,
/// counters) live in the engine's flat pools at `slot × capacity`, so no session allocates.
struct SessionState: Sendable {
    var user: Int = 0
    var segment: Int = 0
    var city: Int = 0
    var client: Int = 0
    var preferences: UInt32 = 0
    var preferenceCount: Int = 1
    var random = Random(state: 0)
    var idHi: UInt64 = 0
    var idLo: UInt64 = 0
    var ip: UInt32 = 0
    var source: TrafficSource = .direct
    var referrer: Int = 0
    var campaign: Int = 0
    var exitProbability: Double = 0.5
    var start: Int64 = 0
    var lastEvent: Int64 = 0
    var end: Int64 = 0
    var seq: Int = 0
    var phase: Phase = .view
    /// The product the next step is about (view, cart, wishlist...).
    var product: Int = 0
    /// Page the user is on, and the one before (the next event's referrer).
    var page = Page.none
    var landing = Page.none
    /// The page before `page`, and the referrer `page` was reached from.
    var previous = Page.none
    var pageReferrer = Page.none
    var cartCount: Int = 0
    var viewedCount: Int = 0
    /// Spill chunk holding products viewed beyond the inline ones (-1: none).
    var viewedSpill: Int32 = -1
    var purchasedCount: Int = 0
    var purchaseLine: Int = 0
    var orderID: UInt64 = 0
    var revenueCents: Int = 0
    var everCarted: Bool = false
    var converted: Bool = false
}

/// The one interaction a step produced, ready to encode.
struct Emission: Sendable {
    var kind: EventKind = .view
    var slot: Int = 0
    var product: Int = 0
    var quantity: Int = 1
    var revenueCents: Int = 0
    var priceCents: Int = 0
    var category: Int = 0
    var page = Page.none
    var referrer = Page.none
    var timestamp: Int64 = 0
    var durationSeconds: Int = 0
    var seq: Int = 0
    var orderID: UInt64 = 0
    var hasOrder: Bool = false
}
