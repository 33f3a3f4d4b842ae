/// Walks the top-level fields of one JSON object in place: key and value as byte ranges,
/// no allocation, no Foundation.
///
/// The sinks that store records as fields (Redis flat streams, the session view, Postgres
/// rows) read the generator's own encoding back: it is always one flat-ish object, and a
/// nested value is handed over as its raw JSON text.
struct TopLevelJSON {
    enum ValueKind: Sendable, Equatable { case string, number, literal, null, nested }

    struct Field {
        /// The key's bytes without quotes (the generator never escapes keys).
        var key: Range<Int>
        /// A string value's bytes without quotes (still escaped); other values verbatim.
        var value: Range<Int>
        var kind: ValueKind
        /// Whether a string value contains escapes (`unescape` it before use).
        var escaped: Bool
    }

    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Calls `body` with each field in order; stops early when it returns false. Returns
    /// false when the text is not a JSON object.
    @discardableResult
    func forEachField(_ body: (Field) -> Bool) -> Bool {
        var i = skipSpace(0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return false }
        i = skipSpace(i + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return true }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\""), let (keyEnd, _) = stringEnd(i + 1) else { return false }
            let key = (i + 1)..<keyEnd
            i = skipSpace(keyEnd + 1)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i = skipSpace(i + 1)
            guard i < bytes.count else { return false }
            let field: Field
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let (end, escaped) = stringEnd(i + 1) else { return false }
                field = Field(key: key, value: (i + 1)..<end, kind: .string, escaped: escaped)
                i = end + 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard let end = nestedEnd(i) else { return false }
                field = Field(key: key, value: i..<end, kind: .nested, escaped: false)
                i = end
            default:
                var end = i
                while end < bytes.count, !Self.isDelimiter(bytes[end]) { end += 1 }
                let first = bytes[i]
                let kind: ValueKind =
                    first == UInt8(ascii: "n")
                    ? .null
                    : (first == UInt8(ascii: "t") || first == UInt8(ascii: "f")) ? .literal : .number
                field = Field(key: key, value: i..<end, kind: kind, escaped: false)
                i = end
            }
            guard body(field) else { return true }
            i = skipSpace(i)
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: "}") { return true }
            guard bytes[i] == UInt8(ascii: ",") else { return false }
            i = skipSpace(i + 1)
        }
        return false
    }

    /// The value of the first field named `name`, if any.
    func field(_ name: StaticString) -> Field? {
        var found: Field?
        forEachField { field in
            if equals(field.key, name) {
                found = field
                return false
            }
            return true
        }
        return found
    }

    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let start = name.utf8Start
        for offset in 0..<range.count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    /// Appends the unescaped text of a string value to `out` (UTF-8).
    func unescape(_ range: Range<Int>, into out: inout [UInt8]) {
        var i = range.lowerBound
        while i < range.upperBound {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < range.upperBound else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = bytes[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i, end: range.upperBound) else { continue }
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= range.upperBound, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(i + 2, end: range.upperBound),
                    (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                Self.appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(escape)  // \" \\ \/
            }
        }
    }

    private func hex4(_ start: Int, end: Int) -> UInt32? {
        guard start + 4 <= end else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let c = bytes[start + offset]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        for unit in UTF8.encode(scalar)! { out.append(unit) }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: " ") || byte == 0x0a
            || byte == 0x0d || byte == 0x09
    }

    private func skipSpace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// The index of the closing quote of a string starting at `start`, and whether it has escapes.
    private func stringEnd(_ start: Int) -> (Int, Bool)? {
        var i = start
        var escaped = false
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): return (i, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                i += 2
            default: i += 1
            }
        }
        return nil
    }

    /// One past the end of the object or array starting at `start`.
    private func nestedEnd(_ start: Int) -> Int? {
        var depth = 0
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                guard let (end, _) = stringEnd(i + 1) else { return nil }
                i = end
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return nil
    }
}
