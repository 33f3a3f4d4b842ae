import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// TLS in front of a plaintext TCP server: stunnel4 (Debian) on a free loopback port with a
/// fresh self-signed certificate for 127.0.0.1 (openssl), forwarding to `targetPort`;
/// stopped by PID.
///
/// Tansu 0.6.0 takes `--cert`/`--key` but never uses them (its listener stays plaintext),
/// so a broker that demands TLS is Tansu behind this proxy, advertising the proxy's port.
public final class TLSProxy: @unchecked Sendable {
    public let port: Int
    public let directory: URL
    /// The certificate clients must trust (`ssl.ca.location`).
    public var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    private let process: ChildProcess

    public static func start(port: Int? = nil, forwardingTo targetPort: Int, timeout: Double = 20) throws -> TLSProxy {
        guard let stunnel = ProjectPaths.tool("stunnel4") ?? ProjectPaths.tool("stunnel") else {
            throw TestSupportError.toolMissing("stunnel4 (apt-get install stunnel4)")
        }
        guard let openssl = ProjectPaths.tool("openssl") else { throw TestSupportError.toolMissing("openssl") }
        let directory = URL(fileURLWithPath: "/tmp/tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = try ChildProcess(
            executable: openssl.path,
            arguments: [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
            ])
        guard certificate.waitForExit(timeout: 30) == 0 else {
            throw TestSupportError.didNotStart("openssl req", output: certificate.output)
        }
        let port = port ?? Network.freePort()
        let config = directory.appendingPathComponent("stunnel.conf")
        try """
        foreground = yes
        pid =
        debug = warning
        [broker]
        accept = 127.0.0.1:\(port)
        connect = 127.0.0.1:\(targetPort)
        cert = \(cert)
        key = \(key)

        """.write(to: config, atomically: true, encoding: .utf8)
        let process = try ChildProcess(executable: stunnel.path, arguments: [config.path])
        let proxy = TLSProxy(port: port, directory: directory, process: process)
        do {
            try Network.waitUntil(timeout: timeout, "stunnel on port \(port)") {
                guard process.isRunning else { throw TestSupportError.didNotStart("stunnel", output: process.output) }
                return Network.isListening(port: port)
            }
        } catch {
            proxy.stop()
            throw error
        }
        return proxy
    }

    private init(port: Int, directory: URL, process: ChildProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    public var output: String { process.output }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
