import Foundation

/// Finds the line of each key in a TOML document, so that a config error can say where.
///
/// TOMLKit does not expose source positions of values; this scanner follows table headers
/// (`[daemon]`, `[[streams]]`, counting array-of-tables entries) and `key = value` lines and
/// records the line of every key path (`daemon.socket_path`, `streams[2].rate`). It is only
/// a locator: the document itself is parsed by TOMLKit, and a path it misses has no line.
struct KeyLineIndex: Sendable {
    private var lines: [String: Int] = [:]

    init(source: String) {
        var prefix = ""
        var arrayCounts: [String: Int] = [:]
        var inMultilineString = false
        var lineNumber = 0
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingSpaces()
            if inMultilineString {
                if line.contains("\"\"\"") || line.contains("'''") { inMultilineString = false }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line, open: "[[", close: "]]")
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                prefix = "\(name)[\(index)]"
                lines[prefix] = lineNumber
                continue
            }
            if line.hasPrefix("[") {
                let name = Self.headerName(line, open: "[", close: "]")
                prefix = Self.resolve(name, arrayCounts: arrayCounts)
                lines[prefix] = lineNumber
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingSpaces()
                .split(separator: ".").map { $0.trimmingSpaces().trimmingQuotes() }.joined(separator: ".")
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if lines[path] == nil { lines[path] = lineNumber }
            let value = line[line.index(after: equals)...]
            let triples = value.components("\"\"\"") + value.components("'''")
            if triples % 2 == 1 { inMultilineString = true }
        }
    }

    /// The line of `keyPath`, or of its nearest enclosing table when the key is absent.
    func line(of keyPath: String) -> Int? {
        var path = Substring(keyPath)
        while true {
            if let line = lines[String(path)] { return line }
            guard let dot = path.lastIndex(of: ".") else { return nil }
            path = path[..<dot]
        }
    }

    private static func headerName(_ line: String, open: String, close: String) -> String {
        var name = Substring(line.dropFirst(open.count))
        if let end = name.range(of: close) { name = name[..<end.lowerBound] }
        return name.split(separator: ".").map { $0.trimmingSpaces().trimmingQuotes() }.joined(separator: ".")
    }

    /// `[streams.extra]` inside the third `[[streams]]` means `streams[2].extra`.
    private static func resolve(_ name: String, arrayCounts: [String: Int]) -> String {
        let parts = name.split(separator: ".").map(String.init)
        var resolved: [String] = []
        var sofar = ""
        for part in parts {
            sofar = sofar.isEmpty ? part : "\(sofar).\(part)"
            if let count = arrayCounts[sofar], count > 0 {
                resolved.append("\(part)[\(count - 1)]")
            } else {
                resolved.append(part)
            }
        }
        return resolved.joined(separator: ".")
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }

    fileprivate func trimmingQuotes() -> String {
        if count >= 2, let first = first, first == "\"" || first == "'", last == first {
            return String(dropFirst().dropLast())
        }
        return String(self)
    }

    fileprivate func components(_ separator: String) -> Int {
        var count = 0
        var rest = Substring(self)
        while let range = rest.range(of: separator) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}
