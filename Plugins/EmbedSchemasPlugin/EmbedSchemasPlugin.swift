import Foundation
import PackagePlugin

/// Embeds the published schemas (schemas/*.avsc, *.proto, *.schema.json) into the target:
/// one build command runs EmbedSchemas on them into a Swift source in the plugin's work
/// directory, rebuilt whenever a schema file changes.
@main
struct EmbedSchemasPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let directory = context.package.directoryURL.appendingPathComponent("schemas")
        let schemas = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { ["avsc", "proto", "json"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("SchemaTexts+Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(schemas.count) schemas from schemas/",
                executable: try context.tool(named: "EmbedSchemas").url,
                arguments: [output.path] + schemas.map(\.path),
                inputFiles: schemas,
                outputFiles: [output])
        ]
    }
}
