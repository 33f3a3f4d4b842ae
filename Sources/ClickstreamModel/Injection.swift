/// The label of a record a stream's disorder stage sent on purpose out of the ordinary: held
/// back (`late`, `outOfOrder`) or sent a second time (`duplicate`). Dropped records are never
/// sent, so they carry no label; they are counted instead.
///
/// The Kafka sink puts it in the `injected` header, leaving the record's bytes untouched: the
/// job under test cannot see it in the data, the tester can audit with it.
public enum Injection: UInt8, Sendable, CaseIterable {
    case none
    case late
    case outOfOrder
    case duplicate

    /// The header value (`late`, `out_of_order`, `duplicate`); empty for `none`.
    public var name: StaticString {
        switch self {
        case .none: ""
        case .late: "late"
        case .outOfOrder: "out_of_order"
        case .duplicate: "duplicate"
        }
    }
}
