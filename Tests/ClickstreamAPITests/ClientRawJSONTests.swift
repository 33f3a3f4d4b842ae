import ClickstreamAPI
import Testing

@Suite("Client raw JSON: exact bytes, daemon order")
struct ClientRawJSONTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    private func text(_ slice: ArraySlice<UInt8>?) -> String? { slice.map { String(decoding: $0, as: UTF8.self) } }

    @Test func membersKeepTheirExactBytes() throws {
        let line = bytes(#"{"jsonrpc":"2.0","id":7,"result":{"b":1.50,"a":[1,{"x":"}"}]},"s":"a\"b"}"#)
        let members = try #require(RawJSON.members(of: line))
        #expect(text(members["result"]) == #"{"b":1.50,"a":[1,{"x":"}"}]}"#)
        #expect(text(members["id"]) == "7")
        #expect(text(members["s"]) == #""a\"b""#)
        #expect(members.count == 4)
    }

    @Test func nonObjectsAndTruncatedInputGiveNil() {
        #expect(RawJSON.members(of: bytes("[1,2]")) == nil)
        #expect(RawJSON.members(of: bytes(#"{"a":"#)) == nil)
        #expect(RawJSON.members(of: bytes(#"{"a":[1,2"#)) == nil)
        #expect(RawJSON.members(of: bytes("{}"))?.isEmpty == true)
    }

    @Test func arrayElementsSplitAtTopLevelOnly() throws {
        let elements = try #require(RawJSON.elements(of: bytes(#" [ {"a":[1,2]}, "x,y", 3 , null ] "#)))
        #expect(elements.map { String(decoding: $0, as: UTF8.self) } == [#"{"a":[1,2]}"#, #""x,y""#, "3", "null"])
        #expect(RawJSON.elements(of: bytes("[]"))?.isEmpty == true)
        #expect(RawJSON.elements(of: bytes("{}")) == nil)
    }

    @Test func prettyPrintingKeepsOrderAndNumbers() {
        let pretty = RawJSON.prettyPrinted(
            bytes(#"{"user_id":"u-1","age":31,"spent":12.50,"tags":["a","b"],"none":{},"list":[],"ok":true}"#))
        #expect(
            pretty == """
                {
                  "user_id": "u-1",
                  "age": 31,
                  "spent": 12.50,
                  "tags": [
                    "a",
                    "b"
                  ],
                  "none": {},
                  "list": [],
                  "ok": true
                }
                """)
    }

    @Test func paintColoursKeysApartFromStringValues() {
        let marks: [RawJSON.Token: String] = [.key: "K", .string: "S", .number: "N", .literal: "L"]
        let pretty = RawJSON.prettyPrinted(bytes(#"[{"k":"v","n":-1,"z":null}]"#), indent: 1) { marks[$0]! + $1 + "/" }
        #expect(
            pretty == """
                [
                 {
                  K"k"/: S"v"/,
                  K"n"/: N-1/,
                  K"z"/: Lnull/
                 }
                ]
                """)
    }
}
