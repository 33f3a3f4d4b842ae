/// A plain-text table with aligned columns, as clickctl prints streams.
///
/// Widths are measured on the unstyled text; colour is applied after padding (through
/// `style`), so escape codes never throw the alignment off.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []
    /// Spaces between columns.
    public var gap = 2

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row; missing cells are empty, extra cells are dropped. Cells come from the daemon
    /// (names, destinations, errors, audit params), so control characters are shown escaped,
    /// never sent to the terminal.
    public mutating func append(_ row: [String]) {
        let cells = row.map(Names.printable)
        rows.append(
            Array((cells + Array(repeating: "", count: max(0, columns.count - cells.count))).prefix(columns.count)))
    }

    /// The table as lines without trailing spaces, the header first. `style(row, column, text)`
    /// may wrap each padded cell in escape codes; the header is row -1.
    public func render(style: ((_ row: Int, _ column: Int, _ text: String) -> String)? = nil) -> String {
        let widths = columns.indices.map { column in
            rows.reduce(columns[column].title.count) { max($0, $1[column].count) }
        }
        func line(_ cells: [String], row: Int) -> String {
            var out = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let isLast = column == cells.count - 1
                var padded: String
                switch columns[column].alignment {
                case .left: padded = cell + (isLast ? "" : padding)
                case .right: padded = padding + cell
                }
                if let style { padded = style(row, column, padded) }
                out += padded
                if !isLast { out += String(repeating: " ", count: gap) }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out
        }
        var lines = [line(columns.map(\.title), row: -1)]
        for (index, row) in rows.enumerated() { lines.append(line(row, row: index)) }
        return lines.joined(separator: "\n")
    }
}
