import ArgumentParser
import ClickstreamAPI
import ClickstreamModel

extension RecordFormat: ExpressibleByArgument {}

/// `clickctl schema show`: the published schemas (schemas/ in the repository), embedded in
/// clickctl, so no daemon is needed.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show the schemas of the records (Avro, Protobuf, JSON Schema).",
        subcommands: [SchemaShow.self])
}

struct SchemaShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the schema of one record type.",
        discussion: """
            Examples:
              clickctl schema show interactions --format avro
              clickctl schema show sessions --format protobuf > sessions.proto
            The json and json_schema formats both print the JSON Schema (2020-12).
            """)

    @Argument(help: ArgumentHelp("users, products, interactions or sessions.", valueName: "entity"))
    var entity: DataType

    @Option(help: "avro (.avsc), protobuf (.proto), json_schema or json (.schema.json).")
    var format: RecordFormat = .avro

    func run() throws {
        print(SchemaTexts.text(for: entity, format: format))
    }
}
