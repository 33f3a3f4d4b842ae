import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

/// schemathesis (PyPI) against /openapi.json, through scripts/schemathesis-check.
@Suite("HTTP schemathesis", .serialized)
struct HTTPSchemathesisTests {
    static let available = ProjectPaths.tool("schemathesis") != nil

    /// Low caps keep the largest valid request quick (NDJSON responses last ≤ 0.5 s).
    static let quickLimits = HTTPLimits(
        maxGenerateCount: 50, maxSampleCount: 20, maxRate: 1_000, maxBatchSize: 50,
        maxNDJSONRate: 1_000, maxNDJSONDuration: 0.5, maxNDJSONCount: 100)

    /// The transport against its own document: status codes, content types, error bodies,
    /// 405 + Allow, no 5xx. The canned method table accepts any params, so the checks about
    /// which inputs the daemon accepts run against the real daemon (HTTPDaemonTests).
    @Test(.enabled(if: available, "schemathesis not installed: run scripts/setup"))
    func transportConformsToItsDocument() async throws {
        try await withHTTPServer(settings: HTTPServerSettings(host: "127.0.0.1", port: 0, limits: Self.quickLimits)) {
            client, _ in
            let output = try await Self.run(
                base: "http://127.0.0.1:\(client.port)",
                extra: ["--exclude-checks", "negative_data_rejection,positive_data_acceptance"])
            #expect(output.code == 0, "schemathesis failed:\n\(output.text)")
        }
    }

    /// Runs scripts/schemathesis-check against `base`; returns its exit code and output.
    static func run(base: String, extra: [String] = [], environment: [String: String] = [:]) async throws -> (
        code: Int32?, text: String
    ) {
        let script = ProjectPaths.root.appendingPathComponent("scripts/schemathesis-check").path
        let process = try ChildProcess(
            executable: script, arguments: [base] + extra,
            environment: ProjectPaths.childEnvironment(adding: environment))
        let deadline = ContinuousClock.now.advanced(by: .seconds(180))
        while process.isRunning && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let code = process.isRunning ? process.stop() : process.waitForExit(timeout: 1)
        // SCHEMATHESIS_LOG=path keeps the full report of a passing run too.
        if let path = ProcessInfo.processInfo.environment["SCHEMATHESIS_LOG"] {
            try? process.output.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return (code, process.output)
    }
}
