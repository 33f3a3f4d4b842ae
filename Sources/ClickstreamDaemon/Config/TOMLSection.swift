import ClickstreamAPI
import TOMLKit

/// Collects the issues found while reading one configuration document, so that
/// `--check-config` can report every problem at once instead of the first.
final class ConfigDiagnostics {
    let lineIndex: KeyLineIndex
    private(set) var issues: [ConfigIssue] = []

    init(lineIndex: KeyLineIndex) { self.lineIndex = lineIndex }

    func report(_ keyPath: String, _ message: String) {
        issues.append(ConfigIssue(keyPath: keyPath, line: lineIndex.line(of: keyPath), message: message))
    }
}

/// A typed, path-aware view of one TOML table.
///
/// Every read names the key it consumed; `finish()` reports keys nobody read as unknown
/// (with "did you mean" when one is close), so a typo never passes silently. Wrong types and
/// out-of-range values are reported with the full key path and line, and the default is
/// returned so reading can go on and find the next problem.
struct TOMLSection {
    let path: String
    private let table: TOMLTable?
    private let diagnostics: ConfigDiagnostics
    private var consumed: Set<String> = []

    init(table: TOMLTable?, path: String, diagnostics: ConfigDiagnostics) {
        self.table = table
        self.path = path
        self.diagnostics = diagnostics
    }

    func keyPath(_ key: String) -> String { key.isEmpty ? path : path.isEmpty ? key : "\(path).\(key)" }

    func report(_ key: String, _ message: String) { diagnostics.report(keyPath(key), message) }

    var isPresent: Bool { table != nil }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        consumed.insert(key)
        return table?[key]
    }

    mutating func string(_ key: String, default fallback: String) -> String {
        guard let value = value(key) else { return fallback }
        guard let string = value.string else { return mismatch(key, "a string", value, fallback) }
        return string
    }

    mutating func optionalString(_ key: String) -> String? {
        guard let value = value(key) else { return nil }
        guard let string = value.string else { return mismatch(key, "a string", value, nil) }
        return string
    }

    mutating func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let value = value(key) else { return fallback }
        guard let bool = value.bool else { return mismatch(key, "true or false", value, fallback) }
        return bool
    }

    mutating func int(_ key: String, default fallback: Int, in range: ClosedRange<Int>) -> Int {
        guard let found = optionalInt(key, in: range) else { return fallback }
        return found
    }

    mutating func optionalInt(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = value(key) else { return nil }
        guard value.type == .int, let int = value.int else { return mismatch(key, "an integer", value, nil) }
        guard range.contains(int) else {
            report(key, "must be \(Self.describe(range)), got \(int)")
            return nil
        }
        return int
    }

    mutating func double(_ key: String, default fallback: Double, in range: ClosedRange<Double>) -> Double {
        optionalDouble(key, in: range) ?? fallback
    }

    /// Accepts integers too (`rate = 50` means 50.0).
    mutating func optionalDouble(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = value(key) else { return nil }
        let number: Double
        switch value.type {
        case .int: number = Double(value.int ?? 0)
        case .double: number = value.double ?? 0
        default: return mismatch(key, "a number", value, nil)
        }
        guard number.isFinite, range.contains(number) else {
            report(key, "must be \(Self.describe(range)), got \(Self.format(number))")
            return nil
        }
        return number
    }

    /// A scalar as JSON, for tables read by a `Decodable` (`[[streams]]`); nil when absent.
    mutating func json(_ key: String) -> JSONValue? {
        guard let value = value(key) else { return nil }
        switch value.type {
        case .string: return value.string.map(JSONValue.string)
        case .int: return value.int.map { .number(Double($0)) }
        case .double: return value.double.map(JSONValue.number)
        case .bool: return value.bool.map(JSONValue.bool)
        default: return mismatch(key, "a string, number or boolean", value, nil)
        }
    }

    /// A string that must be one of `choices`.
    mutating func choice<T: RawRepresentable>(_ key: String, default fallback: T) -> T
    where T: CaseIterable, T.RawValue == String {
        optionalChoice(key, T.self) ?? fallback
    }

    /// A string that must be one of `choices`, or nothing.
    mutating func optionalChoice<T: RawRepresentable>(_ key: String, _ type: T.Type) -> T?
    where T: CaseIterable, T.RawValue == String {
        guard let raw = optionalString(key) else { return nil }
        guard let chosen = T(rawValue: raw) else {
            let allowed = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            report(key, "must be one of \(allowed), got \"\(raw)\"")
            return nil
        }
        return chosen
    }

    mutating func stringArray(_ key: String, default fallback: [String]) -> [String] {
        guard let value = value(key) else { return fallback }
        guard let array = value.array else { return mismatch(key, "an array of strings", value, fallback) }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                diagnostics.report("\(keyPath(key))[\(index)]", "must be a string, got \(element.type)")
                continue
            }
            strings.append(string)
        }
        return strings
    }

    /// An array of numbers, with an exact length when `count` is given, each in `range`.
    mutating func doubleArray(_ key: String, default fallback: [Double], count: Int?, in range: ClosedRange<Double>)
        -> [Double]
    {
        guard let value = value(key) else { return fallback }
        guard let array = value.array else { return mismatch(key, "an array of numbers", value, fallback) }
        var numbers: [Double] = []
        for (index, element) in array.enumerated() {
            let number: Double? = element.type == .int ? element.int.map(Double.init) : element.double
            guard let number, range.contains(number) else {
                diagnostics.report(
                    "\(keyPath(key))[\(index)]",
                    "must be a number \(Self.describe(range)), got \(element.debugDescription)")
                return fallback
            }
            numbers.append(number)
        }
        if let count, numbers.count != count {
            report(key, "must hold \(count) numbers, got \(numbers.count)")
            return fallback
        }
        return numbers
    }

    /// The keys present in this table (for free-form per-name tables such as prices).
    var presentKeys: [String] { table?.keys ?? [] }

    /// A sub-table; reading an absent one gives an empty section (its defaults apply).
    mutating func section(_ key: String) -> TOMLSection {
        guard let value = value(key) else {
            return TOMLSection(table: nil, path: keyPath(key), diagnostics: diagnostics)
        }
        guard let table = value.table else {
            report(key, "must be a table ([\(keyPath(key))]), got \(value.type)")
            return TOMLSection(table: nil, path: keyPath(key), diagnostics: diagnostics)
        }
        return TOMLSection(table: table, path: keyPath(key), diagnostics: diagnostics)
    }

    /// An array of tables (`[[streams]]`).
    mutating func sections(_ key: String) -> [TOMLSection] {
        guard let value = value(key) else { return [] }
        guard let array = value.array else {
            report(key, "must be an array of tables ([[\(keyPath(key))]]), got \(value.type)")
            return []
        }
        var result: [TOMLSection] = []
        for (index, element) in array.enumerated() {
            let elementPath = "\(keyPath(key))[\(index)]"
            guard let table = element.table else {
                diagnostics.report(elementPath, "must be a table, got \(element.type)")
                continue
            }
            result.append(TOMLSection(table: table, path: elementPath, diagnostics: diagnostics))
        }
        return result
    }

    /// Every key of a free-form table (e.g. `[kafka.properties]`) as strings.
    mutating func stringMap() -> [String: String] {
        guard let table else { return [:] }
        var map: [String: String] = [:]
        for key in table.keys {
            consumed.insert(key)
            guard let value = table[key] else { continue }
            switch value.type {
            case .string: map[key] = value.string
            case .int: map[key] = String(value.int ?? 0)
            case .bool: map[key] = (value.bool ?? false) ? "true" : "false"
            case .double: map[key] = String(value.double ?? 0)
            default: report(key, "must be a string, number or boolean, got \(value.type)")
            }
        }
        return map
    }

    /// Reports every key of this table that no read consumed.
    func finish() {
        guard let table else { return }
        let known = consumed
        for key in table.keys where !known.contains(key) {
            var message = "unknown key"
            if let suggestion = known.min(by: { Self.distance($0, key) < Self.distance($1, key) }),
                Self.distance(suggestion, key) <= 3
            {
                message += " (did you mean \"\(suggestion)\"?)"
            } else if !known.isEmpty {
                message += "; known keys here: " + known.sorted().joined(separator: ", ")
            }
            report(key, message)
        }
    }

    private func mismatch<T>(_ key: String, _ expected: String, _ value: any TOMLValueConvertible, _ fallback: T) -> T {
        report(key, "must be \(expected), got \(value.type) \(value.debugDescription)")
        return fallback
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .greatestFiniteMagnitude { return "at least \(format(range.lowerBound))" }
        return "between \(format(range.lowerBound)) and \(format(range.upperBound))"
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
