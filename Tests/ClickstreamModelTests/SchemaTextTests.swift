import ClickstreamModel
import Foundation
import Testing

/// The embedded schema texts (what the daemon registers, what `clickctl schema show`
/// prints) are the files in schemas/, byte for byte (EmbedPlugin embeds them at build
/// time; this checks that a build picks up every file, and picks it up whole).
@Suite("Schema texts")
struct SchemaTextTests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas")

    @Test(arguments: DataType.allCases)
    func embeddedTextsAreTheFiles(_ type: DataType) throws {
        for format in [RecordFormat.avro, .protobuf, .jsonSchema] {
            let file = Self.schemas.appendingPathComponent(SchemaTexts.fileName(for: type, format: format))
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(
                SchemaTexts.text(for: type, format: format) + "\n" == text,
                "\(file.lastPathComponent) differs from the embedded copy")
        }
    }

    /// The Confluent framing: magic byte 0, the id big-endian, [0] for Protobuf's first message.
    @Test func framingPrefixes() {
        var buffer = [UInt8](repeating: 0xEE, count: 16)
        for (format, expected) in [
            (RecordFormat.json, [UInt8]()), (.avro, [0, 0x01, 0x02, 0x03, 0x04]),
            (.jsonSchema, [0, 0x01, 0x02, 0x03, 0x04]), (.protobuf, [0, 0x01, 0x02, 0x03, 0x04, 0]),
        ] {
            let encoding = RecordEncoding(format: format, schemaID: 0x0102_0304)
            let written = buffer.withUnsafeMutableBufferPointer { raw -> [UInt8] in
                var w = ByteWriter(raw.baseAddress!, capacity: raw.count)
                encoding.writePrefix(into: &w)
                return Array(w.written)
            }
            #expect(written == expected, "\(format)")
            #expect(encoding.prefixBytes == expected.count)
        }
    }

    /// Avro zig-zag varints and the length reserve that moves long bodies (spec examples).
    @Test func avroPrimitives() {
        var buffer = [UInt8](repeating: 0, count: 512)
        func bytes(_ body: (inout ByteWriter) -> Void) -> [UInt8] {
            buffer.withUnsafeMutableBufferPointer { raw in
                var w = ByteWriter(raw.baseAddress!, capacity: raw.count)
                body(&w)
                return Array(w.written)
            }
        }
        #expect(bytes { $0.avroLong(0) } == [0x00])
        #expect(bytes { $0.avroLong(-1) } == [0x01])
        #expect(bytes { $0.avroLong(1) } == [0x02])
        #expect(bytes { $0.avroLong(-64) } == [0x7F])
        #expect(bytes { $0.avroLong(64) } == [0x80, 0x01])
        #expect(bytes { $0.avroString("foo") } == [0x06, 0x66, 0x6F, 0x6F])
        let long = bytes { w in w.avroString { for _ in 0..<200 { $0.byte(0x61) } } }
        #expect(
            Array(long.prefix(2)) == [0x90, 0x03] && long.count == 202 && long.dropFirst(2).allSatisfy { $0 == 0x61 })
        let proto = bytes { w in w.protoDelimited(2) { for _ in 0..<300 { $0.byte(0x62) } } }
        #expect(Array(proto.prefix(3)) == [0x12, 0xAC, 0x02] && proto.count == 303)
        #expect(bytes { $0.protoInt(1, 150) } == [0x08, 0x96, 0x01])
        #expect(bytes { $0.protoInt(1, 0) } == [])
        #expect(
            bytes { $0.protoTimestamp(5, millis: 1_500) } == [
                0x2A, 0x08, 0x08, 0x01, 0x10, 0x80, 0xCA, 0xB5, 0xEE, 0x01,
            ])
    }
}
