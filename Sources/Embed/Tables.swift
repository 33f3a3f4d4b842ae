import Foundation

/// A Swift source that declares one `Vocabulary` array per table column or table, from
/// tab-separated files:
///
/// - Lines starting with `#` are the doc comment of what the file declares; then a header
///   line, then one line per entry, in the order the arrays keep.
/// - A header cell is an init label or array name, with its Swift type after a colon:
///   none (or `StaticString`) for text, written as a string literal; `[StaticString]` for a
///   list of texts separated by `|`; any other type takes the cell as Swift (`-300`,
///   `(24, 71)`, `.mobile`).
/// - `NAME.tsv` declares one array per column, named by its header: `static let NAME:
///   [Type]`. `NAME.TYPE.tsv` declares the row type, `struct TYPE` with one `let` per column
///   (so the header is the one place that names them), and `static let NAME: [TYPE]`, one
///   `TYPE(label: cell, ...)` per line.
/// - A type qualified by its module (`ClickstreamModel.DeviceType`) imports the module.
///
/// Texts stay plain literals (no quotes, backslashes or control characters, rejected here),
/// so encoders copy their bytes straight from the binary's read-only data.
func embedTables(_ files: [URL]) throws -> String {
    let tables = try files.map(Table.init)
    let modules = Set(tables.flatMap(\.columns).compactMap { $0.type.split(separator: ".").dropLast().first })
    var source = "// Written by Embed (EmbedPlugin) from the target's *.tsv files at build time.\n\n"
    source += modules.sorted().map { "import \($0)\n" }.joined() + "\n"
    for table in tables { source += table.rowTypeDeclaration() }
    source += "extension Vocabulary {\n"
    for table in tables { source += try table.declarations() }
    return source + "}\n"
}

struct TableError: Error, CustomStringConvertible {
    var description: String
}

/// One parsed file.
struct Table {
    struct Column {
        var name: String
        var type: String
    }
    let file: String
    let name: String
    /// The element type when every line is one value of it, nil when every column is an array.
    let rowType: String?
    let comment: [String]
    let columns: [Column]
    let rows: [[String]]

    init(_ url: URL) throws {
        file = url.lastPathComponent
        let parts = url.deletingPathExtension().lastPathComponent.split(separator: ".", maxSplits: 1)
        name = String(parts[0])
        rowType = parts.count > 1 ? String(parts[1]) : nil
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        comment = lines.prefix { $0.hasPrefix("#") }.map { String($0.dropFirst()) }
        let table = lines.dropFirst(comment.count).map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let header = table.first else { throw TableError(description: "\(file): no header line") }
        columns = header.map {
            let cell = $0.split(separator: ":", maxSplits: 1)
            return Column(name: String(cell[0]), type: cell.count > 1 ? String(cell[1]) : "StaticString")
        }
        rows = table.dropFirst().map { $0.map(String.init) }
        for (line, row) in rows.enumerated() where row.count != columns.count {
            throw TableError(description: "\(file): entry \(line + 1) has \(row.count) cells, not \(columns.count)")
        }
    }

    /// `struct TYPE` of a `NAME.TYPE.tsv`, documented by the file's comment; "" for the others.
    func rowTypeDeclaration() -> String {
        guard let rowType else { return "" }
        return comment.map { "///\($0)\n" }.joined() + "struct \(rowType): Sendable {\n"
            + columns.map { "    let \($0.name): \($0.type)\n" }.joined() + "}\n\n"
    }

    func declarations() throws -> String {
        guard let rowType else {
            let doc = comment.map { "    ///\($0)\n" }.joined()
            return try columns.indices.map { c in
                let values = try rows.map { try literal($0[c], columns[c].type) }
                return doc + "    static let \(columns[c].name): [\(columns[c].type)] = [\n"
                    + values.map { "        \($0),\n" }.joined() + "    ]\n"
            }.joined()
        }
        var source = "    /// The rows of \(file).\n    static let \(name): [\(rowType)] = [\n"
        for row in rows {
            let arguments = try zip(columns, row).map { "\($0.name): " + (try literal($1, $0.type)) }
            source += "        \(rowType)(\(arguments.joined(separator: ", "))),\n"
        }
        return source + "    ]\n"
    }

    /// The Swift expression of one cell.
    func literal(_ cell: String, _ type: String) throws -> String {
        switch type {
        case "StaticString":
            if cell.unicodeScalars.contains(where: { $0 == "\"" || $0 == "\\" || $0.value < 0x20 }) {
                throw TableError(description: "\(file): \(cell) has a quote, backslash or control character")
            }
            return "\"\(cell)\""
        case "[StaticString]":
            let items = try cell.split(separator: "|").map {
                try literal($0.trimmingCharacters(in: .whitespaces), "StaticString")
            }
            return "[\(items.joined(separator: ", "))]"
        default:
            return cell
        }
    }
}
