import ClickstreamAPI
import ClickstreamKafka
import ClickstreamModel
import Foundation
import Synchronization

/// Writes records as NDJSON, one file per destination (`<directory>/<topic>.ndjson`),
/// rotated by size. The embedded default when no broker is configured.
///
/// Files are opened only inside `directory`: a destination must be a valid topic name (no
/// `/`, not `..`), and `RotatingFile` refuses a symbolic link in its place.
///
/// A record counts as delivered once the kernel has it (write(2) returned); a write error
/// counts the whole batch failed and is thrown to the worker.
final class FileSink: RecordSink {
    let directory: String
    private let rotateBytes: Int
    private let keepFiles: Int
    private let files = Mutex<[String: FileSlot]>([:])

    /// One destination's file and the lock writers of that destination share, so that
    /// streams writing different files never wait on each other.
    private final class FileSlot: Sendable {
        let state: Mutex<(file: RotatingFile?, scratch: [UInt8])>
        init() { state = Mutex((nil, [])) }
    }

    init(settings: FileSinkSettings) {
        directory = settings.directory
        rotateBytes = settings.rotateBytes
        keepFiles = settings.keepFiles
    }

    var description: String { "file:\(directory)" }
    var queueDepth: Int { 0 }

    /// The file a destination (topic) is written to.
    func path(for destination: String) -> String { "\(directory)/\(destination).ndjson" }

    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        let slot = files.withLock { slots in
            if let slot = slots[destination] { return slot }
            let slot = FileSlot()
            slots[destination] = slot
            return slot
        }
        let result: Result<Void, SinkError> = slot.state.withLock { state in
            do throws(SinkError) {
                if state.file == nil {
                    if let problem = Names.topicProblem(destination) {
                        throw SinkError.invalidDestination(destination, problem: problem)
                    }
                    try Self.makeDirectory(directory)
                    state.file = try RotatingFile(
                        directoryPath: directory, name: "\(destination).ndjson",
                        rotateBytes: rotateBytes, keepFiles: keepFiles)
                }
                state.scratch.removeAll(keepingCapacity: true)
                for index in 0..<batch.count {
                    state.scratch.append(contentsOf: batch.value(at: index))
                    state.scratch.append(UInt8(ascii: "\n"))
                }
                try state.file!.append(state.scratch)
                return .success(())
            } catch {
                state.file = nil
                return .failure(error)
            }
        }
        switch result {
        case .success: tally.recordDelivered(batch.count)
        case .failure(let error):
            tally.recordFailed(batch.count, error: error.description)
            throw error
        }
    }

    func flush(timeout: Duration) async {
        let slots = files.withLock { Array($0.values) }
        for slot in slots { slot.state.withLock { $0.file?.sync() } }
    }

    private static func makeDirectory(_ path: String) throws(SinkError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io(path: path, operation: "mkdir", errno: EACCES)
        }
    }
}
