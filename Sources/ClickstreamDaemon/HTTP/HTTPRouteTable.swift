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

    /// The methods served on `path`, in table order; empty when no pattern matches it.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let given = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for route in routes where Self.matches(route.segments, given) && !methods.contains(route.method) {
            methods.append(route.method)
        }
        return methods
    }

    private static func matches(_ pattern: [Substring], _ given: [Substring]) -> Bool {
        guard pattern.count == given.count else { return false }
        for (expected, actual) in zip(pattern, given) where !expected.hasPrefix(":") && expected != actual {
            return false
        }
        return true
    }
}
