import ClickstreamAPI
import Testing

@testable import ClickstreamDaemon

/// CLICKSTREAM_SHARD_COUNT / _INDEX / CLICKSTREAM_POD_NAME over `[generator]`: how each
/// StatefulSet pod learns its shard from one shared config file.
@Suite("Shard environment")
struct ShardEnvironmentTests {
    static let file = """
        [generator]
        users = 3000
        """

    func load(_ env: [String: String], file: String = Self.file) throws(ConfigError) -> DaemonConfig {
        var config = try ConfigLoader.parse(file, path: "t.toml")
        try EnvironmentOverrides.apply(env, to: &config)
        return config
    }

    func issues(_ env: [String: String], file: String = Self.file) throws -> [ConfigIssue] {
        let error = #expect(throws: ConfigError.self) { try load(env, file: file) }
        return try #require(error?.issues)
    }

    @Test("a StatefulSet pod's ordinal is its shard index, the count comes from CLICKSTREAM_SHARD_COUNT")
    func podName() throws {
        for k in 0..<3 {
            let config = try load(["CLICKSTREAM_POD_NAME": "clickstreamd-\(k)", "CLICKSTREAM_SHARD_COUNT": "3"])
            #expect(config.generator.shard.index == k && config.generator.shard.count == 3)
            #expect(
                config.notes.contains(
                    "shard \(k) of 3 (CLICKSTREAM_POD_NAME=clickstreamd-\(k), CLICKSTREAM_SHARD_COUNT=3)"))
        }
        // Hyphens in the StatefulSet's own name are fine: only the last one counts.
        let named = try load(["CLICKSTREAM_POD_NAME": "shop-click-stream-12", "CLICKSTREAM_SHARD_COUNT": "16"])
        #expect(named.generator.shardIndex == 12)
    }

    @Test("explicit index and count override the file; unset or empty variables leave it alone")
    func explicit() throws {
        let file = Self.file + "\nshard_index = 1\nshard_count = 2\n"
        let config = try load(["CLICKSTREAM_SHARD_INDEX": "4", "CLICKSTREAM_SHARD_COUNT": " 5 "], file: file)
        #expect(config.generator.shardIndex == 4 && config.generator.shardCount == 5)
        let untouched = try load(["CLICKSTREAM_SHARD_INDEX": "", "CLICKSTREAM_POD_NAME": "  "], file: file)
        #expect(untouched.generator.shardIndex == 1 && untouched.generator.shardCount == 2)
        #expect(!untouched.notes.contains { $0.hasPrefix("shard ") })
        // The count alone keeps the file's index.
        let countOnly = try load(["CLICKSTREAM_SHARD_COUNT": "8"], file: file)
        #expect(countOnly.generator.shardIndex == 1 && countOnly.generator.shardCount == 8)
        #expect(EnvironmentOverrides.names.contains("CLICKSTREAM_POD_NAME"))
    }

    @Test("an ordinal beyond the count (kubectl scale without the kustomization) is refused, naming both")
    func ordinalBeyondCount() throws {
        let found = try issues(["CLICKSTREAM_POD_NAME": "clickstreamd-3", "CLICKSTREAM_SHARD_COUNT": "3"])
        #expect(found.count == 1)
        #expect(found.first?.keyPath == "env CLICKSTREAM_POD_NAME")
        let message = try #require(found.first?.message)
        #expect(
            message.contains(
                "shard index 3 (CLICKSTREAM_POD_NAME=clickstreamd-3) must be less than the shard count 3 (CLICKSTREAM_SHARD_COUNT=3)"
            ))
        #expect(message.contains("replicas"))
        // Against the file's count, too.
        let againstFile = try issues(["CLICKSTREAM_SHARD_INDEX": "2"])
        #expect(againstFile.first?.message.contains("shard count 1 (generator.shard_count)") == true)
        let smallerCount = try issues(
            ["CLICKSTREAM_SHARD_COUNT": "2"], file: Self.file + "\nshard_index = 2\nshard_count = 3\n")
        #expect(smallerCount.first?.keyPath == "env CLICKSTREAM_SHARD_COUNT")
    }

    @Test(
        "malformed values name the variable and what they must be, all at once",
        arguments: [
            (
                ["CLICKSTREAM_SHARD_COUNT": "0"], "env CLICKSTREAM_SHARD_COUNT",
                "must be an integer between 1 and 4096, got \"0\""
            ),
            (["CLICKSTREAM_SHARD_COUNT": "three"], "env CLICKSTREAM_SHARD_COUNT", "got \"three\""),
            (["CLICKSTREAM_SHARD_INDEX": "-1"], "env CLICKSTREAM_SHARD_INDEX", "between 0 and 4095"),
            (["CLICKSTREAM_POD_NAME": "clickstreamd"], "env CLICKSTREAM_POD_NAME", "ending in -<ordinal>"),
            (["CLICKSTREAM_POD_NAME": "clickstreamd-"], "env CLICKSTREAM_POD_NAME", "got \"clickstreamd-\""),
            (["CLICKSTREAM_POD_NAME": "clickstreamd-01"], "env CLICKSTREAM_POD_NAME", "clickstreamd-0"),
            (["CLICKSTREAM_POD_NAME": "clickstreamd-5000"], "env CLICKSTREAM_POD_NAME", "below 4096"),
            (["CLICKSTREAM_POD_NAME": "-3"], "env CLICKSTREAM_POD_NAME", "got \"-3\""),
            (
                ["CLICKSTREAM_POD_NAME": "clickstreamd-1", "CLICKSTREAM_SHARD_INDEX": "2"],
                "env CLICKSTREAM_SHARD_INDEX",
                "is 2 but CLICKSTREAM_POD_NAME (clickstreamd-1) says shard 1: set one of them"
            ),
        ])
    func malformed(env: [String: String], key: String, message: String) throws {
        let found = try issues(
            env.merging(["CLICKSTREAM_SHARD_COUNT": env["CLICKSTREAM_SHARD_COUNT"] ?? "8"]) { a, _ in a })
        let issue = try #require(found.first { $0.keyPath == key }, "\(found)")
        #expect(issue.message.contains(message), "\(issue.message)")
    }

    @Test("shard errors come together with the other variables' errors")
    func together() throws {
        let found = try issues(["PORT": "http", "CLICKSTREAM_SHARD_COUNT": "x", "CLICKSTREAM_POD_NAME": "pod"])
        #expect(Set(found.map(\.keyPath)) == ["env PORT", "env CLICKSTREAM_SHARD_COUNT", "env CLICKSTREAM_POD_NAME"])
    }

    @Test("agreeing index and pod name are fine")
    func agreeing() throws {
        let config = try load([
            "CLICKSTREAM_POD_NAME": "clickstreamd-2", "CLICKSTREAM_SHARD_INDEX": "2", "CLICKSTREAM_SHARD_COUNT": "3",
        ])
        #expect(config.generator.shardIndex == 2)
    }
}
