import Foundation

/// `Embed texts|tables OUTPUT FILE...`: writes OUTPUT, a Swift source made of data files, so
/// the tree holds one copy of the data and the binary carries it as literals. EmbedPlugin runs
/// it at build time: `texts` on schemas/ for ClickstreamModel (`Texts.swift`), `tables` on a
/// target's own `*.tsv` files (`Tables.swift`, the generator's vocabularies).
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2, let embed = ["texts": embedTexts, "tables": embedTables][arguments[0]] else {
    FileHandle.standardError.write(Data("usage: Embed texts|tables OUTPUT FILE...\n".utf8))
    exit(2)
}
do {
    let source = try embed(arguments.dropFirst(2).map(URL.init(fileURLWithPath:)))
    try source.write(toFile: arguments[1], atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("Embed: \(error)\n".utf8))
    exit(1)
}
