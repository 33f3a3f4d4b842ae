/// The ten product categories of the original service, in its order.
public enum Category: UInt8, Sendable, CaseIterable, Hashable {
    case electronics
    case clothing
    case home
    case beauty
    case sports
    case books
    case toys
    case automotive
    case grocery
    case health

    /// Number of categories; used to size per-category tables.
    public static let count = 10

    /// The wire name, as in the JSON `category` and `preferences` fields.
    public var name: StaticString {
        switch self {
        case .electronics: "electronics"
        case .clothing: "clothing"
        case .home: "home"
        case .beauty: "beauty"
        case .sports: "sports"
        case .books: "books"
        case .toys: "toys"
        case .automotive: "automotive"
        case .grocery: "grocery"
        case .health: "health"
        }
    }

    /// Parses a wire name (config files, CLI flags).
    public init?(name: String) {
        guard let match = Category.allCases.first(where: { $0.name.description == name }) else { return nil }
        self = match
    }
}
