import ArgumentParser
import ClickstreamTestSupport
import Foundation

/// `clickbench ndjson`: what one HTTP client gets from GET /stream/interactions of a real
/// clickstreamd, read the way a user reads it (`curl -sN URL | wc -l`): lines counted, timed
/// from the response's first byte to its end (curl's `time_starttransfer`, `time_total`),
/// median of `--runs`.
struct NDJSONBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ndjson",
        abstract: "Records/s one curl client reads from GET /stream/interactions of a real clickstreamd.")

    @Option(help: "Comma-separated rates asked for, records/s.") var rates = "50000,200000"
    @Option(help: "duration of each request, seconds.") var seconds = 5.0
    @Option(help: "Runs per rate.") var runs = 3
    @Option(help: "users, products or interactions.") var dataType = "interactions"
    @Option(help: "The clickstreamd executable (default: next to clickbench).") var daemon: String?
    @Option(help: "The curl binary.") var curl = "/usr/bin/curl"

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: curl) else { throw KafkaBenchError.toolMissing(curl) }
        let targets = rates.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let port = Network.freePort()
        let maxRate = Int((targets.max() ?? 1) * 2)
        let daemon = try BenchDaemon(
            binary: BenchDaemon.binary(self.daemon), extra: "[sinks]\ndefault = \"stdout\"",
            http: "enabled = true\nhost = \"127.0.0.1\"\nport = \(port)\nmax_ndjson_rate = \(maxRate)")
        defer { daemon.stop() }
        try Network.waitUntil(timeout: 10, "the HTTP listener") { Network.isListening(port: port) }

        print(
            "NDJSON: GET /stream/\(dataType)?rate=R&duration=\(seconds) read by curl -sN, lines counted, first byte to end; \(runs) runs per rate"
        )
        print("| asked/s | lines | seconds | received/s (median) | error | ±2 % |")
        print("| ---: | ---: | ---: | ---: | ---: | --- |")
        var failures = 0
        for target in targets {
            var measured: [(lines: Int, seconds: Double)] = []
            for _ in 0..<max(1, runs) {
                let url = "http://127.0.0.1:\(port)/stream/\(dataType)?rate=\(Int(target))&duration=\(seconds)"
                // curl appends the time of the first byte and of the end: the response's own
                // duration, without curl's start-up or the connection set-up.
                let script =
                    "\(curl) -sN -w '\\n%{time_starttransfer} %{time_total}\\n' '\(url)' | awk 'END { print NR - 2, $1, $2 }'"
                let process = try ChildProcess(
                    executable: "/bin/sh", arguments: ["-c", script],
                    environment: ProcessInfo.processInfo.environment)
                let code = process.waitForExit()
                let output = process.output.split(separator: " ").map {
                    String($0).trimmingCharacters(in: .whitespacesAndNewlines)
                }
                try? FileManager.default.removeItem(at: process.logURL)
                guard code == 0, output.count == 3, let lines = Int(output[0]), let first = Double(output[1]),
                    let total = Double(output[2])
                else {
                    throw ValidationError("curl | awk failed (\(code)): \(output)")
                }
                measured.append((lines, total - first))
            }
            let sorted = measured.sorted { Double($0.lines) / $0.seconds < Double($1.lines) / $1.seconds }
            let median = sorted[sorted.count / 2]
            // The response carries rate × duration records; the client's rate is what it got
            // over the response's own duration.
            let received = Double(median.lines) / median.seconds
            let error = (received - target) / target
            let ok = abs(error) <= 0.02 && median.lines == Int((target * seconds).rounded(.up))
            if !ok { failures += 1 }
            print(
                "| \(Int(target)) | \(median.lines) | "
                    + String(format: "%.3f | %.0f | %+.2f%% | ", median.seconds, received, error * 100)
                    + (ok ? "ok" : "MISSED") + " |")
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
