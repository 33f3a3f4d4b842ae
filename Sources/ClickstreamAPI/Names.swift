/// The rules for names that come from outside (RPC, HTTP, config, environment) and end up
/// in a Kafka topic, a file name or a log line. One place, so that clickstreamd, its config
/// loader and clickctl refuse the same names with the same words.
///
/// A topic doubles as the file sink's file name (`<directory>/<topic>.ndjson`), so Kafka's
/// own rule is also what keeps a topic from being a path: no `/`, no NUL, not `.` or `..`.
public enum Names {
    /// Kafka's limit (kafka.common.internals.Topic: 249, so that `<topic>-<partition>`
    /// directory names stay under 255 bytes).
    public static let maxTopicLength = 249
    /// Longest stream name: enough for a descriptive name, short enough for a log line.
    public static let maxStreamNameLength = 128

    /// Why `topic` is not a valid Kafka topic name, or nil when it is.
    public static func topicProblem(_ topic: String) -> String? {
        let bytes = Array(topic.utf8)
        if bytes.isEmpty { return "must not be empty" }
        if bytes.count > maxTopicLength {
            return "must be at most \(maxTopicLength) characters (Kafka's limit), got \(bytes.count)"
        }
        if topic == "." || topic == ".." { return "must not be \".\" or \"..\" (Kafka refuses them)" }
        if let bad = bytes.first(where: { !isTopicByte($0) }) {
            return "may hold only letters, digits, '.', '_' and '-' (Kafka's rule), found \(describe(byte: bad))"
        }
        return nil
    }

    /// Why `name` is not a usable stream name, or nil when it is.
    public static func streamNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "must not be empty" }
        let count = name.unicodeScalars.count
        if count > maxStreamNameLength {
            return "must be at most \(maxStreamNameLength) characters, got \(count)"
        }
        if let bad = name.unicodeScalars.first(where: isControl) {
            return "must not hold control characters, found U+\(hex(bad.value, width: 4))"
        }
        return nil
    }

    static func isTopicByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// `text` with every control character (`isControl`) written as `\u{1B}`: a value from
    /// outside, safe to show on a terminal or in a log line (a refused request's params in
    /// the audit log may hold anything).
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0, DEL, C1, and the line/paragraph separators (they break log lines too).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    private static func describe(byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(hex(UInt32(byte), width: 2))"
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
