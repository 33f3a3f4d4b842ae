import ClickstreamTestSupport
import Foundation
import Testing

/// `clickctl schema show` prints the published schemas (no daemon needed).
@Suite("clickctl schema show")
struct SchemaShowTests {
    static let built = FileManager.default.isExecutableFile(atPath: CLI.executable)

    @Test(
        .enabled(if: built, "clickctl not built"),
        arguments: [
            ("interactions", "avro", "interactions.avsc"), ("sessions", "protobuf", "sessions.proto"),
            ("users", "json_schema", "users.schema.json"), ("products", "json", "products.schema.json"),
        ])
    func printsTheFile(entity: String, format: String, file: String) throws {
        let result = try CLI.run(["schema", "show", entity, "--format", format])
        #expect(result.status == 0, "\(result.output)")
        let expected = try String(
            contentsOf: ProjectPaths.root.appendingPathComponent("schemas/\(file)"), encoding: .utf8)
        #expect(result.output == expected)
    }

    @Test(.enabled(if: built, "clickctl not built"))
    func unknownFormatIsAUsageError() throws {
        let result = try CLI.run(["schema", "show", "users", "--format", "xml"])
        #expect(result.status == 2)
        #expect(result.output.contains("json_schema"), "\(result.output)")
    }
}
