import ArgumentParser
import ClickstreamAPI
import ClickstreamModel

/// An argument with a parser that throws the message shown to the user: options use
/// `parse` as their transform, and `init?(argument:)` comes from it.
protocol ParsedArgument: ExpressibleByArgument {
    static func parse(_ text: String) throws -> Self
}

extension ParsedArgument {
    init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }
}

/// Records per second, typed the friendly way: 500, 10k, 1.5M (0 or max: unthrottled).
struct Rate: ParsedArgument, Sendable {
    var perSecond: Double

    init(_ perSecond: Double) { self.perSecond = perSecond }

    @Sendable static func parse(_ text: String) throws -> Rate { Rate(try Units.parseRate(text)) }

    var defaultValueDescription: String { Units.compact(perSecond) }
}

/// A whole number of records, also as 10k or 1M.
struct Count: ParsedArgument, Sendable {
    var value: Int

    init(_ value: Int) { self.value = value }

    @Sendable static func parse(_ text: String) throws -> Count { Count(try Units.parseCount(text)) }

    var defaultValueDescription: String { Units.compact(Double(value)) }
}

/// A span of time: 30s, 15m, 1h, 1h30m (a bare number is seconds).
struct TimeSpan: ParsedArgument, Sendable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    @Sendable static func parse(_ text: String) throws -> TimeSpan { TimeSpan(seconds: try Units.parseDuration(text)) }

    var defaultValueDescription: String { Units.duration(seconds) }
}

extension DataType: ExpressibleByArgument {}
extension SinkKind: ExpressibleByArgument {}

/// The record kinds `sample` offers (the daemon samples users, products and interactions).
enum SampleKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    case users, products, interactions

    var method: RPCMethod {
        switch self {
        case .users: .sampleUsers
        case .products: .sampleProducts
        case .interactions: .sampleInteractions
        }
    }
}

extension DataType {
    /// The `generate.*` method for this kind of record.
    var generateMethod: RPCMethod {
        switch self {
        case .users: .generateUsers
        case .products: .generateProducts
        case .interactions: .generateInteractions
        case .sessions: .generateSessions
        }
    }
}
