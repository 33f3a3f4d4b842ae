import ClickstreamAPI
import Testing

@Suite("Client text tables")
struct ClientTextTableTests {
    @Test func columnsAlignLeftAndRightWithoutTrailingSpaces() {
        var table = TextTable(columns: [.init("ID"), .init("RATE", .right), .init("NAME")])
        table.append(["s-1", "10k", "clicks"])
        table.append(["s-22", "500", "x"])
        #expect(
            table.render() == """
                ID    RATE  NAME
                s-1    10k  clicks
                s-22   500  x
                """)
    }

    @Test func shortRowsArePaddedAndLongRowsTrimmed() {
        var table = TextTable(columns: [.init("A"), .init("B")])
        table.append(["1"])
        table.append(["2", "3", "dropped"])
        #expect(table.rows == [["1", ""], ["2", "3"]])
        #expect(table.render() == "A  B\n1\n2  3")
    }

    @Test func stylingWrapsPaddedCellsSoEscapesDoNotShiftColumns() {
        var table = TextTable(columns: [.init("STATE"), .init("N", .right)])
        table.append(["running", "1"])
        table.append(["failed", "22"])
        let styled = table.render { row, column, text in column == 0 && row >= 0 ? "<\(text)>" : text }
        #expect(
            styled == """
                STATE     N
                <running>   1
                <failed >  22
                """)
        let plain = styled.replacingOccurrences(of: "<", with: "").replacingOccurrences(of: ">", with: "")
        #expect(plain == table.render())
    }

    @Test func anEmptyTableIsItsHeader() {
        let table = TextTable(columns: [.init("ID"), .init("RATE", .right)])
        #expect(table.render() == "ID  RATE")
    }

    @Test("cells from the daemon cannot drive the terminal: control characters are shown escaped")
    func controlCharactersAreEscaped() {
        var table = TextTable(columns: [.init("STREAM"), .init("PARAMS")])
        table.append(["../../etc\u{0}x", "name=evil\u{1B}[31mred\u{2028}"])
        let text = table.render()
        #expect(!text.contains("\u{1B}") && !text.contains("\u{0}") && !text.contains("\u{2028}"), "\(text)")
        #expect(text.contains(#"../../etc\u{0}x"#) && text.contains(#"name=evil\u{1B}[31mred\u{2028}"#), "\(text)")
        #expect(Names.printable("plain") == "plain")
    }
}
