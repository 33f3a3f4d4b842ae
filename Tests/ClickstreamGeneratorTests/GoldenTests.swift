import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

/// Pins what a seed generates, so a change to the vocabularies (an entry, its order, a weight)
/// or to the draws shows up as a failure rather than as quietly different data. A deliberate
/// change updates the fingerprints here.
@Suite("Golden records")
struct GoldenTests {
    /// FNV-1a, 64 bits: stable across runs and platforms (unlike `Hasher`).
    struct Fingerprint {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
            for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
            value = (value ^ 0xFF) &* 0x100_0000_01b3
        }
        mutating func add(_ s: StaticString) {
            add(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }
        mutating func add(_ x: Double) { add(withUnsafeBytes(of: x.bitPattern.littleEndian, Array.init)) }
        mutating func add(_ x: Int) { add(withUnsafeBytes(of: Int64(x).littleEndian, Array.init)) }
    }

    /// Every entry of every vocabulary, in order.
    @Test func vocabularies() {
        var f = Fingerprint()
        for list in [
            Vocabulary.firstNames, Vocabulary.lastNames, Vocabulary.emailDomains, Vocabulary.genders,
            Vocabulary.acquisitionChannels, Vocabulary.adjectives, Vocabulary.descriptionOpeners,
            Vocabulary.descriptionClosers, Vocabulary.deviceInfos, Vocabulary.searchReferrers,
            Vocabulary.socialReferrers, Vocabulary.referralReferrers, Vocabulary.campaigns,
        ] {
            f.add(list.count)
            for s in list { f.add(s) }
        }
        for w in Vocabulary.acquisitionWeights { f.add(w) }
        for c in Vocabulary.cities {
            for s in [c.name, c.location, c.countryCode, c.country, c.timeZone, c.language] { f.add(s) }
            f.add(c.utcOffsetMinutes)
            f.add([c.ipFirstOctets.0, c.ipFirstOctets.1])
            f.add(c.weight)
        }
        for c in Vocabulary.clients {
            f.add(Int(c.device.rawValue))
            for s in [c.os, c.browser, c.userAgent] { f.add(s) }
            f.add(c.weight)
        }
        for w in Vocabulary.categoryWords {
            f.add(w.skuPrefix)
            f.add(w.slug)
            for list in [w.brands, w.nouns, w.tags, w.queries] {
                f.add(list.count)
                for s in list { f.add(s) }
            }
        }
        #expect(f.value == 0x8a39_f3a0_82a7_1d65, "vocabulary fingerprint \(String(f.value, radix: 16))")
    }

    /// The first records of every type in every encoding, for one seed, in a world of all markets
    /// (so every city can appear).
    @Test(arguments: [
        (RecordFormat.json, 0xd79b_eb77_04a5_a486 as UInt64), (.avro, 0x6487_af75_3fd5_3562),
        (.protobuf, 0xf9f6_944f_29e6_1e6a),
    ])
    func records(format: RecordFormat, fingerprint: UInt64) {
        var config = smallConfig()
        config.markets = Dictionary(uniqueKeysWithValues: GeneratorConfig.marketCountryCodes.map { ($0, 1.0) })
        var f = Fingerprint()
        for type in DataType.allCases {
            var g = StreamGenerator(
                dataType: type, world: World(config: config), streamSeed: 5, timeMode: backfill(days: 10),
                startMillis: jan2025,
                encoding: RecordEncoding(format: format, schemaID: 1))
            var batch = EncodedBatch()
            g.generate(count: 2_000, into: &batch)
            #expect(batch.count == 2_000)
            for i in 0..<batch.count {
                f.add(batch.value(at: i))
                f.add(batch.key(at: i))
            }
        }
        #expect(f.value == fingerprint, "\(format) fingerprint \(String(f.value, radix: 16))")
    }
}
