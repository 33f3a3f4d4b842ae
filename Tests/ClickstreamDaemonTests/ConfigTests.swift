import ClickstreamAPI
import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

@Suite("Config")
struct ConfigTests {
    @Test("etc/clickstreamd.toml is valid and gives the make-run layout")
    func exampleConfig() throws {
        let path = ProjectPaths.root.appendingPathComponent("etc/clickstreamd.toml").path
        let config = try ConfigLoader.load(path: path, environment: [:])
        let cwd = FileManager.default.currentDirectoryPath
        #expect(config.daemon.socketPath == ConfigLoader.absolutePath("var/run/clickstreamd.sock"))
        #expect(config.daemon.socketPath.hasPrefix(cwd))
        #expect(config.sinks.file.directory.hasSuffix("/var/data"))
        #expect(config.daemon.stateDirectory.hasSuffix("/var/state"))
        #expect(config.http.host == "127.0.0.1" && config.http.port == 8000)
        #expect(config.defaultSink == .file)
        let autostart = config.streams.filter(\.autostart)
        #expect(autostart.count == 1 && autostart[0].spec.dataType == .interactions && autostart[0].spec.rate == 50)
    }

    @Test("an empty file gives the documented defaults")
    func defaults() throws {
        let config = try ConfigLoader.parse("")
        #expect(config.daemon.socketPath == defaultSocketPath)
        #expect(config.daemon.socketMode == 0o660)
        #expect(config.limits.maxRate >= 1_000_000)
        #expect(config.defaultSink == .file)
        #expect(config.streams.isEmpty)
    }

    @Test("unknown keys, wrong types and out-of-range values name the key path and line")
    func invalidKeys() throws {
        let text = """
            [daemon]
            socket_mode = "999"
            shutdown_timeot = 3

            [http]
            port = "eighty"

            [[streams]]
            name = "a"
            rate = -5

            [[streams]]
            name = "b"
            data_type = "clicks"
            """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, path: "t.toml") }
        let issues = try #require(error?.issues)
        func issue(_ key: String) -> ConfigIssue? { issues.first { $0.keyPath == key } }
        #expect(issue("daemon.socket_mode")?.line == 2)
        let typo = try #require(issue("daemon.shutdown_timeot"))
        #expect(typo.line == 3)
        #expect(typo.message.contains("did you mean \"shutdown_timeout\""))
        #expect(issue("http.port")?.line == 6)
        #expect(issue("http.port")?.message.contains("integer") == true)
        #expect(issue("streams[0].rate")?.line == 10)
        #expect(issue("streams[1].data_type")?.line == 14)
        #expect(issues.count == 5)
        #expect(error!.description.contains("streams[0].rate (line 10)"))
    }

    @Test("generator.session.max_open_sessions bounds the session table and must be at least 1")
    func maxOpenSessions() throws {
        #expect(try ConfigLoader.parse("").generator.config.session.maxOpenSessions == 200_000)
        let set = try ConfigLoader.parse("[generator.session]\nmax_open_sessions = 5000\n")
        #expect(set.generator.config.session.maxOpenSessions == 5000)
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[generator.session]\nmax_open_sessions = 0\n", path: "t.toml")
        }
        let issue = try #require(error?.issues.first { $0.keyPath == "generator.session.max_open_sessions" })
        #expect(issue.line == 2)
        #expect(error!.issues.count == 1)
    }

    @Test("a TOML syntax error reports its line")
    func syntax() {
        let error = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[daemon]\nsocket_path = \n", path: "t.toml")
        }
        guard case .syntax(_, let line, _, _)? = error else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(line == 2)
    }

    @Test("the original service's environment variables override the file")
    func environment() throws {
        var config = try ConfigLoader.parse("[http]\nport = 8000\nhost = \"127.0.0.1\"\n")
        try EnvironmentOverrides.apply(
            [
                "KAFKA_BOOTSTRAP_SERVERS": "broker:9092", "GENERATION_RATE": "250", "MAX_USERS": "500",
                "MAX_PRODUCTS": "70",
                "BATCH_SIZE": "64", "PORT": "9090", "KAFKA_TOPIC_INTERACTIONS": "clicks",
                "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "p",
                "REDIS_HOST": "r",
            ], to: &config)
        #expect(config.kafka.bootstrapServers == "broker:9092")
        #expect(config.defaultSink == .kafka)
        #expect(config.defaults.rate == 250 && config.defaults.batchSize == 64)
        #expect(config.generator.users == 500 && config.generator.products == 70)
        #expect(config.http.port == 9090 && config.http.host == "0.0.0.0")
        #expect(config.topics.interactions == "clicks")
        #expect(config.kafka.securityProtocol == "SASL_SSL" && config.kafka.saslPassword == "p")
        #expect(config.sinks.redis.isConfigured && config.sinks.redis.host == "r")

        let error = #expect(throws: ConfigError.self) { try EnvironmentOverrides.apply(["PORT": "http"], to: &config) }
        #expect(error?.description.contains("env PORT") == true)
    }

    @Test("clickstreamd --check-config exits 0 on the example and 78 naming the key otherwise")
    func checkConfigCommand() throws {
        let binary = ProjectPaths.executable("clickstreamd").path
        let good = try ChildProcess(
            executable: binary,
            arguments: [
                "--check-config", "--config",
                ProjectPaths.root.appendingPathComponent("etc/clickstreamd.toml").path,
            ])
        #expect(good.waitForExit(timeout: 20) == 0)
        #expect(good.output.contains("configuration OK"))

        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).toml")
        try "[limits]\nmax_rate = 0\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let failing = try ChildProcess(executable: binary, arguments: ["--check-config", "--config", bad.path])
        #expect(failing.waitForExit(timeout: 20) == 78)
        #expect(failing.output.contains("limits.max_rate (line 2)"))
    }
}
