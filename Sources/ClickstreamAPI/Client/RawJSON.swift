/// JSON handled as text: picking members out of an object without re-encoding them, and
/// re-indenting a document for people.
///
/// clickctl shows what the daemon sent, in the daemon's field order (user_id first, not
/// sorted alphabetically) and with its exact numbers; decoding into dictionaries and encoding
/// again would lose both. Validation is not this type's job: callers parse with
/// `JSONDecoder` too.
public enum RawJSON {
    /// The members of the top-level object in `bytes`, each value as its exact bytes.
    /// Nil when `bytes` is not an object.
    public static func members(of bytes: [UInt8]) -> [String: ArraySlice<UInt8>]? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var members: [String: ArraySlice<UInt8>] = [:]
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return members }
        while true {
            scanner.skipWhitespace()
            guard let keyRange = scanner.skipString() else { return nil }
            let key = unescapedKey(bytes[keyRange])
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            guard let valueRange = scanner.skipValue() else { return nil }
            members[key] = bytes[valueRange]
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "}")) { return members }
            return nil
        }
    }

    /// The elements of the top-level array in `bytes`, each as its exact bytes. Nil when
    /// `bytes` is not an array.
    public static func elements(of bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.consume(UInt8(ascii: "[")) else { return nil }
        var elements: [ArraySlice<UInt8>] = []
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "]")) { return elements }
        while true {
            scanner.skipWhitespace()
            guard let range = scanner.skipValue() else { return nil }
            elements.append(bytes[range])
            scanner.skipWhitespace()
            if scanner.consume(UInt8(ascii: ",")) { continue }
            if scanner.consume(UInt8(ascii: "]")) { return elements }
            return nil
        }
    }

    /// What `prettyPrinted` can colour: keys, string values, numbers, and true/false/null.
    public enum Token: Sendable {
        case key, string, number, literal
    }

    /// `bytes` (valid JSON) re-indented by `indent` spaces, tokens unchanged; empty objects and
    /// arrays stay on one line. With `paint`, each key, string, number and literal is written as
    /// `paint` makes it (the caller's terminal colours).
    public static func prettyPrinted(
        _ bytes: some Collection<UInt8>, indent: Int = 2, paint: ((Token, String) -> String)? = nil
    ) -> String {
        let bytes = Array(bytes)
        var scanner = Scanner(bytes: bytes)
        var out = ""
        var depth = 0
        /// Per open container: whether it is an object (whose next string is a key).
        var containers: [Bool] = []
        var expectKey = false
        func newline() { out += "\n" + String(repeating: " ", count: depth * indent) }
        func write(_ text: String, _ token: Token) { out += paint?(token, text) ?? text }

        while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek else { break }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                scanner.index += 1
                let isObject = byte == UInt8(ascii: "{")
                scanner.skipWhitespace()
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if scanner.consume(close) {
                    out += isObject ? "{}" : "[]"
                    expectKey = false
                    continue
                }
                out += isObject ? "{" : "["
                containers.append(isObject)
                expectKey = isObject
                depth += 1
                newline()
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                scanner.index += 1
                containers.removeLast()
                depth -= 1
                newline()
                out += byte == UInt8(ascii: "}") ? "}" : "]"
            case UInt8(ascii: ","):
                scanner.index += 1
                out += ","
                expectKey = containers.last ?? false
                newline()
            case UInt8(ascii: ":"):
                scanner.index += 1
                out += ": "
            case UInt8(ascii: "\""):
                guard let range = scanner.skipString() else { return out + text(bytes[scanner.index...]) }
                write(text(bytes[range]), expectKey ? .key : .string)
                expectKey = false
            default:
                let start = scanner.index
                scanner.skipScalar()
                if scanner.index == start { scanner.index += 1 }
                let token = text(bytes[start..<scanner.index])
                write(token, token.first.map { $0 == "-" || $0.isNumber } == true ? .number : .literal)
            }
        }
        return out
    }

    static func text(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    private static func unescapedKey(_ quoted: ArraySlice<UInt8>) -> String {
        let inner = quoted.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return text(inner) }
        // Rare: fall back to a tiny unescape of the common escapes.
        var result = ""
        var iterator = text(inner).makeIterator()
        while let character = iterator.next() {
            guard character == "\\", let escaped = iterator.next() else {
                result.append(character)
                continue
            }
            switch escaped {
            case "n": result.append("\n")
            case "t": result.append("\t")
            default: result.append(escaped)
            }
        }
        return result
    }

    /// A cursor over JSON bytes that can step over whole tokens and values.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// Steps over a string starting at `index`; returns its range, quotes included.
        mutating func skipString() -> Range<Int>? {
            let start = index
            guard consume(UInt8(ascii: "\"")) else { return nil }
            while let byte = peek {
                index += 1
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { return start..<index }
            }
            return nil
        }

        /// Steps over a number, true, false or null.
        mutating func skipScalar() {
            while let byte = peek,
                !(byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                    || byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09)
            {
                index += 1
            }
        }

        /// Steps over any value; returns its range.
        mutating func skipValue() -> Range<Int>? {
            let start = index
            guard let byte = peek else { return nil }
            switch byte {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while let current = peek {
                    switch current {
                    case UInt8(ascii: "\""):
                        guard skipString() != nil else { return nil }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return start..<index
                        }
                    default: break
                    }
                    index += 1
                }
                return nil
            default:
                skipScalar()
                return index > start ? start..<index : nil
            }
        }
    }
}
