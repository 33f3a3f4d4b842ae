/// Reads configuration from environment variables: trimmed, non-empty values and integers in
/// a range. A malformed value becomes an issue naming the variable; it is never ignored.
struct EnvironmentReader {
    let environment: [String: String]
    private(set) var issues: [ConfigIssue] = []

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    mutating func bad(_ name: String, _ message: String) {
        issues.append(ConfigIssue(keyPath: "env \(name)", line: nil, message: message))
    }

    /// The variable's value, trimmed; nil when unset or blank.
    func value(_ name: String) -> String? {
        guard let raw = environment[name]?.trimmingWhitespace(), !raw.isEmpty else { return nil }
        return raw
    }

    /// The variable as an integer in `range`; nil (and an issue) when it is something else.
    mutating func int(_ name: String, _ range: ClosedRange<Int>) -> Int? {
        guard let raw = value(name) else { return nil }
        guard let number = Int(raw), range.contains(number) else {
            bad(name, "must be an integer \(TOMLSection.describe(range)), got \"\(raw)\"")
            return nil
        }
        return number
    }
}
