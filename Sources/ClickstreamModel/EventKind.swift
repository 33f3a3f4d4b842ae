/// What one encoded record is: an entity, or an interaction of a given type.
///
/// Sinks put it into a Kafka header (`event_type`) without looking into the JSON.
public enum EventKind: UInt8, Sendable, CaseIterable {
    case user
    case product
    case session
    case view
    case click
    case addToCart
    case removeFromCart
    case purchase
    case wishlist
    case review
    case share
    case search

    /// The wire name, as in the JSON `interaction_type` field (or the entity name).
    public var name: StaticString {
        switch self {
        case .user: "user"
        case .product: "product"
        case .session: "session"
        case .view: "view"
        case .click: "click"
        case .addToCart: "add_to_cart"
        case .removeFromCart: "remove_from_cart"
        case .purchase: "purchase"
        case .wishlist: "wishlist"
        case .review: "review"
        case .share: "share"
        case .search: "search"
        }
    }
}
