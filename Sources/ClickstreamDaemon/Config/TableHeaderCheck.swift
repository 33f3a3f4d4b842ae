/// Finds a table header with no name (`[` or `[[` followed by the end of the line, a comment
/// or any character that cannot start a key) before the text reaches toml++.
///
/// toml++ (inside TOMLKit) asserts on such a header before it reports it: a debug build
/// (`make run`, the tests) aborts, where a release build answers "expected bare key". Found
/// by `make fuzz` (config target, inputs `[\n` and `[\u{03}`); the check gives every build the error.
/// Brackets inside values (nested arrays over several lines) and strings are skipped.
enum TableHeaderCheck {
    /// A bare key character or a string delimiter: what toml++ asserts a header starts with.
    static func startsKey(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            true
        default:
            false
        }
    }

    /// The 1-based line of the first header whose name does not start with a key character
    /// (or is missing), or nil.
    static func namelessHeaderLine(in text: String) -> Int? {
        let bytes = Array(text.utf8)
        var i = 0
        var line = 1
        var depth = 0  // open brackets of array values
        var lineStart = true
        func at(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = true
                i += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                i += 1
                continue
            case UInt8(ascii: "#"):
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let triple = at(1) == c && at(2) == c
                i += triple ? 3 : 1
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "\\") && c == UInt8(ascii: "\"") {
                        i += 2
                        continue
                    }
                    if bytes[i] == UInt8(ascii: "\n") {
                        if !triple { break }
                        line += 1
                    }
                    if bytes[i] == c && (!triple || (at(1) == c && at(2) == c)) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
            case UInt8(ascii: "["):
                if lineStart && depth == 0 {
                    i += at(1) == UInt8(ascii: "[") ? 2 : 1
                    while let next = at(0), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") { i += 1 }
                    guard let first = at(0), startsKey(first) else { return line }
                    while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }  // the rest of the header
                    continue
                }
                depth += 1
                i += 1
            case UInt8(ascii: "]"):
                depth = max(0, depth - 1)
                i += 1
            default:
                i += 1
            }
            lineStart = false
        }
        return nil
    }
}
