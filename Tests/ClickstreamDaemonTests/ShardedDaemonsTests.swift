import ClickstreamTestSupport
import Foundation
import Testing

/// Three real clickstreamd processes as shards 0, 1 and 2 of 3, configured the way the
/// StatefulSet in deploy/kubernetes configures its pods (one config, CLICKSTREAM_POD_NAME
/// and CLICKSTREAM_SHARD_COUNT), streaming to one real Tansu broker; read back per assigned
/// partition with kcat (no consumer group: a group join takes ~23 s on Tansu).
///
/// 300 interactions/s per shard: three debug builds of the session engine on a loaded 2-core
/// machine miss 1000/s each (measured: 550-630/s at load 13); the per-shard figures of a
/// release build are in docs/scaling.md. ~8 s.
@Suite("Sharded daemons")
struct ShardedDaemonsTests {
    static let shards = 3
    static let population = 3000
    static let rate = 300.0
    static let perShard = 1200
    /// Seconds between the two readings of the counters (after a 1 s warm-up).
    static let window = 2.0

    @Test(
        "three shards: their users are the population without overlap, each user's interactions come from one shard, the rates add up"
    )
    func threeShardsToOneBroker() throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let run = UUID().uuidString.prefix(8)
        let usersTopic = "shard-users-\(run)"
        let interactionsTopic = "shard-interactions-\(run)"

        var daemons: [DaemonProcess] = []
        defer { for daemon in daemons { daemon.cleanUp() } }
        for ordinal in 0..<Self.shards {
            daemons.append(
                try DaemonProcess.start(
                    .init(
                        extraTOML: "[generator]\nusers = \(Self.population)\nproducts = 500\n",
                        kafkaBootstrapServers: broker.bootstrapServers,
                        environment: [
                            "CLICKSTREAM_POD_NAME": "clickstreamd-\(ordinal)",
                            "CLICKSTREAM_SHARD_COUNT": "\(Self.shards)",
                        ])))
        }

        // Users: each shard's whole slice, as fast as the broker takes them.
        let slice = Self.population / Self.shards
        try Self.startEverywhere(
            daemons,
            #"{"data_type":"users","rate":0,"max_count":\#(slice),"sink":"kafka","topic":"\#(usersTopic)","name":"users"}"#
        )
        // Interactions: the same rate on every shard, started together; each shard's
        // generated counter is read over a window in which all three run.
        let began = ContinuousClock.now
        try Self.startEverywhere(
            daemons,
            #"{"data_type":"interactions","rate":\#(Self.rate),"max_count":\#(Self.perShard),"sink":"kafka","topic":"\#(interactionsTopic)","name":"interactions"}"#
        )
        Thread.sleep(forTimeInterval: 1)
        let first = try daemons.map { try Self.sample($0, "interactions") }
        Thread.sleep(forTimeInterval: Self.window)
        let second = try daemons.map { try Self.sample($0, "interactions") }
        let shardRates = zip(first, second).map { Double($1.count - $0.count) / ($1.at - $0.at).inSeconds }

        var delivered: [String: Int] = [:]
        for (ordinal, daemon) in daemons.enumerated() {
            try Network.waitUntil(timeout: 30, "shard \(ordinal)'s streams to finish and be acknowledged") {
                let streams = try Self.streams(of: daemon)
                return streams.count == 2
                    && streams.allSatisfy {
                        $0["state"] as? String == "finished" && $0["delivered"] as? Int == $0["generated"] as? Int
                    }
            }
            for stream in try Self.streams(of: daemon) {
                #expect(stream["failed"] as? Int == 0 && stream["queued"] as? Int == 0, "shard \(ordinal): \(stream)")
                let name = try #require(stream["name"] as? String)
                delivered[name, default: 0] += try #require(stream["delivered"] as? Int)
            }
        }

        let acknowledged = ContinuousClock.now

        // The union of the shards' users is the population, without overlap.
        let users = try Kcat.consumeAll(topic: usersTopic, bootstrapServers: broker.bootstrapServers)
        #expect(users.count == delivered["users"])
        var owner: [String: String] = [:]
        var perShard: [String: Int] = [:]
        for message in users {
            let shard = try #require(Self.shard(of: message), "a user without a generator header")
            let id = try #require(message.key)
            #expect(owner.updateValue(shard, forKey: id) == nil, "\(id) came from two shards")
            perShard[shard, default: 0] += 1
        }
        #expect(Set(owner.keys) == Set((0..<Self.population).map { String(format: "user_%08d", $0) }))
        #expect(
            perShard == Dictionary(uniqueKeysWithValues: (0..<Self.shards).map { ("\($0)-of-\(Self.shards)", slice) }))

        // Every user's interactions come from one shard: the one that owns the user.
        let interactions = try Kcat.consumeAll(topic: interactionsTopic, bootstrapServers: broker.bootstrapServers)
        #expect(interactions.count == delivered["interactions"], "every acknowledged interaction is in the topic")
        var shardsSeen: Set<String> = []
        var mismatched: [String] = []
        for message in interactions {
            let shard = try #require(Self.shard(of: message))
            let user = try #require(message.key)
            if owner[user] != shard {
                mismatched.append("\(user) from \(shard), owned by \(owner[user] ?? "no shard")")
            }
            shardsSeen.insert(shard)
        }
        #expect(
            mismatched.isEmpty, "\(mismatched.count) interactions off their user's shard, e.g. \(mismatched.prefix(3))")
        #expect(shardsSeen.count == Self.shards)

        // The rate into the broker is the sum of the shards' rates: each holds its target
        // while the others run, and every record they produced is acknowledged by the broker
        // within the time one shard alone needs for its share.
        let sum = shardRates.reduce(0, +)
        for (ordinal, shardRate) in shardRates.enumerated() {
            #expect(
                abs(shardRate - Self.rate) / Self.rate < 0.15,
                "shard \(ordinal) ran at \(shardRate)/s, target \(Self.rate)/s")
        }
        let target = Double(Self.shards) * Self.rate
        #expect(abs(sum - target) / target < 0.15, "together \(sum)/s (\(shardRates))")
        let intoBroker = Double(interactions.count) / (acknowledged - began).inSeconds
        #expect(
            intoBroker > 0.8 * target,
            "\(interactions.count) records acknowledged in \(acknowledged - began): \(intoBroker)/s")
    }

    /// A stream's `generated` counter and when it was read.
    static func sample(_ daemon: DaemonProcess, _ name: String) throws -> (count: Int, at: ContinuousClock.Instant) {
        let stream = try #require(try streams(of: daemon).first { $0["name"] as? String == name })
        return (try #require(stream["generated"] as? Int), ContinuousClock.now)
    }

    /// `k-of-n` from the `generator` header (`<host>/k-of-n`).
    static func shard(of message: Kcat.Message) -> String? {
        message.headers["generator"]?.split(separator: "/").last.map(String.init)
    }

    static func streams(of daemon: DaemonProcess) throws -> [[String: Any]] {
        let status = try #require(daemon.result("stream.status") as? [String: Any])
        return status["streams"] as? [[String: Any]] ?? []
    }

    /// Sends one stream.start to every daemon at once (one thread each), so that the shards
    /// run side by side.
    static func startEverywhere(_ daemons: [DaemonProcess], _ params: String) throws {
        let errors = ErrorBox()
        DispatchQueue.concurrentPerform(iterations: daemons.count) { index in
            do {
                _ = try daemons[index].result("stream.start", params: params)
            } catch {
                errors.add("shard \(index): \(error)")
            }
        }
        try #require(errors.all.isEmpty, "\(errors.all)")
    }

    final class ErrorBox: @unchecked Sendable {
        private let lock = NSLock()
        private var errors: [String] = []
        func add(_ error: String) { lock.withLock { errors.append(error) } }
        var all: [String] { lock.withLock { errors } }
    }
}

extension Duration {
    fileprivate var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
