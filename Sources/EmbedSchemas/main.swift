import Foundation

/// `EmbedSchemas OUTPUT FILE...`: writes OUTPUT, a Swift source that gives `SchemaTexts.files`
/// each FILE's text (keyed by its file name, without the final newline) as a string literal.
/// EmbedSchemasPlugin runs it on schemas/ at every build of ClickstreamModel, so the daemon
/// registers and clickctl prints the published files and the tree holds one copy of them.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedSchemas OUTPUT FILE...\n".utf8))
    exit(2)
}

/// A raw string literal of `text`, with as many `#` as it takes for none of its own quotes
/// or backslashes to end the literal or start an interpolation.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}

var source = """
    // Written by EmbedSchemas (EmbedSchemasPlugin) from schemas/ at build time.

    extension SchemaTexts {
        static let files: [String: String] = [

    """
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    var text = try String(contentsOf: url, encoding: .utf8)
    if text.hasSuffix("\n") { text.removeLast() }
    source += "\"\(url.lastPathComponent)\": " + literal(text) + ",\n"
}
source += "    ]\n}\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)
