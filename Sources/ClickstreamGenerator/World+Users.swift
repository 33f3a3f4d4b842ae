import ClickstreamModel

/// Everything about one user, as small indices into the vocabularies. A pure function of
/// (seed, index): regenerated whenever needed, never cached.
public struct UserProfile: Sendable, Equatable {
    public var index: Int
    public var segment: UserSegment
    var city: Int
    var client: Int
    /// Up to four preferred categories, packed one per byte; `preferenceCount` are valid.
    var preferencesPacked: UInt32
    public var preferenceCount: Int
    var firstName: Int
    var lastName: Int
    var emailDomain: Int
    var emailNumber: Int
    public var age: Int
    var gender: Int
    var acquisition: Int
    public var registrationMillis: Int64
    public var lastActiveMillis: Int64
    public var totalSpentCents: Int
    public var orderCount: Int

    public func preference(_ i: Int) -> Category {
        Category(rawValue: UInt8(truncatingIfNeeded: preferencesPacked >> (8 * UInt32(i)))) ?? .electronics
    }
    public var preferences: [Category] { (0..<preferenceCount).map(preference) }
    public var device: DeviceType { Vocabulary.clients[client].device }
    public var utcOffsetMinutes: Int { Vocabulary.cities[city].utcOffsetMinutes }
}

extension World {
    static let userStream: UInt64 = 0x7573_6572  // "user"

    /// The user at `index` (0..<userCount). Cheap: a dozen PRNG draws, no allocation.
    /// Segment and UTC offset only (the first two draws of `user(_:)`): all that deciding
    /// whether a candidate starts a session at this hour needs.
    @inline(__always)
    func userSegmentAndOffset(_ index: Int) -> (segment: Int, utcOffsetMinutes: Int) {
        let head = userHead(index)
        return (head.segment, Vocabulary.cities[head.city].utcOffsetMinutes)
    }

    /// The first draws of `user(_:)`: segment and city, and the generator positioned after them
    /// (continue with `userShopping(_:)` for what a session needs, without names and history).
    @inline(__always)
    func userHead(_ index: Int) -> (segment: Int, city: Int, random: Random) {
        var r = Random(seed: seed, stream: World.userStream, index: UInt64(index))
        let segment = r.pick(cumulative: segmentCumulative)
        let city = Int(marketCities[cityTable.sample(&r)])
        return (segment, city, r)
    }

    /// The draws after `userHead`: client (device, browser) and preferred categories.
    @inline(__always)
    func userShopping(_ r: inout Random) -> (client: Int, preferencesPacked: UInt32, preferenceCount: Int) {
        let device = r.pick(cumulative: deviceCumulative)
        let client = clientsByDevice[device][r.pick(cumulative: clientCumulativeByDevice[device])]
        let prefCount = 1 + r.pick(cumulative: World.preferenceCountCumulative)
        var packed: UInt32 = 0
        var have = 0
        var tries = 0
        while have < prefCount && tries < 16 {
            let c = UInt32(r.pick(cumulative: categoryCumulative))
            tries += 1
            var dup = false
            for j in 0..<have where (packed >> (8 * UInt32(j))) & 0xFF == c { dup = true }
            if dup { continue }
            packed |= c << (8 * UInt32(have))
            have += 1
        }
        return (client, packed, have)
    }

    public func user(_ index: Int) -> UserProfile {
        var (segmentIndex, city, r) = userHead(index)
        let segment = UserSegment(rawValue: UInt8(segmentIndex)) ?? .casual
        let (client, packed, have) = userShopping(&r)
        // Age: adults skewed to 25-45, clamped to the original's 18...80.
        let age = max(18, min(80, Int(36 + 12 * r.normal())))
        let genderRoll = r.unit()
        let gender = genderRoll < 0.49 ? 0 : genderRoll < 0.97 ? 1 : genderRoll < 0.99 ? 2 : 3
        // First names match the gender (male names at even indices, female at odd); anyone else
        // gets any name.
        let pairs = Vocabulary.firstNames.count / 2
        let firstName = gender == 0 ? 2 * r.below(pairs) + 1 : gender == 1 ? 2 * r.below(pairs) : r.below(2 * pairs)
        let lastName = r.below(Vocabulary.lastNames.count)
        let emailDomain = r.below(Vocabulary.emailDomains.count)
        let emailNumber = r.below(1000)
        let acquisition = r.pick(cumulative: World.acquisitionCumulative)
        // Tenure: up to four years before the anchor, longer for engaged segments.
        let tenureDays = 1 + Int(Double(r.below(1460)) * (0.5 + 0.25 * Double(segment.rawValue)))
        let registration = anchorMillis - Int64(tenureDays) * 86_400_000 - Int64(r.below(86_400_000))
        let idleMillis = Int64(r.logNormal(median: Double(14 - 3 * Int(segment.rawValue)) * 86_400_000, sigma: 1.0))
        let lastActive = max(registration, anchorMillis - min(idleMillis, anchorMillis - registration))
        let orders = World.orderRanges[Int(segment.rawValue)]
        let orderCount = orders.lowerBound + r.below(orders.count)
        let aov = World.averageOrderCents[Int(segment.rawValue)]
        let spent = orderCount == 0 ? 0 : Int(Double(orderCount * aov) * r.logNormal(median: 1, sigma: 0.35))
        return UserProfile(
            index: index, segment: segment, city: city, client: client, preferencesPacked: packed,
            preferenceCount: have, firstName: firstName, lastName: lastName, emailDomain: emailDomain,
            emailNumber: emailNumber, age: age, gender: gender, acquisition: acquisition,
            registrationMillis: registration, lastActiveMillis: lastActive,
            totalSpentCents: spent, orderCount: orderCount)
    }

    static let preferenceCountCumulative: [Double] = [0.30, 0.35, 0.22, 0.13].cumulative()
    static let acquisitionCumulative: [Double] = Vocabulary.acquisitionWeights.cumulative()
    /// Lifetime orders per segment (casual, regular, power, premium).
    static let orderRanges: [ClosedRange<Int>] = [0...3, 2...12, 10...40, 20...100]
    /// Average order value in cents per segment.
    static let averageOrderCents: [Int] = [4_500, 6_500, 8_500, 16_000]
}

/// Writes users as JSON.
enum UserEncoder {
    /// Upper bound of one encoded user, for scratch sizing.
    static let maxBytes = 2048

    static func encode(_ u: UserProfile, world: World, into w: inout ByteWriter) {
        let city = Vocabulary.cities[u.city]
        let client = Vocabulary.clients[u.client]
        let first = Vocabulary.firstNames[u.firstName]
        let last = Vocabulary.lastNames[u.lastName]
        w.raw("{\"user_id\":\"")
        World.writeUserID(u.index, into: &w)
        w.raw("\",\"email\":\"")
        World.writeEmail(u, into: &w)
        w.raw("\",\"first_name\":")
        w.quoted(first)
        w.raw(",\"last_name\":")
        w.quoted(last)
        w.raw(",\"age\":")
        w.int(u.age)
        w.raw(",\"gender\":")
        w.quoted(Vocabulary.genders[u.gender])
        w.raw(",\"location\":")
        w.quoted(city.location)
        w.raw(",\"user_segment\":")
        w.quoted(u.segment.name)
        w.raw(",\"registration_date\":")
        w.quotedTimestamp(millis: u.registrationMillis)
        w.raw(",\"last_active\":")
        w.quotedTimestamp(millis: u.lastActiveMillis)
        w.raw(",\"total_spent\":")
        w.cents(u.totalSpentCents)
        w.raw(",\"order_count\":")
        w.int(u.orderCount)
        w.raw(",\"preferences\":[")
        for i in 0..<u.preferenceCount {
            if i > 0 { w.byte(0x2C) }
            w.quoted(u.preference(i).name)
        }
        w.raw("],\"device_type\":")
        w.quoted(client.device.name)
        w.raw(",\"browser\":")
        w.quoted(client.browser)
        w.raw(",\"country\":")
        w.quoted(city.country)
        w.raw(",\"city\":")
        w.quoted(city.name)
        w.raw(",\"timezone\":")
        w.quoted(city.timeZone)
        w.raw(",\"language\":")
        w.quoted(city.language)
        w.raw(",\"os\":")
        w.quoted(client.os)
        w.raw(",\"acquisition_channel\":")
        w.quoted(Vocabulary.acquisitionChannels[u.acquisition])
        w.byte(0x7D)
    }
}
