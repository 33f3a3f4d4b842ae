/// How engaged a user is. Drives session frequency, funnel probabilities and spend.
public enum UserSegment: UInt8, Sendable, CaseIterable, Hashable {
    case casual
    case regular
    case power
    case premium

    public static let count = 4

    /// The wire name, as in the JSON `user_segment` field.
    public var name: StaticString {
        switch self {
        case .casual: "casual"
        case .regular: "regular"
        case .power: "power"
        case .premium: "premium"
        }
    }
}

/// The device class a user browses with (JSON `device_type`).
public enum DeviceType: UInt8, Sendable, CaseIterable, Hashable {
    case mobile
    case desktop
    case tablet

    public var name: StaticString {
        switch self {
        case .mobile: "mobile"
        case .desktop: "desktop"
        case .tablet: "tablet"
        }
    }
}
