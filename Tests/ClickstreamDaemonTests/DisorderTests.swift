import ClickstreamTestSupport
import Foundation
import Testing

/// Disorder on purpose and the truth beside it, read back from a real Tansu broker by
/// assigned partitions (kcat, no consumer group).
///
/// Both daemons run the same config stream (`config-s`, the same backfill day): one with
/// disorder and truth, one without. The records are the same (a stream is a pure function of its seed and
/// time mode), so the undisturbed run shows what was generated: the dropped records are
/// exactly the ones missing, and the truth "as generated" is its recount.
@Suite("Disorder and truth")
struct DisorderTests {
    static let available = ProjectPaths.tool("tansu") != nil && ProjectPaths.tool("kcat") != nil
    /// Enough records that ±10 % of each fraction is 3 standard deviations of its count.
    static let count = 8000
    static let asked: [String: Double] = ["late": 0.1, "out_of_order": 0.1, "duplicate": 0.1, "drop": 0.1]
    static let maxLateness: Int64 = 30_000
    static let window: Int64 = 5000

    /// One interaction as read back.
    struct Event {
        var id: String
        var injected: String?
        var partition: Int
        var timestamp: Int64
        var minute: Int64
        var category: String
        var type: String
        var revenueCents: Int
        var user: String
        var session: String

        init(_ message: Kcat.Message) throws {
            let payload = try #require(message.payload)
            try self.init(
                json: try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]),
                injected: message.headers["injected"], partition: message.partition,
                timestamp: message.timestampMillis)
        }

        /// The fields read from the interaction's JSON, whichever sink wrote it; the others
        /// come from where it was read (Kafka's headers, partition and timestamp).
        init(json: [String: Any], injected: String?, partition: Int, timestamp: Int64) throws {
            id = try #require(json["interaction_id"] as? String)
            self.injected = injected
            self.partition = partition
            self.timestamp = timestamp
            minute = timestamp - timestamp % 60_000
            category = try #require(json["category"] as? String)
            type = try #require(json["interaction_type"] as? String)
            revenueCents = Int((((json["revenue"] as? NSNumber)?.doubleValue ?? 0) * 100).rounded())
            user = try #require(json["user_id"] as? String)
            session = try #require(json["session_id"] as? String)
        }
    }

    /// A truth row's figures, or a recount's.
    struct Figures: Equatable, CustomStringConvertible {
        var events = 0
        var views = 0
        var addToCart = 0
        var purchases = 0
        var revenueCents = 0
        var users = 0
        var sessions = 0
        var description: String {
            "events \(events) views \(views) carts \(addToCart) purchases \(purchases) revenue \(revenueCents) users \(users) sessions \(sessions)"
        }
    }

    /// Per "minute category": the events recounted.
    static func recount(_ events: [Event]) -> [String: Figures] {
        var figures: [String: Figures] = [:]
        var users: [String: Set<String>] = [:]
        var sessions: [String: Set<String>] = [:]
        for e in events {
            let key = "\(e.minute) \(e.category)"
            var f = figures[key, default: Figures()]
            f.events += 1
            if e.type == "view" { f.views += 1 }
            if e.type == "add_to_cart" { f.addToCart += 1 }
            if e.type == "purchase" { f.purchases += 1 }
            f.revenueCents += e.revenueCents
            users[key, default: []].insert(e.user)
            sessions[key, default: []].insert(e.session)
            f.users = users[key]!.count
            f.sessions = sessions[key]!.count
            figures[key] = f
        }
        return figures
    }

    /// The keys whose figures differ, with both sides.
    static func differences(_ a: [String: Figures], _ b: [String: Figures]) -> [String] {
        Set(a.keys).union(b.keys).sorted().compactMap { key in
            a[key] == b[key]
                ? nil : "\(key): \(a[key].map(\.description) ?? "none") vs \(b[key].map(\.description) ?? "none")"
        }
    }

    /// Per "minute category", the truth file's rows of one basis.
    static func truthRows(_ text: String, basis: String) throws -> [String: Figures] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rows: [String: Figures] = [:]
        for line in text.split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard row["basis"] as? String == basis else { continue }
            let stamp = try #require(row["minute"] as? String)
            let minute = try #require(formatter.date(from: stamp))
            let category = try #require(row["category"] as? String)
            let key = "\(Int64(minute.timeIntervalSince1970 * 1000)) \(category)"
            #expect(rows[key] == nil, "minute and category written twice: \(key)")
            rows[key] = Figures(
                events: row["events"] as? Int ?? -1, views: row["views"] as? Int ?? -1,
                addToCart: row["add_to_cart"] as? Int ?? -1, purchases: row["purchases"] as? Int ?? -1,
                revenueCents: Int((((row["revenue"] as? NSNumber)?.doubleValue ?? -1) * 100).rounded()),
                users: row["users"] as? Int ?? -1, sessions: row["sessions"] as? Int ?? -1)
        }
        return rows
    }

    /// Runs the config stream `s` on a fresh daemon until it finished and everything is
    /// delivered; returns its stats entry and a copy of the daemon's data directory.
    static func run(broker: TansuBroker, topic: String, extra: String) throws -> (
        stream: [String: Any], dataDirectory: String
    ) {
        let streams = """
            [[streams]]
            name = "s"
            data_type = "interactions"
            rate = 0
            count = \(count)
            topic = "\(topic)"
            sink = "kafka"
            time_mode = "backfill:2024-03-01/2024-03-02"
            batch_size = 500
            \(extra)
            """
        let daemon = try DaemonProcess.start(
            .init(extraTOML: streams, kafkaBootstrapServers: broker.bootstrapServers))
        defer { daemon.cleanUp() }
        var stream: [String: Any] = [:]
        try Network.waitUntil(timeout: 60, "\(topic) finished and delivered") {
            let status = try #require(daemon.result("stream.status") as? [String: Any])
            stream = (status["streams"] as? [[String: Any]])?.first ?? [:]
            return stream["state"] as? String == "finished" && stream["queued"] as? Int == 0
        }
        // The daemon's totals keep the same identity, disorder's copies and drops included.
        let stats = try #require(daemon.result("stream.stats") as? [String: Any])
        let totals = try #require(stats["global_stats"] as? [String: Any])
        let total = { (key: String) in totals[key] as? Int ?? -1 }
        let injected = stream["disorder"] as? [String: Any] ?? [:]
        #expect(total("total_duplicated") == injected["duplicated"] as? Int ?? 0, "\(totals)")
        #expect(total("total_dropped") == injected["dropped"] as? Int ?? 0, "\(totals)")
        #expect(
            total("total_generated") + total("total_duplicated")
                == total("total_delivered") + total("total_failed") + total("total_queued") + total("total_dropped"),
            "\(totals)")
        let directory = daemon.dataDirectory
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(getpid())-\(topic)")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            try FileManager.default.copyItem(
                atPath: "\(directory)/\(name)", toPath: copy.appendingPathComponent(name).path)
        }
        return (stream, copy.path)
    }

    @Test(.enabled(if: available, "needs scripts/setup"))
    func injectedFractionsLabelsAndTruthAgreeWithTheRecordsReadBack() throws {
        let broker = try TansuBroker.start()
        defer { broker.stop() }
        let spec = "late=0.1:30s,out_of_order=0.1:5s,duplicate=0.1,drop=0.1"
        let (stream, directory) = try Self.run(
            broker: broker, topic: "disordered", extra: "disorder = \"\(spec)\"\ntruth = true")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (plain, plainDirectory) = try Self.run(broker: broker, topic: "undisturbed", extra: "")
        defer { try? FileManager.default.removeItem(atPath: plainDirectory) }

        // The accounting: generated + duplicated = delivered + failed + queued + dropped.
        let disorder = try #require(stream["disorder"] as? [String: Any])
        let generated = try #require(stream["generated"] as? Int)
        let delivered = try #require(stream["delivered"] as? Int)
        let dropped = try #require(disorder["dropped"] as? Int)
        let duplicated = try #require(disorder["duplicated"] as? Int)
        #expect(generated == Self.count && stream["failed"] as? Int == 0 && disorder["held"] as? Int == 0)
        #expect(generated + duplicated == delivered + dropped, "\(stream)")
        #expect(plain["delivered"] as? Int == Self.count && plain["disorder"] == nil)

        let events = try Kcat.consumeAll(topic: "disordered", bootstrapServers: broker.bootstrapServers)
            .map(Event.init)
        let undisturbed = try Kcat.consumeAll(topic: "undisturbed", bootstrapServers: broker.bootstrapServers)
            .map(Event.init)
        #expect(events.count == delivered && undisturbed.count == Self.count)

        // Each fraction within ±10 % of the one asked for.
        var labelled: [String: Int] = [:]
        for e in events { if let label = e.injected { labelled[label, default: 0] += 1 } }
        #expect(Set(labelled.keys).isSubset(of: ["late", "out_of_order", "duplicate"]), "\(labelled)")
        labelled["drop"] = dropped
        #expect(labelled["duplicate"] == duplicated && labelled["late"] == disorder["late"] as? Int)
        for (label, asked) in Self.asked {
            let measured = Double(labelled[label] ?? 0) / Double(Self.count)
            print("injected \(label): asked \(asked), measured \(measured) (\(labelled[label] ?? 0) of \(Self.count))")
            #expect(abs(measured - asked) <= 0.1 * asked, "\(label): asked \(asked), measured \(measured)")
        }

        // A duplicate re-sends a record sent once unlabelled-or-delayed: same interaction_id.
        let originals = events.filter { $0.injected != "duplicate" }
        let originalIDs = Set(originals.map(\.id))
        #expect(originalIDs.count == originals.count, "an interaction_id sent twice without the duplicate label")
        #expect(events.filter { $0.injected == "duplicate" }.allSatisfy { originalIDs.contains($0.id) })

        // Dropped records never appear: exactly `dropped` of the undisturbed run's ids are missing.
        let allIDs = Set(undisturbed.map(\.id))
        #expect(originalIDs.subtracting(allIDs).count == 0)
        #expect(allIDs.subtracting(originalIDs).count == dropped)

        // Delayed records arrive after newer ones, by no more than their bound (per partition).
        var newest: [Int: Int64] = [:]
        var overtaken: [String: Int] = [:]
        for e in events {
            let before = newest[e.partition] ?? .min
            if let label = e.injected, label != "duplicate", before != .min {
                let bound = label == "late" ? Self.maxLateness : Self.window
                #expect(
                    before - e.timestamp <= bound, "\(label) record \(before - e.timestamp) ms behind its neighbours")
                if before > e.timestamp { overtaken[label, default: 0] += 1 }
            } else if e.injected == nil, before != .min {
                #expect(e.timestamp >= before, "an unlabelled record out of order")
            }
            newest[e.partition] = max(before, e.timestamp)
        }
        for label in ["late", "out_of_order"] {
            let share = Double(overtaken[label] ?? 0) / Double(labelled[label] ?? 1)
            print("\(label): \(Int(share * 100)) % arrive after newer records")
            #expect(share > 0.5, "\(label) records mostly arrive in order")
        }

        // The truth: as generated, a recount of the undisturbed run; as delivered, of the
        // records read back without the labelled duplicates (= the undisturbed run without
        // the dropped); as sent, of every record read back.
        let truth = try String(contentsOfFile: "\(directory)/disordered.truth.ndjson", encoding: .utf8)
        // (A minute and category whose records were all dropped has rows of zeros.)
        func rows(_ basis: String) throws -> [String: Figures] {
            try Self.truthRows(truth, basis: basis).filter { $0.value.events > 0 }
        }
        let recountGenerated = Self.recount(undisturbed)
        #expect(Self.differences(try rows("generated"), recountGenerated) == [])
        let deliveredOnce = Self.recount(events.filter { $0.injected != "duplicate" })
        #expect(Self.differences(try rows("delivered"), deliveredOnce) == [])
        #expect(Self.differences(deliveredOnce, Self.recount(undisturbed.filter { originalIDs.contains($0.id) })) == [])
        #expect(Self.differences(try rows("sent"), Self.recount(events)) == [])
        #expect(try rows("sent").values.reduce(0) { $0 + $1.events } == delivered)
        #expect(recountGenerated.count > 3, "the day's first minutes: \(recountGenerated.keys.sorted())")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickstreamd").path)))
    func badDisorderIsRefusedNamingTheField() throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        let cases: [(String, String)] = [
            (#"{"disorder":"late=0.05"}"#, "largest delay"),
            (#"{"disorder":"late=1.5:30s"}"#, "between 0 and 1"),
            (#"{"disorder":"sometimes=0.1"}"#, "late=<fraction>:<delay>"),
            (#"{"disorder":"late=0.6:1s,drop=0.6"}"#, "at most 1"),
            (#"{"disorder":"drop=0.1","sink":"file"}"#, "needs the kafka sink"),
            (#"{"disorder":"drop=0.1","data_type":"users","sink":"kafka"}"#, "interactions only"),
            (#"{"truth":true,"data_type":"sessions","sink":"file"}"#, "interactions only"),
        ]
        for (params, words) in cases {
            let response = try daemon.request("stream.start", params: params)
            let error = try #require(response["error"] as? [String: Any], "\(params) accepted")
            let message = error["message"] as? String ?? ""
            #expect(message.contains(words), "\(params): \(message)")
            let field = (error["data"] as? [String: Any])?["field"] as? String
            #expect(field == "disorder" || field == "truth" || message.contains("disorder"), "\(params): \(error)")
        }
        #expect(try daemon.request("stream.status")["result"] != nil, "the daemon keeps running")
    }
}
