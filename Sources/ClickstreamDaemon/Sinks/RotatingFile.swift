#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One NDJSON output file that rotates by size: `name.ndjson` → `name.ndjson.1` → ... →
/// `name.ndjson.<keep>`, the oldest deleted. Not thread-safe: `FileSink` serialises access.
///
/// Every open, rename and unlink is relative to a descriptor of the sink's directory, with
/// a single-component name and O_NOFOLLOW: a name cannot climb out (`FileSink` refuses `/`
/// and `..`), and a symbolic link planted in the directory is refused, never written through.
final class RotatingFile {
    let path: String
    private let name: String
    private let directory: Int32
    private let rotateBytes: Int
    private let keepFiles: Int
    private var fd: Int32 = -1
    private var size: Int = 0

    /// `name` must be a single path component (`FileSink` checks it).
    init(directoryPath: String, name: String, rotateBytes: Int, keepFiles: Int) throws(SinkError) {
        let directory = Glibc.open(directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw .io(path: directoryPath, operation: "open directory", errno: errno) }
        self.directory = directory
        self.name = name
        self.path = "\(directoryPath)/\(name)"
        self.rotateBytes = rotateBytes
        self.keepFiles = keepFiles
        try open()
    }

    deinit {
        if fd >= 0 { close(fd) }
        close(directory)
    }

    private func open() throws(SinkError) {
        fd = openat(directory, name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            if errno == ELOOP { throw .symbolicLink(path: path) }
            throw .io(path: path, operation: "open", errno: errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            fd = -1
            throw .notRegularFile(path: path)
        }
        size = Int(info.st_size)
    }

    /// Appends the bytes of an array (see `append(_:)` for a buffer).
    func append(_ bytes: [UInt8]) throws(SinkError) {
        let outcome: Result<Void, SinkError> = bytes.withUnsafeBytes { raw in
            do throws(SinkError) {
                try append(raw)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
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
            unlinkat(directory, name, 0)
        } else {
            unlinkat(directory, "\(name).\(keepFiles)", 0)
            if keepFiles > 1 {
                for index in stride(from: keepFiles - 1, through: 1, by: -1) {
                    renameat(directory, "\(name).\(index)", directory, "\(name).\(index + 1)")
                }
            }
            guard renameat(directory, name, directory, "\(name).1") == 0 else {
                throw .io(path: path, operation: "rotate", errno: errno)
            }
        }
        try open()
    }

    func sync() { if fd >= 0 { fsync(fd) } }
}
