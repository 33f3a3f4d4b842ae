import ClickstreamModel
import Foundation
import Testing

@testable import ClickstreamGenerator

/// The schemas in schemas/ are the contract of the encoders: Tests/SchemaSupport/schema_contract.py
/// checks the JSON records against the .avsc, .proto and .schema.json (fields in order,
/// types, enums, nullability) and decodes the Avro and Protobuf values of the same records
/// back to the JSON ones.
@Suite("Schema contract")
struct SchemaContractTests {
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".venv/bin/python")
    static let available =
        FileManager.default.isExecutableFile(atPath: python.path)
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/protoc")

    /// Records of `type` in `format` (schema id 1), the same (seed, stream) for every format.
    static func values(_ type: DataType, _ format: RecordFormat, count: Int) -> [[UInt8]] {
        var g = StreamGenerator(
            dataType: type, world: World(config: smallConfig()), streamSeed: 11, timeMode: backfill(days: 30),
            startMillis: jan2025, encoding: RecordEncoding(format: format, schemaID: 1))
        var batch = EncodedBatch()
        var out: [[UInt8]] = []
        while out.count < count && !g.isFinished {
            batch.removeAll()
            g.generate(count: min(500, count - out.count), into: &batch)
            for i in 0..<batch.count { out.append(Array(batch.value(at: i))) }
        }
        return out
    }

    @Test(.enabled(if: available, "needs .venv (scripts/setup) and protoc"))
    func encodersMatchTheSchemas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("schema-contract-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for type in DataType.allCases {
            let count = type == .sessions ? 400 : 1000
            let json = Self.values(type, .json, count: count)
            try Data(json.map { $0 + [0x0A] }.joined()).write(
                to: directory.appendingPathComponent("\(type.rawValue).json"))
            for format in [RecordFormat.avro, .protobuf, .jsonSchema] {
                let values = Self.values(type, format, count: count)
                #expect(values.count == json.count)
                var framed: [UInt8] = []
                for v in values {
                    let n = UInt32(v.count)
                    framed += [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] + v
                }
                try Data(framed).write(to: directory.appendingPathComponent("\(type.rawValue).\(format.rawValue).bin"))
            }
        }
        let script = Self.python.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/SchemaSupport/schema_contract.py")
        let process = Process()
        process.executableURL = Self.python
        process.arguments = [script.path, directory.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "schema_contract.py:\n\(output)")
        print(output)
    }
}
