import Testing

@testable import ClickstreamModel

/// Writes with a ByteWriter into a fresh buffer and returns the text.
func written(_ body: (inout ByteWriter) -> Void) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4096) { buf in
        var w = ByteWriter(buf.baseAddress!, capacity: buf.count)
        body(&w)
        return String(decoding: w.written, as: UTF8.self)
    }
}

@Test func timestampsAreISO8601WithMilliseconds() {
    #expect(written { $0.timestamp(millis: 0) } == "1970-01-01T00:00:00.000Z")
    #expect(written { $0.timestamp(millis: 1_735_689_600_000) } == "2025-01-01T00:00:00.000Z")
    #expect(written { $0.timestamp(millis: 1_709_210_096_789) } == "2024-02-29T12:34:56.789Z")
    #expect(written { $0.timestamp(millis: -1) } == "1969-12-31T23:59:59.999Z")
    #expect(written { $0.timestamp(millis: 951_782_400_005) } == "2000-02-29T00:00:00.005Z")
}

@Test func civilConversionRoundTrips() {
    for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
        let (y, m, d) = CivilTime.civil(fromDays: days)
        #expect((1...12).contains(m) && (1...31).contains(d))
        #expect(CivilTime.days(year: y, month: m, day: d) == days)
    }
}

@Test func moneyHasTwoDecimalsFromCents() {
    #expect(written { $0.cents(0) } == "0.00")
    #expect(written { $0.cents(5) } == "0.05")
    #expect(written { $0.cents(1999) } == "19.99")
    #expect(written { $0.cents(123_456_700) } == "1234567.00")
    #expect(written { $0.cents(-250) } == "-2.50")
}

@Test func integersAndFixedPoint() {
    #expect(written { $0.int(0) } == "0")
    #expect(written { $0.int(-42) } == "-42")
    #expect(written { $0.int(Int.max) } == String(Int.max))
    #expect(written { $0.padded(42, width: 8) } == "00000042")
    #expect(written { $0.padded(123_456_789, width: 6) } == "123456789")
    #expect(written { $0.tenths(42) } == "4.2")
    #expect(written { $0.tenThousandths(1234) } == "0.1234")
    #expect(written { $0.tenThousandths(10000) } == "1.0000")
}

@Test func uuidsHaveVersion4Shape() {
    let u = written { $0.uuid(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210) }
    let parts = u.split(separator: "-")
    #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
    #expect(parts[2].first == "4")
    #expect("89ab".contains(parts[3].first!))
}

@Test func escapingCoversJSONSpecials() {
    #expect(written { $0.escaped("a\"b\\c\nd\u{01}") } == "\"a\\\"b\\\\c\\nd\\u0001\"")
    #expect(written { $0.lowercased("Mc Donald's") } == "mcdonalds")
}
