import Foundation
import Logging
import Synchronization

/// The log level every daemon logger follows; a reload changes it in place.
final class SharedLogLevel: Sendable {
    private let raw = Atomic<UInt8>(2)
    static let shared = SharedLogLevel()

    var level: Logger.Level {
        get { Logger.Level.allCases[Int(raw.load(ordering: .relaxed))] }
        set { raw.store(UInt8(Logger.Level.allCases.firstIndex(of: newValue) ?? 2), ordering: .relaxed) }
    }
}

/// Writes log lines to standard error (journald picks them up), as text or as JSON lines.
///
/// Text: `2025-01-01T10:00:00.000Z info clickstreamd: stream started stream=... rate=50`.
/// JSON: `{"ts":"...","level":"info","logger":"clickstreamd","msg":"stream started","stream":"..."}`.
struct DaemonLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    var logLevel: Logger.Level {
        get { SharedLogLevel.shared.level }
        set { SharedLogLevel.shared.level = newValue }
    }

    init(label: String, format: LogFormat) {
        self.label = label
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let timestamp = ISO8601.string(Date())
        var line: String
        switch format {
        case .text:
            line = "\(timestamp) \(event.level) \(label): \(event.message)"
            for key in all.keys.sorted() { line += " \(key)=\(all[key]!)" }
        case .json:
            var object: [String: String] = [
                "ts": timestamp, "level": "\(event.level)", "logger": label, "msg": "\(event.message)",
            ]
            for (key, value) in all where object[key] == nil { object[key] = "\(value)" }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            line = (try? encoder.encode(object)).flatMap { String(data: $0, encoding: .utf8) } ?? "\(event.message)"
        }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
