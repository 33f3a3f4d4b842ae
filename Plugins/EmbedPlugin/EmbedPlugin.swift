import Foundation
import PackagePlugin

/// Turns data files into Swift sources at build time, with the Embed tool, so the tree holds
/// one copy of the data and the binary carries it as literals: ClickstreamModel gets the
/// published schemas (schemas/*.avsc, *.proto, *.schema.json) as texts, any other target its
/// own tables (`*.tsv`, see Sources/Embed/Tables.swift). One build command, rerun whenever
/// one of the files changes.
@main
struct EmbedPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let mode: String
        var files: [URL]
        if target.name == "ClickstreamModel" {
            mode = "texts"
            files = try FileManager.default.contentsOfDirectory(
                at: context.package.directoryURL.appendingPathComponent("schemas"), includingPropertiesForKeys: nil
            ).filter { ["avsc", "proto", "json"].contains($0.pathExtension) }
        } else {
            mode = "tables"
            files = target.sourceModule?.sourceFiles(withSuffix: "tsv").map(\.url) ?? []
        }
        files.sort { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(target.name)+Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) \(mode) into \(target.name)",
                executable: try context.tool(named: "Embed").url,
                arguments: [mode, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }
}
