import ClickstreamGenerator
import ClickstreamModel
import Foundation

/// A measured figure, its target range and where the range comes from (docs/realism.md).
struct RealismRow {
    var name: String
    var value: Double
    var range: ClosedRange<Double>
    var percent: Bool
    var source: String

    var inRange: Bool { range.contains(value) }

    var formatted: String {
        func show(_ v: Double) -> String {
            percent ? String(format: "%.1f%%", v * 100) : String(format: "%.2f", v)
        }
        let padded = name.padding(toLength: 40, withPad: " ", startingAt: 0)
        let measured = show(value).padding(toLength: 10, withPad: " ", startingAt: 0)
        let target = (show(range.lowerBound) + "–" + show(range.upperBound)).padding(
            toLength: 14, withPad: " ", startingAt: 0)
        return "\(padded) \(measured) \(target)\(source)\(inRange ? "" : "   << OUT OF RANGE")"
    }
}

/// Reads the generator's own JSON output (interactions and sessions streams of the same
/// seed) and computes the figures the realism report prints.
struct RealismSample {
    var interactions = 0
    var sessions = 0
    var typeCounts: [String: Int] = [:]
    var viewsPerProduct: [Int: Int] = [:]
    var productCount = 0
    var sessionLengths: [Int] = []
    var converted = 0
    var carted = 0
    var cartedAndConverted = 0
    var abandonedAtEnd = 0
    var startsByLocalHour = [Int](repeating: 0, count: 24)
    var startsByUTCHour = [Int](repeating: 0, count: 24)

    static func collect(world: World, mode: TimeMode) -> RealismSample {
        var sample = RealismSample()
        sample.productCount = world.productCount
        let interactions = eachRecord(of: .interactions, world: world, mode: mode) { v, kind in
            sample.typeCounts[String(describing: kind.name), default: 0] += 1
            if kind == .view, let p = JSONField.string(v, "product_id"), let n = Int(p.dropFirst(5)) {
                sample.viewsPerProduct[n, default: 0] += 1
            }
        }
        let sessions = eachRecord(of: .sessions, world: world, mode: mode) { v, _ in
            let count = JSONField.int(v, "interactions_count") ?? 0
            sample.sessionLengths.append(count)
            let conv = JSONField.raw(v, "converted") == "true"
            let atc = JSONField.int(v, "add_to_cart") ?? 0
            if conv { sample.converted += 1 }
            if atc > 0 {
                sample.carted += 1
                if conv { sample.cartedAndConverted += 1 }
            }
            if JSONField.raw(v, "cart_abandoned") == "true" { sample.abandonedAtEnd += 1 }
            if let user = JSONField.string(v, "user_id"), let idx = Int(user.dropFirst(5)),
                let start = JSONField.string(v, "start_time")
            {
                let offset = world.user(idx).utcOffsetMinutes
                let utcHour = Int(start.dropFirst(11).prefix(2)) ?? 0
                let utcMinute = Int(start.dropFirst(14).prefix(2)) ?? 0
                let local = ((utcHour * 60 + utcMinute + offset) % 1440 + 1440) % 1440
                sample.startsByLocalHour[local / 60] += 1
                sample.startsByUTCHour[utcHour % 24] += 1
            }
        }
        sample.interactions = interactions
        sample.sessions = sessions
        return sample
    }

    /// Runs a stream of `dataType` records to its end and hands each record's JSON and kind
    /// to `body`; returns how many there were.
    private static func eachRecord(
        of dataType: DataType, world: World, mode: TimeMode, _ body: (ArraySlice<UInt8>, EventKind) -> Void
    ) -> Int {
        var batch = EncodedBatch(byteCapacity: 1 << 20, recordCapacity: 1000)
        var stream = StreamGenerator(dataType: dataType, world: world, streamSeed: 7, timeMode: mode, startMillis: 0)
        var count = 0
        while !stream.isFinished {
            stream.generate(count: 1000, into: &batch)
            for i in 0..<batch.count { body(batch.value(at: i), batch.records[i].kind) }
            count += batch.count
            batch.removeAll()
        }
        return count
    }

    func rows() -> [RealismRow] {
        let views = Double(typeCounts["view"] ?? 0)
        let carts = Double(typeCounts["add_to_cart"] ?? 0)
        let purchases = Double(typeCounts["purchase"] ?? 0)
        let sorted = sessionLengths.sorted()
        let mean = Double(sorted.reduce(0, +)) / Double(max(1, sorted.count))
        let median = sorted.isEmpty ? 0 : Double(sorted[sorted.count / 2])
        let single = Double(sorted.prefix { $0 == 1 }.count) / Double(max(1, sorted.count))
        let counts = viewsPerProduct.values.sorted(by: >)
        let totalViews = Double(counts.reduce(0, +))
        func topShare(_ fraction: Double) -> Double {
            let k = max(1, Int(Double(productCount) * fraction))
            return Double(counts.prefix(k).reduce(0, +)) / max(1, totalViews)
        }
        let peak = Double(startsByLocalHour.max() ?? 0)
        let trough = Double(max(1, startsByLocalHour.min() ?? 1))
        let utcPeak = Double(startsByUTCHour.max() ?? 0)
        let utcTrough = Double(max(1, startsByUTCHour.min() ?? 1))
        let s = Double(max(1, sessions))
        return [
            RealismRow(
                name: "add_to_cart / view", value: carts / max(1, views), range: 0.05...0.15, percent: true,
                source: "Littledata, Smart Insights"),
            RealismRow(
                name: "purchase / view", value: purchases / max(1, views), range: 0.01...0.04, percent: true,
                source: "Littledata, IRP Commerce"),
            RealismRow(
                name: "purchase / add_to_cart", value: purchases / max(1, carts), range: 0.15...0.40, percent: true,
                source: "Baymard (1 - abandonment)"),
            RealismRow(
                name: "sessions that convert", value: Double(converted) / s, range: 0.015...0.04, percent: true,
                source: "IRP Commerce, Shopify"),
            RealismRow(
                name: "sessions with a cart", value: Double(carted) / s, range: 0.05...0.15, percent: true,
                source: "Littledata, Smart Insights"),
            RealismRow(
                name: "cart abandonment (carts not bought)",
                value: 1 - Double(cartedAndConverted) / Double(max(1, carted)),
                range: 0.65...0.80, percent: true, source: "Baymard Institute (~70%)"),
            RealismRow(
                name: "sessions ending with a full cart", value: Double(abandonedAtEnd) / s, range: 0.03...0.12,
                percent: true, source: "derived: carts × abandonment"),
            RealismRow(
                name: "session length mean (events)", value: mean, range: 3...9, percent: false,
                source: "Contentsquare (pages/session 4-6)"),
            RealismRow(
                name: "session length median (events)", value: median, range: 2...5, percent: false,
                source: "heavy tail: median < mean"),
            RealismRow(
                name: "1-event sessions (bounce)", value: single, range: 0.25...0.55, percent: true,
                source: "Contentsquare, Littledata"),
            RealismRow(
                name: "views on top 1% of products", value: topShare(0.01), range: 0.15...0.50, percent: true,
                source: "Zipf/long tail (Brynjolfsson)"),
            RealismRow(
                name: "views on top 20% of products", value: topShare(0.20), range: 0.60...0.85, percent: true,
                source: "Pareto 80/20 (Anderson)"),
            RealismRow(
                name: "session starts peak/trough hour (local)", value: peak / trough, range: 3...8, percent: false,
                source: "Google/Similarweb hourly"),
            RealismRow(
                name: "session starts peak/trough hour (UTC)", value: utcPeak / utcTrough, range: 3...8,
                percent: false, source: "one home market (docs/streams.md)"),
        ]
    }
}

/// Tiny field extractor for the generator's own flat JSON (no nesting ambiguity for the
/// keys used here). Report-only; the hot path never parses JSON.
enum JSONField {
    static func raw(_ bytes: ArraySlice<UInt8>, _ key: String) -> Substring? {
        let needle = Array("\"\(key)\":".utf8)
        guard let start = find(needle, in: bytes) else { return nil }
        var end = start
        while end < bytes.endIndex, bytes[end] != 0x2C, bytes[end] != 0x7D { end += 1 }
        return Substring(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    static func string(_ bytes: ArraySlice<UInt8>, _ key: String) -> Substring? {
        guard let r = raw(bytes, key), r.first == "\"" else { return nil }
        return r.dropFirst().dropLast()
    }

    static func int(_ bytes: ArraySlice<UInt8>, _ key: String) -> Int? {
        raw(bytes, key).flatMap { Int($0) }
    }

    private static func find(_ needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = bytes.startIndex
        let last = bytes.endIndex - needle.count
        while i <= last {
            if bytes[i] == needle[0] {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i + needle.count }
            }
            i += 1
        }
        return nil
    }
}
