import ClickstreamAPI
import ClickstreamGenerator
import Foundation

/// Where a stream's truth aggregates go: `<directory>/<topic>.truth.ndjson` (the file sink's
/// directory, whatever the stream's sink), appended to, one row per minute × category ×
/// basis (`TruthAggregates`). Opened like the file sink opens its files: the topic must be a
/// valid name, and a symbolic link in its place is refused.
struct TruthFile {
    private var aggregates: TruthAggregates
    private let directory: String
    private let name: String
    private var file: RotatingFile?
    private var rows = ""

    init(directory: String, topic: String, closeAfterMillis: Int64) {
        aggregates = TruthAggregates(closeAfterMillis: closeAfterMillis)
        self.directory = directory
        name = "\(topic).truth.ndjson"
    }

    var path: String { "\(directory)/\(name)" }

    /// Counts one batch: `facts` of the generated records, `copies` of each sent (nil: one
    /// each); writes the minutes that `eventTime` closed.
    mutating func observe(_ facts: [RecordFacts], copies: [UInt8]?, eventTime: Int64) throws(SinkError) {
        for index in facts.indices {
            aggregates.add(facts[index], deliveredCopies: copies.map { Int($0[index]) } ?? 1)
        }
        aggregates.close(before: eventTime, into: &rows)
        try writeRows()
    }

    /// Writes every open minute (the end of a run).
    mutating func finish() throws(SinkError) {
        aggregates.close(before: nil, into: &rows)
        try writeRows()
    }

    private mutating func writeRows() throws(SinkError) {
        guard !rows.isEmpty else { return }
        defer { rows.removeAll(keepingCapacity: true) }
        if file == nil {
            if let problem = Names.topicProblem(name) { throw SinkError.invalidDestination(name, problem: problem) }
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .io(path: directory, operation: "mkdir", errno: EACCES)
            }
            file = try RotatingFile(directoryPath: directory, name: name, rotateBytes: .max, keepFiles: 1)
        }
        try file!.append(Array(rows.utf8))
    }
}
