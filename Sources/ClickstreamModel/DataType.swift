/// The four kinds of record clickstream produces; also the names of the default topics and
/// of the `data_type` values the original service accepted.
public enum DataType: String, CaseIterable, Sendable, Codable, Hashable {
    case users
    case products
    case interactions
    case sessions
}
