import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the state directory (flock on `<state_dir>/clickstreamd.lock`), so
/// two daemons never write one state file. The kernel drops it if the process dies.
final class StateLock {
    private let fd: Int32

    init(directory: String) throws(StateError) {
        let path = "\(directory)/clickstreamd.lock"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unwritable(path: directory, reason: error.localizedDescription)
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .unwritable(path: path, reason: "another clickstreamd uses this state directory (daemon.state_dir)")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
