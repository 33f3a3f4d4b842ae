import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

/// The clickctl binary against the canned double: argument handling, what it sends, what it
/// prints, and its exit codes. The same commands against the real daemon: DaemonCLITests.
@Suite("clickctl binary against a canned socket")
struct CannedCLITests {
    let daemon: CannedDaemon

    init() throws {
        daemon = try CannedDaemon(answers: Canned.all)
    }

    private func run(_ arguments: String..., environment: [String: String] = [:]) throws -> CLIRun {
        try CLI.run(arguments, socket: daemon.socketPath, environment: environment)
    }

    /// What clickctl printed for `arguments`, expecting it to succeed (exit 0).
    private func succeeding(_ arguments: String...) throws -> String {
        let result = try CLI.run(arguments, socket: daemon.socketPath)
        #expect(result.status == 0, "\(result.output)")
        return result.output
    }

    @Test func healthInTextAndJSON() throws {
        let text = try succeeding("health")
        #expect(text.contains("clickstreamd 0.1.0: healthy (up 2h3m4s, 1 active stream)"))
        #expect(text.contains("connected  127.0.0.1:9092"))
        let json = try succeeding("health", "--json")
        #expect(json == Canned.health + "\n")  // the daemon's bytes, untouched
    }

    @Test func statusIsAnAlignedTable() throws {
        let result = try succeeding("status")
        let lines = result.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("ID") })
        let row = try #require(lines.first { $0.hasPrefix("s-22") })
        #expect(
            header.range(of: "STATE")?.lowerBound.utf16Offset(in: header)
                == row.range(of: "failed")?.lowerBound.utf16Offset(in: row))
        #expect(result.contains("1,234,567"))
        #expect(result.contains("s-22: broker down"))
        #expect(!result.contains("\u{1B}["))  // not a terminal: no colour
    }

    @Test func statusWithoutStreamsSaysHowToStartOne() throws {
        daemon.setAnswer(.result(Canned.emptyStatus), for: "stream.status")
        let result = try succeeding("status")
        #expect(result.contains("No streams. Start one with: clickctl stream start"))
    }

    @Test func statsOnceAndItsJSON() throws {
        let text = try succeeding("stats")
        #expect(text.contains("generated 1,234,567  delivered 1,234,000"))
        #expect(text.contains("TARGET/S"))
        let json = try #require(try run("stats", "--json").json() as? [String: Any])
        #expect(json["active_streams"] as? Int == 1)
        #expect((json["streams"] as? [Any])?.count == 1)
    }

    @Test func statsWatchRepeatsUntilInterruptedAndExitsZero() throws {
        let process = try ChildProcess(
            executable: CLI.executable,
            arguments: ["--socket", daemon.socketPath, "stats", "--watch", "--interval", "200ms", "--json"],
            environment: ProjectPaths.childEnvironment(adding: ["NO_COLOR": "1"]))
        try Network.waitUntil(timeout: 10, "three refreshes") { daemon.requests.count >= 3 }
        process.send(SIGINT)
        #expect(process.waitForExit(timeout: 5) == 0)
        let lines = process.output.split(separator: "\n")
        #expect(lines.count >= 3)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil)
        }
    }

    @Test func streamStartSendsFriendlyUnitsAsNumbers() throws {
        let result = try succeeding(
            "stream", "start", "--type", "users", "--rate", "10k", "--duration", "1h30m", "-n", "1.5M",
            "--topic", "t1", "--sink", "file", "--name", "backfill", "--time-mode", "backfill:2024-01-01/2024-01-02",
            "--batch-size", "2k", "--format", "json_schema", "--schedule", "ramp:1k..50k/1m", "--disorder",
            "drop=0.01,late=0.05:30s", "--truth")
        #expect(result.contains("Started stream s-9"))
        let params = try #require(daemon.requests.last?.params)
        #expect(params["data_type"] == .string("users"))
        #expect(params["rate"] == .number(10_000))
        #expect(params["duration"] == .number(5400))
        #expect(params["max_count"] == .number(1_500_000))
        #expect(params["topic"] == .string("t1"))
        #expect(params["sink"] == .string("file"))
        #expect(params["name"] == .string("backfill"))
        #expect(params["time_mode"] == .string("backfill:2024-01-01T00:00:00Z/2024-01-02T00:00:00Z"))
        #expect(params["batch_size"] == .number(2000))
        #expect(params["format"] == .string("json_schema"))
        #expect(params["schedule"] == .string("ramp:1000..50000/60s"))
        #expect(params["disorder"] == .string("late=0.05:30s,drop=0.01"))
        #expect(params["truth"] == .bool(true))
        // Every field of the one stream spec has its option (a new field without one fails here).
        guard case .object(let sent) = params else {
            Issue.record("params not an object")
            return
        }
        #expect(Set(sent.keys) == StreamSpec.fieldNames)
        let json = try #require(try run("stream", "start", "--json").json() as? [String: Any])
        #expect(json["stream_id"] as? String == "s-9")
        // Left out, a field is not sent: the daemon's defaults apply (one place, see DaemonConfig.resolve).
        #expect(daemon.requests.last?.params == .object([:]))
        let bad = try run("stream", "start", "--time-mode", "sometimes")
        #expect(bad.status == 2 && bad.output.contains("realtime"), "\(bad.output)")
        let badDisorder = try run("stream", "start", "--disorder", "late=0.05")
        #expect(badDisorder.status == 2 && badDisorder.output.contains("largest delay"), "\(badDisorder.output)")
    }

    @Test func streamStopByIDOrAll() throws {
        let one = try succeeding("stream", "stop", "s-1")
        #expect(one.contains("Stopped stream s-1"))
        #expect(daemon.requests.last?.params?["stream_id"] == .string("s-1"))
        _ = try run("stream", "stop", "--all")
        #expect(daemon.requests.last?.params?["all"] == .bool(true))
        let json = try #require(try run("stream", "stop", "s-1", "--json").json() as? [String: Any])
        #expect(json["status"] as? String == "stopped")
    }

    @Test func generatePrintsRecordsOnePerLineWhenPiped() throws {
        let result = try succeeding("generate", "users", "--count", "2")
        let records = result.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(records.count == 2)
        #expect(records.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        #expect(result.contains("Generated 2 users"))
        #expect(daemon.requests.last?.params?["count"] == .number(2))
        let json = try #require(try run("generate", "users", "-n", "2", "--json").json() as? [String: Any])
        #expect((json["records"] as? [Any])?.count == 2)
        #expect(json["count_generated"] as? Int == 2)
    }

    @Test func generateStreamSendsRateAndBatchSize() throws {
        let result = try succeeding(
            "generate", "interactions", "--count", "100", "--stream", "--rate", "1k", "--batch-size", "50")
        #expect(result.contains("Streamed 100 interactions"))
        #expect(result.contains("delivered 100"))
        let params = try #require(daemon.requests.last?.params)
        #expect(params["stream"] == .bool(true))
        #expect(params["rate"] == .number(1000))
        #expect(params["batch_size"] == .number(50))
    }

    @Test func samplePrintsPrettyJSON() throws {
        let result = try run("sample", "users", "-n", "2")
        #expect(result.status == 0)
        #expect(result.output.contains("\n  {\n    \"user_id\": \"u-1\",\n"))
        let records = try #require(try result.json() as? [[String: Any]])
        #expect(records.count == 2)
        #expect(daemon.requests.last?.params?["count"] == .number(2))
    }

    @Test func reloadAndVersion() throws {
        let reload = try succeeding("reload")
        #expect(reload.contains("Reloaded /etc/clickstream/clickstreamd.toml: 2 settings changed"))
        let version = try succeeding("version")
        #expect(version.contains("clickctl     \(clickstreamVersion)"))
        #expect(version.contains("clickstreamd 0.1.0 (pid 4242, librdkafka 2.3.0)"))
        let json = try #require(try run("version", "--json").json() as? [String: Any])
        #expect(json["pid"] as? Int == 4242)
    }

    @Test func anRPCErrorPrintsMessageAndDetailsAndExitsOne() throws {
        daemon.setAnswer(
            .error(
                RPCError(
                    .limitExceeded, "rate 5000000 exceeds max_stream_rate 1000000",
                    data: .object(["field": .string("rate"), "limit": .number(1_000_000)]))),
            for: "stream.start")
        let result = try run("stream", "start", "--rate", "5M")
        #expect(result.status == 1)
        #expect(
            result.output.contains("clickctl: error: rate 5000000 exceeds max_stream_rate 1000000 (limit exceeded)"))
        #expect(result.output.contains("  field: rate\n  limit: 1000000"))
    }

    @Test func theSocketComesFromTheEnvironmentToo() throws {
        let result = try CLI.run(["health"], environment: ["CLICKSTREAM_SOCKET": daemon.socketPath])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: [
        ["stream", "start", "--rate", "fast"],
        ["stream", "start", "--duration", "forever"],
        ["stream", "start", "--type", "clicks"],
        ["stream", "stop"],
        ["stream", "stop", "s-1", "--all"],
        ["generate", "users", "--rate", "10"],
        ["generate", "widgets"],
        ["sample", "sessions"],
        ["stats", "--interval", "1ms"],
        ["frobnicate"],
        ["status", "--bogus"],
    ])
    func usageErrorsExitTwoWithoutCallingTheDaemon(arguments: [String]) throws {
        let result = try CLI.run(arguments, socket: daemon.socketPath)
        #expect(result.status == 2, "\(arguments): \(result.output)")
        #expect(result.output.contains("Usage: clickctl") || result.output.contains("Error:"))
        #expect(daemon.requests.isEmpty)
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["stream", "start", "--help"]).output.contains("--rate <rate>"))
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output == clickstreamVersion + "\n")
    }
}

/// What an operator sees when the daemon is not there.
@Suite("clickctl without a daemon")
struct UnreachableDaemonTests {
    @Test(arguments: [
        ["health"], ["status"], ["stats"], ["stream", "start"], ["stream", "stop", "--all"],
        ["generate", "users"], ["sample", "users"], ["reload"], ["version"], ["stats", "--watch"],
    ])
    func everyCommandSaysWhichSocketAndHowToStartTheDaemonAndExitsThree(arguments: [String]) throws {
        let socket = "/tmp/clickctl-test-none-\(UUID().uuidString.prefix(8)).sock"
        let result = try CLI.run(arguments, socket: socket)
        #expect(result.status == 3)
        let lines = result.output.split(separator: "\n").filter { !$0.hasPrefix("clickctl     ") }
        #expect(lines.count == 1, "\(result.output)")
        #expect(result.output.contains(socket))
        #expect(result.output.contains("systemctl start clickstreamd"))
    }

    @Test func theDefaultSocketIsTheDaemonsDefault() throws {
        let result = try CLI.run(["health"])
        if result.status == 3 {
            #expect(result.output.contains(defaultSocketPath))
        }
    }
}

/// Completion scripts and the man page come from the command definitions.
@Suite("clickctl completion and manual")
struct CompletionAndManualTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) throws {
        let result = try CLI.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(result.output.contains("clickctl"))
        #expect(result.output.contains("stream"))
        #expect(result.output.contains("socket"))
        #expect(result.output.contains("interactions"))
    }

    /// scripts/make-man feeds this to swift-argument-parser's generate-manual tool.
    @Test func theManPageSourceDescribesEveryCommand() throws {
        let result = try CLI.run(["--experimental-dump-help"])
        #expect(result.status == 0)
        let info = try #require(try result.json() as? [String: Any])
        let root = try #require(info["command"] as? [String: Any])
        func names(_ command: [String: Any], _ prefix: String) -> [String] {
            let name = prefix + (command["commandName"] as? String ?? "?")
            let children = (command["subcommands"] as? [[String: Any]]) ?? []
            return [name] + children.flatMap { names($0, name + " ") }
        }
        let all = Set(names(root, ""))
        for command in [
            "health", "status", "stats", "stream start", "stream stop", "generate", "sample", "reload", "version",
        ] {
            #expect(all.contains("clickctl \(command)"), "\(command)")
        }
    }
}
