import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

@Suite("HTTP NDJSON streaming")
struct HTTPNDJSONTests {
    @Test func durationAndRateGiveTheExactLineCountOnTime() async throws {
        try await withHTTPServer { client, _ in
            let start = ContinuousClock.now
            let response = try await client.get("/stream/interactions?rate=200&duration=1")
            let elapsed = start.duration(to: .now).seconds
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/x-ndjson")
            let lines = response.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.last == "")
            #expect(lines.count - 1 == 200)
            for line in lines.dropLast() {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
            }
            // Paced: 200 records at 200/s cannot arrive in much less than a second. (How
            // closely the rate is held is measured by `clickbench rate`, not timed here.)
            #expect(elapsed > 0.9, "took \(elapsed) s")
        }
    }

    @Test func countEndsTheStream() async throws {
        try await withHTTPServer { client, _ in
            let response = try await client.get("/stream/users?rate=1000&count=25")
            #expect(response.status == 200)
            #expect(response.text.split(separator: "\n").count == 25)
        }
    }

    @Test(arguments: ["interactions", "users", "products"])
    func everyDataTypeStreams(_ type: String) async throws {
        try await withHTTPServer { client, _ in
            let response = try await client.get("/stream/\(type)?rate=1000&count=50")
            let lines = response.text.split(separator: "\n")
            #expect(lines.count == 50)
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] })
        }
    }

    /// The original delivered ~620/s when asked for 2,000/s and ended on time with fewer
    /// records; here a duration at a rate means exactly rate × duration records, paced.
    @Test func twoThousandPerSecondForTwoSecondsIsFourThousandRecords() async throws {
        try await withHTTPServer { client, _ in
            let start = ContinuousClock.now
            let response = try await client.get("/stream/interactions?rate=2000&duration=2")
            let elapsed = start.duration(to: .now).seconds
            let lines = response.text.split(separator: "\n").count
            #expect(lines == 4000)
            #expect(elapsed > 1.9, "4000 records at 2000/s took only \(elapsed) s")
        }
    }

    @Test func clientDisconnectEndsTheStream() async throws {
        try await withHTTPServer { client, server in
            let received = try await client.readThenDisconnect(
                "/stream/interactions?rate=100&duration=600", minimumBytes: 200)
            #expect(String(decoding: received, as: UTF8.self).contains("application/x-ndjson"))
            let deadline = ContinuousClock.now.advanced(by: .seconds(15))
            while server.ndjsonActivity.open > 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.ndjsonActivity.open == 0)
        }
    }

    @Test func capsAndBadValues() async throws {
        var limits = HTTPLimits()
        limits.maxNDJSONRate = 500
        limits.maxNDJSONDuration = 5
        limits.maxNDJSONCount = 100
        try await withHTTPServer(settings: HTTPServerSettings(host: "127.0.0.1", port: 0, limits: limits)) {
            client, _ in
            let fast = try await client.get("/stream/interactions?rate=501")
            #expect(fast.refused(422, mentioning: "max_ndjson_rate"), "\(fast.text)")
            let long = try await client.get("/stream/users?duration=6")
            #expect(long.refused(422, mentioning: "max_ndjson_duration"), "\(long.text)")
            let many = try await client.get("/stream/users?count=101")
            #expect(many.refused(422, mentioning: "max_ndjson_count"), "\(many.text)")
            #expect(try await client.get("/stream/users?rate=0").status == 400)
            #expect(try await client.get("/stream/users?rate=abc").status == 400)
            #expect(try await client.get("/stream/users?count=0").status == 400)
        }
    }

    @Test func planBounds() throws {
        let limits = HTTPLimits()
        #expect(try NDJSONPlan(dataType: .users, query: [:], limits: limits).total == 600)
        #expect(try NDJSONPlan(dataType: .users, query: ["rate": 3, "duration": 0.5], limits: limits).total == 2)
        #expect(try NDJSONPlan(dataType: .users, query: ["rate": 1000, "count": 10], limits: limits).total == 10)
    }
}

/// `[http] max_ndjson_rate` of a real daemon's config file reaches the route and /openapi.json.
@Suite("NDJSON rate cap from the config")
struct NDJSONRateCapConfigTests {
    @Test("the cap in force is the config key's, stated in /openapi.json and named in the 422")
    func capFromConfig() async throws {
        let daemon = try await HTTPTestClient.onThread {
            try DaemonProcess.start(
                .init(
                    http: true,
                    configText: """
                        [daemon]
                        socket_path = "{{DIR}}/run/clickstreamd.sock"
                        state_dir = "{{DIR}}/state"
                        [http]
                        host = "127.0.0.1"
                        port = {{HTTP_PORT}}
                        max_ndjson_rate = 300000
                        [sinks.file]
                        directory = "{{DIR}}/data"
                        """))
        }
        defer { daemon.stop() }
        let client = HTTPTestClient(port: daemon.httpPort)
        let document = try await client.get("/openapi.json").object
        let paths = document["paths"] as? [String: Any]
        let get = (paths?["/stream/interactions"] as? [String: Any])?["get"] as? [String: Any]
        let rate = (get?["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "rate" }
        #expect((rate?["schema"] as? [String: Any])?["maximum"] as? Double == 300_000, "\(rate ?? [:])")
        let over = try await client.get("/stream/interactions?rate=300001&duration=1")
        #expect(over.refused(422, mentioning: "max_ndjson_rate"), "\(over.text)")
        let within = try await client.get("/stream/interactions?rate=250000&count=1000")
        #expect(within.status == 200)
        #expect(within.text.split(separator: "\n").count == 1000)
    }
}
