import ClickstreamModel

/// Writes records as Avro binary in the field order of schemas/<entity>.avsc: no field
/// names, no per-event allocation, strings straight from the vocabularies.
///
/// The JSON encoders are the reference: every value here is the one JSON carries
/// (timestamps as epoch milliseconds, money as the double of its cents, nulls as union
/// branch 0). A contract test decodes both and compares (Tests/ClickstreamGeneratorTests).
enum AvroEncoder {
    static func encodeUser(_ u: UserProfile, into w: inout ByteWriter) {
        let city = Vocabulary.cities[u.city]
        let client = Vocabulary.clients[u.client]
        w.avroString { World.writeUserID(u.index, into: &$0) }
        w.avroString { World.writeEmail(u, into: &$0) }
        w.avroString(Vocabulary.firstNames[u.firstName])
        w.avroString(Vocabulary.lastNames[u.lastName])
        w.avroInt(u.age)
        w.avroString(Vocabulary.genders[u.gender])
        w.avroString(city.location)
        w.avroInt(Int(u.segment.rawValue))
        w.avroLong(u.registrationMillis)
        w.avroLong(u.lastActiveMillis)
        w.doubleLE(Double(cents: u.totalSpentCents))
        w.avroInt(u.orderCount)
        if u.preferenceCount > 0 {
            w.avroInt(u.preferenceCount)
            for i in 0..<u.preferenceCount { w.avroInt(Int(u.preference(i).rawValue)) }
        }
        w.avroInt(0)
        w.avroString(client.device.name)
        w.avroString(client.browser)
        w.avroString(city.country)
        w.avroString(city.name)
        w.avroString(city.timeZone)
        w.avroString(city.language)
        w.avroString(client.os)
        w.avroString(Vocabulary.acquisitionChannels[u.acquisition])
    }

    static func encodeProduct(_ p: ProductProfile, into w: inout ByteWriter) {
        let words = Vocabulary.categoryWords[Int(p.category.rawValue)]
        w.avroString { World.writeProductID(p.index, into: &$0) }
        w.avroString { World.writeProductName(p, words, into: &$0) }
        w.avroInt(Int(p.category.rawValue))
        w.doubleLE(Double(cents: p.priceCents))
        w.avroString { World.writeProductDescription(p, words, into: &$0) }
        w.avroString(words.brands[p.brand])
        w.doubleLE(Double(p.ratingTenths) / 10)
        w.avroInt(p.reviewCount)
        w.avroBool(p.inStock)
        w.doubleLE(Double(p.popularity) / 10000)
        if p.tagCount > 0 {
            w.avroInt(p.tagCount)
            for i in 0..<p.tagCount { w.avroString(words.tags[Int((p.tagsPacked >> (8 * UInt32(i))) & 0xFF)]) }
        }
        w.avroInt(0)
        w.avroLong(p.createdMillis)
        w.avroLong(p.updatedMillis)
        w.avroString { World.writeSKU(p, words, into: &$0) }
        w.avroString("USD")
    }

    /// Index of an interaction type among the `InteractionType` symbols.
    @inline(__always)
    static func interactionTypeIndex(_ kind: EventKind) -> Int {
        Counter.slot(kind)
    }

    static func encodeInteraction(_ e: Emission, session s: SessionState, world: World, into w: inout ByteWriter) {
        w.avroString { World.writeInteractionID(e, idHi: s.idHi, idLo: s.idLo, into: &$0) }
        w.avroString { World.writeUserID(s.user, into: &$0) }
        w.avroString { World.writeProductID(e.product, into: &$0) }
        w.avroInt(interactionTypeIndex(e.kind))
        w.avroLong(e.timestamp)
        w.avroString { $0.uuid(s.idHi, s.idLo) }
        w.avroInt(e.durationSeconds)
        w.avroInt(e.quantity)
        w.doubleLE(Double(cents: e.revenueCents))
        w.avroString(Vocabulary.deviceInfos[s.client])
        w.avroString { world.writeURL(e.page, into: &$0) }
        if world.hasReferrer(e.referrer, session: s) {
            w.avroSome()
            w.avroString { world.writeReferrerText(e.referrer, session: s, into: &$0) }
        } else {
            w.avroNull()
        }
        w.avroInt(e.seq)
        w.doubleLE(Double(cents: e.priceCents))
        w.avroInt(World.clampedCategory(e.category))
        if e.hasOrder {
            w.avroSome()
            w.avroString { World.writeOrderID(e.orderID, into: &$0) }
        } else {
            w.avroNull()
        }
        if e.kind == .search {
            w.avroSome()
            w.avroString(Vocabulary.categoryWords[Int(e.page.arg)].queries[Int(e.page.arg2)])
        } else {
            w.avroNull()
        }
        writeUTM(s, into: &w)
        w.avroString { World.writeIP(s.ip, into: &$0) }
        w.avroString(Vocabulary.clients[s.client].userAgent)
    }

    /// utm_source, utm_medium, utm_campaign: all three set, or all three null.
    @inline(__always)
    static func writeUTM(_ s: SessionState, into w: inout ByteWriter) {
        if let utm = s.source.utm {
            w.avroSome()
            w.avroString(utm.source)
            w.avroSome()
            w.avroString(utm.medium)
            w.avroSome()
            w.avroString(Vocabulary.campaigns[s.campaign])
        } else {
            w.avroNull()
            w.avroNull()
            w.avroNull()
        }
    }
}

extension SessionEngine {
    /// The Avro twin of `encodeSession(slot:stamps:into:)`.
    mutating func encodeSessionAvro(slot: Int, into w: inout ByteWriter) {
        let s = sessions[slot]
        let client = Vocabulary.clients[s.client]
        w.avroString { $0.uuid(s.idHi, s.idLo) }
        w.avroString { World.writeUserID(s.user, into: &$0) }
        w.avroLong(s.start)
        w.avroLong(s.end)
        w.avroInt(Int((s.end - s.start) / 1000))
        w.avroString(client.device.name)
        w.avroString(client.browser)
        w.avroString { World.writeIP(s.ip, into: &$0) }
        w.avroString(Vocabulary.cities[s.city].location)
        w.avroInt(s.seq)
        w.doubleLE(Double(cents: s.revenueCents))
        if s.viewedCount > 0 {
            w.avroInt(s.viewedCount)
            for i in 0..<s.viewedCount {
                let product = Int(viewedProduct(slot: slot, i))
                w.avroString { World.writeProductID(product, into: &$0) }
            }
        }
        w.avroInt(0)
        let pb = slot * purchasedCapacity
        if s.purchasedCount > 0 {
            w.avroInt(s.purchasedCount)
            for i in 0..<s.purchasedCount {
                let product = Int(purchased[pb + i])
                w.avroString { World.writeProductID(product, into: &$0) }
            }
        }
        w.avroInt(0)
        let world = self.world
        w.avroString { world.writeURL(s.landing, into: &$0) }
        if let referrer = World.externalReferrer(s) {
            w.avroSome()
            w.avroString(referrer)
        } else {
            w.avroNull()
        }
        w.avroBool(s.converted)
        w.avroBool(s.cartCount > 0)
        let cb = slot * Counter.count
        for offset in 0..<Counter.count { w.avroInt(Int(counters[cb + offset])) }
        w.avroInt(Int(s.segment))
        w.avroString(client.os)
        AvroEncoder.writeUTM(s, into: &w)
        w.avroString(client.userAgent)
    }
}
