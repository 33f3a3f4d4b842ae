import ClickstreamAPI
import Testing

@Suite("Client units: what operators type and read")
struct ClientUnitsTests {
    @Test(arguments: [
        ("500", 500.0), ("10k", 10_000), ("10K", 10_000), ("1.5M", 1_500_000), ("2G", 2e9),
        ("2000/s", 2000), (" 250 ", 250), ("1_000", 1000), ("0", 0), ("max", 0), ("0.5", 0.5),
    ])
    func ratesParse(text: String, expected: Double) throws {
        #expect(try Units.parseRate(text) == expected)
    }

    @Test(arguments: ["", "k", "10x", "-5", "1.5.2k", "ten", "10m", "1e3"])
    func badRatesAreRefusedWithTheAcceptedForms(text: String) {
        #expect {
            try Units.parseRate(text)
        } throws: { error in
            "\(error)".contains("invalid rate '\(text)'") && "\(error)".contains("10k")
        }
    }

    @Test(arguments: [("1000", 1000), ("10k", 10_000), ("1M", 1_000_000), ("2.5k", 2500), ("1,000", 1000)])
    func countsParse(text: String, expected: Int) throws {
        #expect(try Units.parseCount(text) == expected)
    }

    @Test(arguments: ["1.5", "1.0001k", "-3", "lots"])
    func fractionalOrBadCountsAreRefused(text: String) {
        #expect(throws: Units.ParseError.self) { try Units.parseCount(text) }
    }

    @Test(arguments: [
        ("30s", 30.0), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2d", 172_800), ("90", 90),
        ("500ms", 0.5), ("1.5h", 5400), ("1m30s", 90),
    ])
    func durationsParse(text: String, expected: Double) throws {
        #expect(try Units.parseDuration(text) == expected)
    }

    @Test(arguments: ["", "h", "10x", "1h-5m", "soon", "5 m"])
    func badDurationsAreRefused(text: String) {
        #expect {
            try Units.parseDuration(text)
        } throws: { error in
            "\(error)".contains("invalid duration") && "\(error)".contains("1h30m")
        }
    }

    @Test func compactFormsRoundTripThroughTheParser() throws {
        #expect(Units.compact(500) == "500")
        #expect(Units.compact(10_000) == "10k")
        #expect(Units.compact(12_345) == "12.3k")
        #expect(Units.compact(1_500_000) == "1.5M")
        #expect(Units.compact(250_000) == "250k")
        #expect(Units.compact(9876.5) == "9.9k")
        #expect(Units.compact(0.25) == "0.3")
        for value in [500.0, 10_000, 1_500_000, 250_000] {
            #expect(try Units.parseRate(Units.compact(value)) == value)
        }
    }

    @Test func groupedAndDurationForms() {
        #expect(Units.grouped(0) == "0")
        #expect(Units.grouped(999) == "999")
        #expect(Units.grouped(1_234_567) == "1,234,567")
        #expect(Units.grouped(-1000) == "-1,000")
        #expect(Units.duration(0) == "0s")
        #expect(Units.duration(0.25) == "250ms")
        #expect(Units.duration(4.25) == "4.3s")
        #expect(Units.duration(42) == "42s")
        #expect(Units.duration(3725) == "1h2m5s")
        #expect(Units.duration(3600) == "1h")
        #expect(Units.duration(90_000) == "1d1h")
    }
}
