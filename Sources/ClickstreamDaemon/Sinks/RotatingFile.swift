#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One NDJSON output file that rotates by size: `name.ndjson` → `name.ndjson.1` → ... →
/// `name.ndjson.<keep>`, the oldest deleted. Not thread-safe: `FileSink` serialises access.
final class RotatingFile {
    let path: String
    private let rotateBytes: Int
    private let keepFiles: Int
    private var fd: Int32 = -1
    private var size: Int = 0

    init(path: String, rotateBytes: Int, keepFiles: Int) throws(SinkError) {
        self.path = path
        self.rotateBytes = rotateBytes
        self.keepFiles = keepFiles
        try open()
    }

    deinit { if fd >= 0 { close(fd) } }

    private func open() throws(SinkError) {
        fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        var info = stat()
        size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Appends `bytes` whole (retrying short writes), then rotates if the file is full.
    /// A batch is never split across two files.
    func append(_ bytes: UnsafeRawBufferPointer) throws(SinkError) {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            offset += written
        }
        size += bytes.count
        if size >= rotateBytes { try rotate() }
    }

    func rotate() throws(SinkError) {
        close(fd)
        fd = -1
        if keepFiles == 0 {
            unlink(path)
        } else {
            unlink("\(path).\(keepFiles)")
            if keepFiles > 1 {
                for index in stride(from: keepFiles - 1, through: 1, by: -1) {
                    rename("\(path).\(index)", "\(path).\(index + 1)")
                }
            }
            guard rename(path, "\(path).1") == 0 else { throw .io(path: path, operation: "rotate", errno: errno) }
        }
        try open()
    }

    func sync() { if fd >= 0 { fsync(fd) } }
}
