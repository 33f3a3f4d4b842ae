import ClickstreamTestSupport
import Foundation
import Testing

/// Truth beside a stream on the file sink (no Kafka, no disorder): the records written and
/// `<topic>.truth.ndjson` agree, minute by minute and category by category, on every basis.
@Suite("Truth on the file sink")
struct TruthFileSinkTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ProjectPaths.executable("clickstreamd").path)))
    func truthAgreesWithTheRecordsWritten() throws {
        let daemon = try DaemonProcess.start()
        defer { daemon.cleanUp() }
        let id = try daemon.startStream(
            #"{"data_type":"interactions","rate":0,"max_count":3000,"sink":"file","topic":"shop","time_mode":"backfill:2024-03-01/2024-03-02","truth":true,"batch_size":500}"#
        )
        let info = try daemon.waitForStream(id, timeout: 60, "finished with nothing queued") {
            $0["state"] as? String == "finished" && $0["queued"] as? Int == 0
        }
        #expect(info["delivered"] as? Int == 3000 && info["failed"] as? Int == 0, "\(info)")

        let directory = daemon.dataDirectory
        let records = try String(contentsOfFile: "\(directory)/shop.ndjson", encoding: .utf8)
            .split(separator: "\n").map { try DisorderTests.Event(line: String($0)) }
        #expect(records.count == 3000)
        let truth = try String(contentsOfFile: "\(directory)/shop.truth.ndjson", encoding: .utf8)
        let recount = DisorderTests.recount(records)
        #expect(recount.count > 3, "minutes × categories: \(recount.count)")
        for basis in ["generated", "delivered", "sent"] {
            let rows = try DisorderTests.truthRows(truth, basis: basis).filter { $0.value.events > 0 }
            #expect(DisorderTests.differences(rows, recount) == [], "basis \(basis)")
        }
    }
}

extension DisorderTests.Event {
    /// An interaction as the file sink wrote it (one NDJSON line; no headers, no partition).
    init(line: String) throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let stamp = try #require(json["timestamp"] as? String)
        let date = try #require(formatter.date(from: stamp) ?? ISO8601DateFormatter().date(from: stamp), "\(stamp)")
        try self.init(
            json: json, injected: nil, partition: 0, timestamp: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
