import ClickstreamTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// JSON-RPC over the real Unix socket of a real clickstreamd.
@Suite("RPC server", .serialized)
final class RPCServerTests {
    let daemon: DaemonProcess

    init() throws {
        daemon = try DaemonProcess.start(.smallLimits("max_rate = 50000\nmax_batch_size = 2000\n"))
    }

    deinit { daemon.cleanUp() }

    private func errorCode(_ response: [String: Any]) -> Int? { (response["error"] as? [String: Any])?["code"] as? Int }
    private func errorMessage(_ response: [String: Any]) -> String {
        ((response["error"] as? [String: Any])?["message"] as? String) ?? ""
    }

    @Test("every method answers with its result shape")
    func roundTrips() throws {
        let client = try daemon.connect()
        let health = try #require(client.request("health")["result"] as? [String: Any])
        #expect(health["status"] as? String == "healthy")
        #expect(health["kafka_connected"] as? Bool == false)
        #expect((health["timestamp"] as? String)?.contains("T") == true)

        let version = try #require(client.request("daemon.version")["result"] as? [String: Any])
        #expect(version["pid"] as? Int == Int(daemon.pid))
        #expect(version["version"] as? String != nil)

        for type in ["users", "products", "interactions"] {
            let sample = try #require(client.request("sample.\(type)", params: #"{"count":3}"#)["result"] as? [Any])
            #expect(sample.count == 3)
        }
        let defaultSample = try #require(client.request("sample.users")["result"] as? [Any])
        #expect(defaultSample.count == 10)

        for type in ["users", "products", "interactions", "sessions"] {
            let generated = try #require(
                client.request("generate.\(type)", params: #"{"count":7}"#)["result"] as? [String: Any])
            #expect(generated["success"] as? Bool == true)
            #expect(generated["count_generated"] as? Int == 7)
            #expect((generated["records"] as? [Any])?.count == 7)
            #expect(generated["time_taken"] as? Double != nil)
        }

        let streamed = try #require(
            client.request("generate.users", params: #"{"count":50,"stream":true,"batch_size":10,"rate":1000}"#)[
                "result"] as? [String: Any])
        #expect(streamed["count_generated"] as? Int == 50)
        #expect(streamed["delivered"] as? Int == 50)
        #expect(streamed["records"] == nil)
        let usersFile = try String(contentsOfFile: daemon.dataDirectory + "/users.ndjson", encoding: .utf8)
        #expect(usersFile.split(separator: "\n").count == 50)

        let started = try #require(
            client.request("stream.start", params: #"{"data_type":"products","rate":200,"name":"p"}"#)["result"]
                as? [String: Any])
        let id = try #require(started["stream_id"] as? String)
        #expect(started["status"] as? String == "started")
        #expect(started["data_type"] as? String == "products")

        let status = try #require(client.request("stream.status")["result"] as? [String: Any])
        #expect(status["is_running"] as? Bool == true)
        #expect((status["active_streams"] as? [String])?.contains(id) == true)
        #expect(status["start_time"] as? String != nil)

        Thread.sleep(forTimeInterval: 0.5)
        let stats = try #require(client.request("stream.stats")["result"] as? [String: Any])
        let global = try #require(stats["global_stats"] as? [String: Any])
        #expect((global["total_generated"] as? Int ?? 0) >= 50)
        #expect(stats["active_streams"] as? Int == 1)
        #expect(stats["cache_stats"] as? [String: Any] != nil)

        let stopped = try #require(
            client.request("stream.stop", params: #"{"stream_id":"\#(id)"}"#)["result"] as? [String: Any])
        #expect(stopped["status"] as? String == "stopped")
        let final = try #require(stopped["final_stats"] as? [String: Any])
        #expect(final["state"] as? String == "stopped")
        let generated = try #require(final["generated"] as? Int)
        #expect(generated > 0 && final["delivered"] as? Int == generated)

        let reload = try #require(client.request("config.reload")["result"] as? [String: Any])
        #expect(reload["reloaded"] as? Bool == true)
        #expect(reload["config_path"] as? String == daemon.configPath)
    }

    @Test("non-streaming generate.sessions returns whole sessions that ended by now")
    func generateSessions() throws {
        let client = try daemon.connect()
        let before = Date()
        let result = try #require(
            client.request("generate.sessions", params: #"{"count":5}"#)["result"] as? [String: Any])
        #expect(result["success"] as? Bool == true)
        #expect(result["count_generated"] as? Int == 5)
        let records = try #require(result["records"] as? [[String: Any]])
        #expect(records.count == 5)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        func date(_ value: Any?) -> Date? { (value as? String).flatMap { iso.date(from: $0) ?? plain.date(from: $0) } }
        var ids = Set<String>()
        for record in records {
            let id = try #require(record["session_id"] as? String)
            ids.insert(id)
            #expect(UUID(uuidString: id) != nil, "\(record)")
            #expect((record["user_id"] as? String)?.isEmpty == false)
            let start = try #require(date(record["start_time"]), "\(record)")
            let end = try #require(date(record["end_time"]), "\(record)")
            #expect(start <= end)
            #expect(end <= before.addingTimeInterval(5), "a generated session ends in the future: \(record)")
            #expect((record["interactions_count"] as? Int ?? 0) >= 1)
            #expect(record["products_viewed"] is [Any])
        }
        #expect(ids.count == 5)
    }

    @Test("a streaming generate.* is listed in stream.status while it runs, then as finished")
    func streamingGenerateIsListed() throws {
        let caller = try daemon.connect()
        // 40 records at 40/s: about a second of running.
        try caller.send(
            Array(
                #"{"jsonrpc":"2.0","id":1,"method":"generate.products","params":{"count":40,"stream":true,"rate":40,"batch_size":1}}"#
                    .utf8) + [0x0A])
        let observer = try daemon.connect()
        var seenRunning: [String: Any]?
        let deadline = Date().addingTimeInterval(10)
        while seenRunning == nil && Date() < deadline {
            let status = try #require(observer.request("stream.status")["result"] as? [String: Any])
            let streams = status["streams"] as? [[String: Any]] ?? []
            seenRunning = streams.first {
                $0["name"] as? String == "generate.products" && $0["state"] as? String == "running"
            }
            if seenRunning == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let running = try #require(seenRunning, "the generate call never showed up as a running stream")
        let id = try #require(running["stream_id"] as? String)
        #expect(running["target_rate"] as? Double == 40)
        #expect(running["max_count"] as? Int == 40)

        let line = try #require(try caller.readLine(timeout: 15))
        let response = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let result = try #require(response["result"] as? [String: Any], "\(response)")
        #expect(result["count_generated"] as? Int == 40)

        let status = try #require(observer.request("stream.status")["result"] as? [String: Any])
        let streams = status["streams"] as? [[String: Any]] ?? []
        let ended = try #require(streams.first { $0["stream_id"] as? String == id })
        #expect(ended["state"] as? String == "finished")
        #expect(ended["generated"] as? Int == 40)
        #expect((status["active_streams"] as? [String])?.contains(id) == false)
    }

    @Test("standard error codes: -32700, -32600, -32601, -32602")
    func standardErrors() throws {
        let client = try daemon.connect()
        // Garbage: -32700, id null, and the same connection goes on working.
        let parse = try #require(try client.call("{not json") as? [String: Any])
        #expect(errorCode(parse) == -32700)
        #expect(parse["id"] is NSNull)
        #expect(try client.request("health")["result"] != nil)

        let invalid: [String] = [
            #"{"id":1,"method":"health"}"#,  // no jsonrpc
            #"{"jsonrpc":"1.0","id":1,"method":"health"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":5}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"health","params":"x"}"#,
            #"{"jsonrpc":"2.0","id":{"a":1},"method":"health"}"#,
            "[]", "42", #""text""#,
        ]
        for line in invalid {
            let response = try #require(try client.call(line) as? [String: Any], "\(line)")
            #expect(errorCode(response) == -32600, "\(line)")
        }
        let echoed = try #require(try client.call(#"{"jsonrpc":"1.0","id":"abc","method":"health"}"#) as? [String: Any])
        #expect(echoed["id"] as? String == "abc")

        let missing = try client.request("no.such.method", id: 9)
        #expect(errorCode(missing) == -32601)
        #expect(missing["id"] as? Int == 9)
        #expect(errorMessage(missing).contains("no.such.method"))

        let badParams: [(String, String, String)] = [
            ("sample.users", #"{"count":"many"}"#, "count"),
            ("sample.users", #"{"count":0}"#, "count"),
            ("sample.users", #"{"cuont":3}"#, "cuont"),
            ("generate.users", #"[1,2]"#, "object"),
            ("stream.start", #"{"data_type":"clicks"}"#, "data_type"),
            ("stream.start", #"{"rate":-1}"#, "rate"),
            ("stream.start", #"{"sink":"s3"}"#, "sink"),
            ("stream.start", #"{"time_mode":"sometimes"}"#, "time_mode"),
            ("stream.stop", #"{}"#, "stream_id"),
        ]
        for (method, params, field) in badParams {
            let response = try client.request(method, params: params)
            #expect(errorCode(response) == -32602, "\(method) \(params): \(response)")
            #expect(errorMessage(response).contains(field), "\(method) \(params): \(errorMessage(response))")
        }
        let details = try #require(
            client.request("sample.users", params: #"{"count":"many"}"#)["error"] as? [String: Any])
        let data = try #require(details["data"] as? [String: Any])
        #expect(data["field"] as? String == "count")
        #expect(data["got"] as? String == "many")
    }

    @Test("clickstream error codes: not found, limit exceeded (naming the cap), unavailable, invalid config")
    func clickstreamErrors() throws {
        let client = try daemon.connect()
        let notFound = try client.request("stream.stop", params: #"{"stream_id":"stream-nope"}"#)
        #expect(errorCode(notFound) == -32004)

        let caps: [(String, String, String)] = [
            ("generate.users", #"{"count":5001}"#, "limits.max_generate_count"),
            ("sample.products", #"{"count":101}"#, "limits.max_sample_count"),
            ("stream.start", #"{"rate":50001}"#, "limits.max_rate"),
            ("generate.users", #"{"count":10,"batch_size":2001}"#, "limits.max_batch_size"),
        ]
        for (method, params, key) in caps {
            let response = try client.request(method, params: params)
            #expect(errorCode(response) == -32005, "\(method) \(params)")
            #expect(errorMessage(response).contains(key), "\(errorMessage(response))")
        }

        let kafka = try client.request("stream.start", params: #"{"sink":"kafka","rate":10}"#)
        #expect(errorCode(kafka) == -32006)
        #expect(errorMessage(kafka).contains("Kafka"))
    }

    @Test("batches and notifications")
    func batches() throws {
        let client = try daemon.connect()
        let line =
            #"[{"jsonrpc":"2.0","id":1,"method":"daemon.version"},{"jsonrpc":"2.0","method":"health"},"#
            + #"{"jsonrpc":"2.0","id":2,"method":"nope"},{"jsonrpc":"2.0","id":3,"method":"sample.users","params":{"count":2}},5]"#
        let responses = try #require(try client.call(line) as? [[String: Any]])
        #expect(responses.count == 4)  // the notification gets no response
        #expect(responses[0]["id"] as? Int == 1 && responses[0]["result"] != nil)
        #expect(responses[1]["id"] as? Int == 2 && errorCode(responses[1]) == -32601)
        #expect((responses[2]["result"] as? [Any])?.count == 2)
        #expect(errorCode(responses[3]) == -32600)

        // Notifications alone: nothing comes back; the next request's answer is the next line.
        try client.sendLine(#"{"jsonrpc":"2.0","method":"health"}"#)
        try client.sendLine(#"[{"jsonrpc":"2.0","method":"health"},{"jsonrpc":"2.0","method":"daemon.version"}]"#)
        let next = try client.request("daemon.version", id: 77)
        #expect(next["id"] as? Int == 77)
    }

    @Test("an oversized request gets -32600 naming the limit; the connection and others carry on")
    func oversized() throws {
        let client = try daemon.connect()
        let other = try daemon.connect()
        let huge =
            #"{"jsonrpc":"2.0","id":1,"method":"health","params":{"pad":""# + String(repeating: "x", count: 1_200_000)
            + #""}}"#
        try client.sendLine(huge)
        let line = try #require(try client.readLine())
        let response = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(errorCode(response) == -32600)
        #expect(errorMessage(response).contains("daemon.max_request_bytes"))
        #expect(try client.request("health", id: 2)["result"] != nil)
        #expect(try other.request("health")["result"] != nil)
    }

    @Test("many clients at once, and broken ones, do not disturb each other")
    func manyClients() async throws {
        let path = daemon.socketPath
        // Broken clients: half a request then hang up; a half-open one that never finishes its line.
        let broken = try UnixSocketClient(path: path)
        try broken.send(Array(#"{"jsonrpc":"2.0","id":1,"met"#.utf8))
        let hangingUp = try UnixSocketClient(path: path)
        try hangingUp.send(Array("garbage without newline".utf8))
        hangingUp.shutdownWrite()
        _ = try? hangingUp.readLine(timeout: 5)

        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<32 {
                group.addTask {
                    let client = try UnixSocketClient(path: path)
                    var ok = 0
                    for call in 0..<20 {
                        let response = try client.request(
                            "sample.users", params: #"{"count":2}"#, id: worker * 100 + call)
                        if response["id"] as? Int == worker * 100 + call, (response["result"] as? [Any])?.count == 2 {
                            ok += 1
                        }
                    }
                    return ok
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answered == 32 * 20)
        #expect(try daemon.request("health")["result"] != nil)
        _ = broken
    }

    @Test("the socket has mode 0660 and a second daemon refuses to take it over")
    func socketFile() throws {
        var info = stat()
        #expect(lstat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)

        let second = try ChildProcess(
            executable: ProjectPaths.executable("clickstreamd").path,
            arguments: ["--config", daemon.configPath])
        let code = second.waitForExit(timeout: 20)
        #expect(code != nil && code != 0)
        #expect(second.output.contains("another clickstreamd"))
        #expect(try daemon.request("health")["result"] != nil)
    }
}
