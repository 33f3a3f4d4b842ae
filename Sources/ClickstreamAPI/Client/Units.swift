/// The friendly units operators type and read: rates like 500, 10k, 1.5M; counts like 1M;
/// durations like 30s, 15m, 1h30m.
///
/// They live next to the client (not in clickctl) so any front end can share them and tests
/// can reach them without the executable.
public enum Units {
    /// Why a value did not parse; the message says what is accepted.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    private static let multipliers: [Character: Double] = ["k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9]

    /// Records per second: `500`, `10k`, `1.5M`, `2000/s`; `0` or `max` mean "as fast as the
    /// sink takes them".
    public static func parseRate(_ text: String) throws(ParseError) -> Double {
        var body = text.trimmingWhitespace()
        if body.lowercased() == "max" { return 0 }
        if body.hasSuffix("/s") { body.removeLast(2) }
        guard let value = scaled(body), value >= 0, value.isFinite else {
            throw ParseError(
                description:
                    "invalid rate '\(text)': use a number of records per second with an optional k, M or G suffix, e.g. 500, 10k, 1.5M (0 or max: as fast as possible)"
            )
        }
        return value
    }

    /// A whole number of records: `1000`, `10k`, `1.5M`.
    public static func parseCount(_ text: String) throws(ParseError) -> Int {
        let body = text.trimmingWhitespace()
        guard let value = scaled(body), value >= 0, value.rounded() == value, value < 9e15 else {
            throw ParseError(
                description:
                    "invalid count '\(text)': use a whole number with an optional k, M or G suffix, e.g. 1000, 10k, 2.5M"
            )
        }
        return Int(value)
    }

    /// Seconds: `90` (plain seconds), `500ms`, `30s`, `15m`, `1h`, `2d`, or combined, `1h30m`.
    public static func parseDuration(_ text: String) throws(ParseError) -> Double {
        let invalid = ParseError(
            description:
                "invalid duration '\(text)': use a number with a unit, e.g. 30s, 15m, 1h, 1h30m, 2d (a bare number is seconds)"
        )
        let body = text.trimmingWhitespace()
        if let seconds = Double(body), seconds >= 0, seconds.isFinite { return seconds }
        let units: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86_400]
        var total = 0.0
        var rest = Substring(body)
        guard !rest.isEmpty else { throw invalid }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), let factor = units[String(unit)] else { throw invalid }
            total += value * factor
        }
        return total
    }

    /// `12345` → `12.3k`, `10000` → `10k`, `1500000` → `1.5M`; below 1000 as is (one decimal
    /// when not whole).
    public static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        for (suffix, factor) in [("G", 1e9), ("M", 1e6), ("k", 1e3)] where magnitude >= factor {
            return trimmed(value / factor, decimals: magnitude / factor >= 100 ? 0 : 1) + suffix
        }
        return trimmed(value, decimals: 1)
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `3725` → `1h2m5s`, `42.5` → `42.5s`, `0.25` → `250ms`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 1 { return seconds == 0 ? "0s" : "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return trimmed(seconds, decimals: seconds < 10 ? 1 : 0) + "s" }
        var rest = Int(seconds.rounded())
        var out = ""
        for (suffix, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        where rest >= size || (suffix == "s" && rest > 0) {
            out += "\(rest / size)\(suffix)"
            rest %= size
        }
        return out
    }

    // MARK: - Helpers

    /// A decimal number with an optional multiplier suffix; underscores and commas between
    /// digits are ignored (`1_000_000`, `1,000`).
    private static func scaled(_ text: String) -> Double? {
        var body = text.filter { $0 != "_" && $0 != "," }
        var factor = 1.0
        if let last = body.last, let multiplier = multipliers[last] {
            factor = multiplier
            body.removeLast()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "." }), let value = Double(body) else { return nil }
        return value * factor
    }

    /// `value` with at most `decimals` decimals and no trailing ".0".
    private static func trimmed(_ value: Double, decimals: Int) -> String {
        let scale = decimals == 0 ? 1.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
