import ClickstreamAPI
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's audit log: every control action (stream start, stop, update, config reload),
/// whichever door it came through, as one JSON line appended to `<state_dir>/audit.jsonl`.
///
/// Bounded: once the file passes `maxBytes` it is renamed to `audit.jsonl.1` (replacing the
/// previous one) and a new file begins, so the log holds between `maxBytes` and twice that
/// (the default 1 MiB keeps ~5,000 entries). A write that fails is logged and does not fail
/// the action (an operator must be able to stop a stream on a full disk).
final class AuditLog: Sendable {
    let path: String
    let maxBytes: Int
    private let logger: Logger
    private let lock = Mutex(())

    static let defaultMaxBytes = 1 << 20

    init(directory: String, maxBytes: Int = AuditLog.defaultMaxBytes, logger: Logger) {
        path = "\(directory)/audit.jsonl"
        self.maxBytes = maxBytes
        self.logger = logger
    }

    var previousPath: String { path + ".1" }

    func record(_ entry: AuditEntry) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(entry) else { return }
        line.append(UInt8(ascii: "\n"))
        lock.withLock { _ in
            do {
                try append(line)
            } catch {
                logger.error("cannot write the audit log", metadata: ["path": "\(path)", "error": "\(error)"])
            }
        }
    }

    /// The newest `limit` entries, oldest first (lines that do not decode are skipped).
    func list(limit: Int) -> [AuditEntry] {
        let text = lock.withLock { _ in
            [previousPath, path].compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.joined()
        }
        let decoder = JSONDecoder()
        let lines = text.split(separator: "\n").suffix(limit)
        return lines.compactMap { try? decoder.decode(AuditEntry.self, from: Data($0.utf8)) }
    }

    private func append(_ line: Data) throws {
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) + line.count > maxBytes, info.st_size > 0 {
            _ = rename(path, previousPath)
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw AuditLogError(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw AuditLogError(reason: String(cString: strerror(errno))) }
    }
}

struct AuditLogError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
