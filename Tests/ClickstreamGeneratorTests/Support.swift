import ClickstreamModel
import Foundation

@testable import ClickstreamGenerator

let jan2025: Int64 = 1_735_689_600_000

/// A small world that simulates quickly.
func smallConfig(seed: UInt64 = 7, extended: Bool = true) -> GeneratorConfig {
    var c = GeneratorConfig()
    c.seed = seed
    c.userCount = 2_000
    c.productCount = 1_000
    c.extendedInteractionTypes = extended
    return c
}

func backfill(days: Int64) -> TimeMode {
    .backfill(fromMillis: jan2025, toMillis: jan2025 + days * 86_400_000)
}

/// Generates `total` records in batches of `batchSize`; returns values, keys and records.
func run(
    _ type: DataType, config: GeneratorConfig, mode: TimeMode, total: Int, batchSize: Int,
    shard: Shard = .whole, streamSeed: UInt64 = 3
) -> (values: [String], keys: [String], records: [EncodedBatch.Record]) {
    var g = StreamGenerator(
        dataType: type, world: World(config: config), streamSeed: streamSeed, shard: shard, timeMode: mode,
        startMillis: jan2025)
    var batch = EncodedBatch()
    var values: [String] = []
    var keys: [String] = []
    var records: [EncodedBatch.Record] = []
    while values.count < total && !g.isFinished {
        g.generate(count: min(batchSize, total - values.count), into: &batch)
        for i in 0..<batch.count {
            values.append(String(decoding: batch.value(at: i), as: UTF8.self))
            keys.append(String(decoding: batch.key(at: i), as: UTF8.self))
            var r = batch.records[i]
            r.value = 0..<0
            r.key = 0..<0
            records.append(r)
        }
        batch.removeAll()
    }
    return (values, keys, records)
}

/// Parses a record with Foundation (valid JSON or the test fails).
func object(_ json: String) throws -> [String: Any] {
    let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
    guard let dict = parsed as? [String: Any] else { throw TestFailure.notAnObject(json) }
    return dict
}

enum TestFailure: Error { case notAnObject(String) }

func cents(_ value: Any?) -> Int {
    Int((((value as? NSNumber)?.doubleValue ?? -1) * 100).rounded())
}
