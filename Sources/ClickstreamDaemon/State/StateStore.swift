import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why the state file could not be read or written.
enum StateError: Error, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read state \(path): \(reason)"
        case .unwritable(let path, let reason): "cannot write state \(path): \(reason)"
        }
    }
}

/// The state file (`<state_dir>/streams.json`), written atomically: a temporary file in the
/// same directory, fsync'd, then renamed over the old one, so a crash leaves the old or the
/// new state, never half of one.
struct StateStore: Sendable {
    let directory: String
    var path: String { "\(directory)/streams.json" }

    /// The saved state; an empty one when there is no file yet.
    func load() throws(StateError) -> PersistedState {
        guard FileManager.default.fileExists(atPath: path) else { return PersistedState() }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(PersistedState.self, from: data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    func save(_ state: PersistedState) throws(StateError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let temporary = "\(path).tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let data = try encoder.encode(state)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
            guard fd >= 0 else {
                throw StateError.unwritable(path: temporary, reason: String(cString: strerror(errno)))
            }
            let ok = data.withUnsafeBytes { bytes -> Bool in
                var offset = 0
                while offset < bytes.count {
                    let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        return false
                    }
                    offset += n
                }
                return fsync(fd) == 0
            }
            close(fd)
            guard ok, rename(temporary, path) == 0 else {
                unlink(temporary)
                throw StateError.unwritable(path: path, reason: String(cString: strerror(errno)))
            }
        } catch let error as StateError {
            throw error
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }
}
