import ClickstreamAPI
import ClickstreamModel
import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

/// One stream spec, its defaults in one place: `[defaults]`, GENERATION_RATE / BATCH_SIZE
/// over it, then the built-ins; the same for every door.
@Suite("Stream spec")
struct StreamSpecTests {
    private func config(_ toml: String, env: [String: String] = [:]) throws -> DaemonConfig {
        var config = try ConfigLoader.parse(toml)
        try EnvironmentOverrides.apply(env, to: &config)
        return config
    }

    @Test("defaults: built-ins, then [defaults], then the environment over the file")
    func defaultsInOnePlace() throws {
        let builtIn = try config("").resolve(StreamSpec(), id: "s", origin: .rpc)
        #expect(builtIn.rate == 100 && builtIn.batchSize == 1000 && builtIn.dataType == .interactions)
        #expect(
            builtIn.name == "s" && builtIn.sink == .file && builtIn.topic == "interactions"
                && builtIn.timeMode == .realtime)

        let file = try config("[defaults]\nrate = 555\nbatch_size = 64\n").resolve(StreamSpec(), id: "s", origin: .rpc)
        #expect(file.rate == 555 && file.batchSize == 64)

        let env = try config("[defaults]\nrate = 555\n", env: ["GENERATION_RATE": "777", "BATCH_SIZE": "32"])
            .resolve(StreamSpec(), id: "s", origin: .rpc)
        #expect(env.rate == 777 && env.batchSize == 32)

        let given = try config("", env: ["GENERATION_RATE": "777"])
            .resolve(StreamSpec(dataType: .users, rate: 5, batchSize: 7), id: "s", origin: .rpc)
        #expect(given.rate == 5 && given.batchSize == 7 && given.topic == "users")
    }

    @Test("a [[streams]] table is read with stream.start's decoder and checks; count is the config's max_count")
    func configStreams() throws {
        let parsed = try config(
            """
            [[streams]]
            name = "a"
            count = 10
            time_mode = "accelerated:60"

            [[streams]]
            name = "b"
            data_type = "users"
            rate = 3
            autostart = false
            """)
        #expect(parsed.streams.count == 2)
        #expect(parsed.streams[0].spec == StreamSpec(maxCount: 10, name: "a", timeMode: .accelerated(factor: 60)))
        #expect(
            parsed.streams[1].spec == StreamSpec(dataType: .users, rate: 3, name: "b") && !parsed.streams[1].autostart)

        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[[streams]]\nname = \"bad\"\ntime_mode = \"sometimes\"\n", path: "t.toml")
        }
        let issue = try #require(error?.issues.first)
        #expect(
            issue.keyPath == "streams[0].time_mode" && issue.line == 3 && issue.message.contains("realtime"), "\(issue)"
        )

        let checks = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[[streams]]\nname = \"c\"\ncount = 0\nbatch_size = 99999999\n", path: "t.toml")
        }
        let issues = try #require(checks?.issues)
        #expect(issues.map(\.keyPath).sorted() == ["streams[0].batch_size", "streams[0].count"], "\(issues)")
        #expect(
            issues.contains {
                $0.keyPath == "streams[0].count" && $0.line == 3 && $0.message.hasPrefix("count must be at least 1")
            })
        #expect(issues.contains { $0.message.contains("limits.max_batch_size") })
    }

    @Test("the saved definition keeps the state file's flat shape")
    func persistedShape() throws {
        let definition = try config("").resolve(
            StreamSpec(rate: 5, timeMode: .accelerated(factor: 2)), id: "stream-1", origin: .rpc)
        let data = try JSONEncoder().encode(definition)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "origin", "name", "data_type", "rate", "sink", "topic", "time_mode", "batch_size",
            ])
        #expect(object["time_mode"] as? String == "accelerated:2")
        #expect(try JSONDecoder().decode(StreamDefinition.self, from: data) == definition)
        let old =
            #"{"id":"s","name":"s","data_type":"users","rate":10,"sink":"file","topic":"users","time_mode":"realtime","batch_size":100,"origin":"rpc"}"#
        #expect(try JSONDecoder().decode(StreamDefinition.self, from: Data(old.utf8)).rate == 10)
    }
}

/// GENERATION_RATE=777 in the daemon's environment: a stream started with no rate through
/// each door (RPC, clickctl, HTTP, `[[streams]]`) runs at 777/s.
@Suite("Stream defaults through every door")
struct StreamDefaultDoorsTests {
    static let built = FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickctl").path)

    @Test(.enabled(if: built, "clickctl not built"))
    func everyDoorGetsTheDefault() async throws {
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    extraTOML: "[[streams]]\nname = \"configured\"\ndata_type = \"users\"\n", http: true,
                    logLevel: "warning", environment: ["GENERATION_RATE": "777"]))
        }
        defer { daemon.cleanUp() }

        let rpc = try #require(
            try daemon.result("stream.start", params: #"{"data_type":"products"}"#) as? [String: Any])
        #expect(rpc["rate"] as? Double == 777, "\(rpc)")

        let cli = try ChildProcess(
            executable: ProjectPaths.executable("clickctl").path,
            arguments: ["--socket", daemon.socketPath, "stream", "start", "--type", "sessions", "--json"],
            environment: ProjectPaths.childEnvironment(adding: ["NO_COLOR": "1"]))
        #expect(cli.waitForExit(timeout: 20) == 0, "\(cli.output)")
        let cliResult = try #require(try JSONSerialization.jsonObject(with: Data(cli.output.utf8)) as? [String: Any])
        #expect(cliResult["rate"] as? Double == 777, "\(cli.output)")

        let http = try await HTTPTestClient(port: daemon.httpPort).post("/stream/start?data_type=interactions")
        #expect(http.status == 200 && http.object["rate"] as? Double == 777, "\(http.text)")

        let status = try #require(daemon.result("stream.status") as? [String: Any])
        let streams = try #require(status["streams"] as? [[String: Any]])
        let configured = try #require(streams.first { $0["stream_id"] as? String == "config-configured" })
        #expect(configured["target_rate"] as? Double == 777, "\(configured)")
        #expect(streams.count == 4 && streams.allSatisfy { $0["target_rate"] as? Double == 777 }, "\(streams)")
    }
}
