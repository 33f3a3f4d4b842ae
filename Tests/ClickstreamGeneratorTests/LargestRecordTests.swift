import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

/// The encoders write through `ByteWriter` without bounds checks in release builds, into
/// scratch sized by each encoder's `maxBytes`: these build the largest record each can
/// write and check it fits. (Debug builds, these tests included, also trap on any store
/// past a writer's capacity.)
@Suite("Largest records")
struct LargestRecordTests {
    /// Index of the longest entry by `length`.
    static func longest<T>(_ items: [T], _ length: (T) -> Int) -> Int {
        items.indices.max { length(items[$0]) < length(items[$1]) }!
    }

    /// Encodes with four times the room and returns the size (so an overflow is a failed
    /// expectation here, not a trap).
    static func size(_ limit: Int, _ body: (inout ByteWriter) -> Void) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * limit) { buffer in
            var w = ByteWriter(buffer.baseAddress!, capacity: buffer.count)
            body(&w)
            return w.count
        }
    }

    static let far: Int64 = 253_402_300_799_000  // 9999-12-31T23:59:59Z

    @Test("a user with the longest words and the largest numbers fits UserEncoder.maxBytes")
    func largestUser() {
        let world = World(config: smallConfig())
        let city = Self.longest(Vocabulary.cities) {
            $0.name.utf8CodeUnitCount + $0.location.utf8CodeUnitCount + $0.country.utf8CodeUnitCount
                + $0.timeZone.utf8CodeUnitCount + $0.language.utf8CodeUnitCount
        }
        let client = Self.longest(Vocabulary.clients) { $0.browser.utf8CodeUnitCount + $0.os.utf8CodeUnitCount + 16 }
        let category = Category.allCases.max { $0.name.utf8CodeUnitCount < $1.name.utf8CodeUnitCount }!
        let packed = UInt32(category.rawValue) * 0x0101_0101
        let user = UserProfile(
            index: Int.max,
            segment: UserSegment.allCases.max { $0.name.utf8CodeUnitCount < $1.name.utf8CodeUnitCount }!,
            city: city, client: client, preferencesPacked: packed, preferenceCount: 4,
            firstName: Self.longest(Vocabulary.firstNames) { $0.utf8CodeUnitCount },
            lastName: Self.longest(Vocabulary.lastNames) { $0.utf8CodeUnitCount },
            emailDomain: Self.longest(Vocabulary.emailDomains) { $0.utf8CodeUnitCount }, emailNumber: Int.max,
            age: Int.min,
            gender: Self.longest(Vocabulary.genders) { $0.utf8CodeUnitCount },
            acquisition: Self.longest(Vocabulary.acquisitionChannels) { $0.utf8CodeUnitCount },
            registrationMillis: Self.far, lastActiveMillis: Self.far, totalSpentCents: -Int.max, orderCount: Int.min)
        let bytes = Self.size(UserEncoder.maxBytes) { UserEncoder.encode(user, world: world, into: &$0) }
        #expect(bytes <= UserEncoder.maxBytes, "largest user: \(bytes) bytes")
    }

    @Test("a product with the longest words and the largest numbers fits ProductEncoder.maxBytes")
    func largestProduct() {
        let world = World(config: smallConfig())
        var largest = 0
        for category in Category.allCases {
            let words = Vocabulary.categoryWords[Int(category.rawValue)]
            let tag = UInt32(Self.longest(words.tags) { $0.utf8CodeUnitCount })
            let product = ProductProfile(
                index: Int.max, category: category, rank: Int.max, priceCents: -Int.max,
                brand: Self.longest(words.brands) { $0.utf8CodeUnitCount },
                adjective: Self.longest(Vocabulary.adjectives) { $0.utf8CodeUnitCount },
                noun: Self.longest(words.nouns) { $0.utf8CodeUnitCount },
                opener: Self.longest(Vocabulary.descriptionOpeners) { $0.utf8CodeUnitCount },
                closer: Self.longest(Vocabulary.descriptionClosers) { $0.utf8CodeUnitCount },
                ratingTenths: Int.max, reviewCount: Int.min, inStock: false, popularity: Int.max,
                tagsPacked: tag * 0x0101_0101, tagCount: 4, createdMillis: Self.far, updatedMillis: Self.far)
            largest = max(
                largest, Self.size(ProductEncoder.maxBytes) { ProductEncoder.encode(product, world: world, into: &$0) })
        }
        #expect(largest <= ProductEncoder.maxBytes, "largest product: \(largest) bytes")
    }

    /// Interactions and sessions come out of the session engine, whose state cannot be set by
    /// hand: many of them, in a debug build where every store is bounds-checked, and the
    /// largest must stay under the bound with room to spare.
    @Test(
        "the largest of 60,000 interactions and 6,000 sessions fit their bounds with room to spare",
        arguments: [DataType.interactions, .sessions])
    func engineRecords(_ type: DataType) {
        let total = type == .interactions ? 60_000 : 6_000
        let (values, _, _) = run(
            type, config: smallConfig(seed: 11), mode: backfill(days: 30), total: total, batchSize: 1000)
        let largest = values.map(\.utf8.count).max() ?? 0
        let config = smallConfig(seed: 11)
        // A session lists at most its capacity of viewed and purchased products (as the engine sizes them).
        let bound =
            type == .interactions
            ? InteractionEncoder.maxBytes
            : SessionEncoder.maxBytes(viewedCapacity: config.session.maxEventsPerSession + 16, purchasedCapacity: 32)
        #expect(values.count == total)
        #expect(largest * 2 <= bound, "largest \(type): \(largest) bytes, bound \(bound)")
    }
}
