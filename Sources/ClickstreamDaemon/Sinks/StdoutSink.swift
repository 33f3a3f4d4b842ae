import ClickstreamKafka
import ClickstreamModel
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Writes records as NDJSON to standard output (pipe it into jq, kcat, a file).
/// Logs go to standard error, so they never mix with the records.
final class StdoutSink: RecordSink {
    private let scratch = Mutex<[UInt8]>([])

    var description: String { "stdout" }
    var queueDepth: Int { 0 }

    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        let failure: Int32? = scratch.withLock { buffer in
            buffer.removeAll(keepingCapacity: true)
            for index in 0..<batch.count {
                buffer.append(contentsOf: batch.value(at: index))
                buffer.append(UInt8(ascii: "\n"))
            }
            return buffer.withUnsafeBytes { bytes -> Int32? in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
        }
        if let code = failure {
            let error = SinkError.io(path: "stdout", operation: "write", errno: code)
            tally.recordFailed(batch.count, error: error.description)
            throw error
        }
        tally.recordDelivered(batch.count)
    }

    func flush(timeout: Duration) async {}
}
