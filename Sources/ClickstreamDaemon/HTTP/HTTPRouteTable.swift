import Hummingbird

/// Every route the adapter serves, by method and path pattern (":name" matches one segment).
///
/// Kept as data so that an unmatched request can be told apart: a known path with another
/// method is a 405 with an Allow header, anything else a 404.
struct HTTPRouteTable: Sendable {
    struct Route: Sendable, Hashable {
        var method: HTTPRequest.Method
        var path: String

        var segments: [Substring] { path.split(separator: "/") }
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: HTTPRequest.Method, _ path: String) {
        routes.append(Route(method: method, path: path))
    }

    /// The methods served on `path`, in table order; empty when no pattern matches it. As in
    /// the router, a literal segment wins over a parameter: `/stream/status` is the GET route's
    /// path, not a `PATCH /stream/{stream_id}`.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let given = path.split(separator: "/")
        let matching = routes.filter { Self.matches($0.segments, given) }
        guard let best = matching.map(Self.literals).max(by: { $0.lexicographicallyPrecedes($1) }) else { return [] }
        var methods: [HTTPRequest.Method] = []
        for route in matching where Self.literals(route) == best && !methods.contains(route.method) {
            methods.append(route.method)
        }
        return methods
    }

    /// 1 for each literal segment, 0 for each parameter: the larger (lexicographically) wins.
    private static func literals(_ route: Route) -> [Int] {
        route.segments.map { $0.hasPrefix(":") ? 0 : 1 }
    }

    private static func matches(_ pattern: [Substring], _ given: [Substring]) -> Bool {
        guard pattern.count == given.count else { return false }
        for (expected, actual) in zip(pattern, given) where !expected.hasPrefix(":") && expected != actual {
            return false
        }
        return true
    }
}
