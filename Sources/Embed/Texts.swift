import Foundation

/// A Swift source that gives `SchemaTexts.files` each file's text (keyed by its file name,
/// without the final newline) as a string literal, so the daemon registers and clickctl
/// prints the published files of schemas/.
func embedTexts(_ files: [URL]) throws -> String {
    var source = """
        // Written by Embed (EmbedPlugin) from schemas/ at build time.

        extension SchemaTexts {
            static let files: [String: String] = [

        """
    for url in files {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasSuffix("\n") { text.removeLast() }
        source += "\"\(url.lastPathComponent)\": " + rawLiteral(text) + ",\n"
    }
    return source + "    ]\n}\n"
}

/// A raw string literal of `text`, with as many `#` as it takes for none of its own quotes
/// or backslashes to end the literal or start an interpolation.
func rawLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
}
