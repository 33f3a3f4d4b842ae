import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

/// The real clickctl binary against a real clickstreamd on a temporary socket: every
/// command, its --json output parsed and checked, the exit codes.
@Suite("clickctl against a real daemon", .serialized)
final class DaemonCLITests {
    let daemon: DaemonProcess

    init() throws {
        daemon = try DaemonProcess.start(.smallLimits())
    }

    deinit { daemon.cleanUp() }

    private func run(_ arguments: String...) throws -> CLIRun {
        try CLI.run(arguments, socket: daemon.socketPath)
    }

    private func json(_ arguments: String...) throws -> [String: Any] {
        let result = try CLI.run(arguments + ["--json"], socket: daemon.socketPath)
        #expect(result.status == 0, "\(arguments): \(result.output)")
        return try #require(try result.json() as? [String: Any], "\(arguments): \(result.output)")
    }

    @Test func healthAndVersion() throws {
        let health = try json("health")
        #expect(health["status"] as? String == "healthy")
        #expect(health["kafka_connected"] as? Bool == false)
        let text = try run("health")
        #expect(text.status == 0)
        #expect(text.output.contains("healthy"))
        #expect(text.output.contains("Kafka"))

        let version = try json("version")
        #expect(version["pid"] as? Int == Int(daemon.pid))
        let versionText = try run("version")
        #expect(versionText.output.contains("clickstreamd \(clickstreamVersion) (pid \(daemon.pid)"))
    }

    @Test func sampleEveryKind() throws {
        for kind in ["users", "products", "interactions"] {
            let result = try CLI.run(["sample", kind, "-n", "3", "--json"], socket: daemon.socketPath)
            #expect(result.status == 0, "\(result.output)")
            let records = try #require(try result.json() as? [[String: Any]])
            #expect(records.count == 3)
            let idKey = kind == "users" ? "user_id" : kind == "products" ? "product_id" : "interaction_id"
            #expect(records.allSatisfy { $0[idKey] is String })
            // The text form is pretty JSON of the same shape.
            let pretty = try run("sample", kind, "-n", "2")
            #expect(pretty.status == 0)
            #expect(pretty.output.contains("\n  {\n    \""))
            #expect((try pretty.json() as? [Any])?.count == 2)
        }
    }

    @Test func generateBatchesPrintedAndStreamed() throws {
        for kind in ["users", "products", "interactions", "sessions"] {
            let generated = try json("generate", kind, "-n", "7")
            #expect(generated["count_generated"] as? Int == 7)
            #expect((generated["records"] as? [Any])?.count == 7)
        }
        let piped = try run("generate", "users", "-n", "5")
        #expect(piped.status == 0)
        let lines = piped.output.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] != nil })
        #expect(piped.output.contains("Generated 5 users"))

        let streamed = try json("generate", "products", "-n", "50", "--stream", "--rate", "1k", "--batch-size", "10")
        #expect(streamed["count_generated"] as? Int == 50)
        #expect(streamed["delivered"] as? Int == 50)
        #expect(streamed["records"] == nil)
        let streamedText = try run("generate", "products", "-n", "20", "--stream")
        #expect(streamedText.status == 0)
        #expect(streamedText.output.contains("Streamed 20 products"))
        #expect(streamedText.output.contains("delivered 20"))
    }

    @Test func streamLifecycleThroughStatusStatsAndStop() throws {
        let started = try json(
            "stream", "start", "--type", "products", "--rate", "200", "--name", "cli-p", "--sink", "file")
        let id = try #require(started["stream_id"] as? String)
        #expect(started["rate"] as? Double == 200)

        let status = try json("status")
        #expect((status["active_streams"] as? [String])?.contains(id) == true)
        let statusText = try run("status")
        #expect(statusText.status == 0)
        let row = try #require(
            statusText.output.split(separator: "\n").first { $0.hasPrefix(id) }, "\(statusText.output)")
        #expect(row.contains("cli-p") && row.contains("products") && row.contains("running") && row.contains("200"))

        Thread.sleep(forTimeInterval: 0.5)
        let stats = try json("stats")
        #expect(stats["active_streams"] as? Int == 1)
        let streams = try #require(stats["streams"] as? [[String: Any]])
        #expect(streams.contains { $0["stream_id"] as? String == id })
        let statsText = try run("stats")
        #expect(statsText.output.contains("TARGET/S"))
        #expect(statsText.output.contains(id))

        let stopped = try json("stream", "stop", id)
        #expect(stopped["status"] as? String == "stopped")
        let final = try #require(stopped["final_stats"] as? [String: Any])
        #expect(final["state"] as? String == "stopped")

        // Two more, then --all.
        let first = try run("stream", "start", "--type", "users", "--rate", "50", "--duration", "1h", "--sink", "file")
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Started stream"))
        _ = try json("stream", "start", "--rate", "50", "-n", "1M", "--sink", "file")
        let all = try run("stream", "stop", "--all")
        #expect(all.status == 0, "\(all.output)")
        #expect(all.output.contains("Stopped stream"))
        let after = try json("status")
        #expect((after["active_streams"] as? [String])?.isEmpty == true)
    }

    @Test func startSaysWhichScheduleTheStreamFollows() throws {
        let ramp = try run(
            "stream", "start", "--type", "users", "--schedule", "ramp:1000..2000/10s", "--duration", "1s",
            "--sink", "file")
        #expect(ramp.status == 0 && ramp.output.contains("users following ramp:1000..2000/10s"), "\(ramp.output)")
        let spike = try run(
            "stream", "start", "--type", "users", "--rate", "500", "--schedule", "spike:x2/5s", "--duration", "1s",
            "--sink", "file")
        #expect(spike.status == 0 && spike.output.contains("users at 500/s, spike:x2/5s"), "\(spike.output)")
        let started = try json(
            "stream", "start", "--type", "users", "--schedule", "daily", "--rate", "10", "--duration", "1s")
        #expect(started["schedule"] as? String == "daily", "\(started)")
    }

    @Test func statsWatchEndsCleanlyOnCtrlC() throws {
        let process = try ChildProcess(
            executable: CLI.executable,
            arguments: ["--socket", daemon.socketPath, "stats", "--watch", "--interval", "200ms", "--json"],
            environment: ProjectPaths.childEnvironment(adding: ["NO_COLOR": "1"]))
        try Network.waitUntil(timeout: 10, "two refreshes") { process.output.split(separator: "\n").count >= 2 }
        process.send(SIGINT)
        #expect(process.waitForExit(timeout: 5) == 0)
        for line in process.output.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["global_stats"] != nil)
        }
    }

    @Test func reload() throws {
        let reloaded = try json("reload")
        #expect(reloaded["reloaded"] as? Bool == true)
        #expect(reloaded["config_path"] as? String == daemon.configPath)
        let text = try run("reload")
        #expect(text.status == 0)
        #expect(text.output.hasPrefix("Reloaded"))
        #expect(text.output.contains(daemon.configPath))
    }

    @Test func refusalsExitOneWithTheDaemonsMessage() throws {
        let unknown = try run("stream", "stop", "no-such-stream")
        #expect(unknown.status == 1)
        #expect(unknown.output.hasPrefix("clickctl: error: "))
        #expect(unknown.output.contains("no-such-stream"))

        let tooMany = try run("generate", "users", "-n", "1M")
        #expect(tooMany.status == 1)
        #expect(tooMany.output.contains("5000") || tooMany.output.contains("max_generate_count"), "\(tooMany.output)")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try run("stream", "start", "--rate", "lots").status == 2)
        #expect(try run("stream", "stop").status == 2)
        #expect(try run("generate", "widgets").status == 2)
    }

    @Test func aStoppedDaemonIsReportedWithItsSocketAndExitThree() throws {
        let other = try DaemonProcess.start()
        let socket = other.socketPath
        other.cleanUp()
        let result = try CLI.run(["status"], socket: socket)
        #expect(result.status == 3)
        #expect(result.output.split(separator: "\n").count == 1)
        #expect(result.output.contains("clickstreamd is not running: nothing listens on \(socket)"))
        #expect(result.output.contains("systemctl start clickstreamd"))
    }
}
