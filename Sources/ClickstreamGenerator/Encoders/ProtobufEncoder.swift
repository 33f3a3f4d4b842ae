import ClickstreamModel

/// Writes records as Protobuf wire format with the field numbers of
/// schemas/<entity>.proto: no reflection, no per-event allocation.
///
/// Enum numbers are the model's index + 1 (0 is each enum's UNSPECIFIED); timestamps are
/// google.protobuf.Timestamp; fields at their proto3 default are left out, `optional`
/// ones are written exactly when JSON has a value.
enum ProtobufEncoder {
    static func encodeUser(_ u: UserProfile, into w: inout ByteWriter) {
        let city = Vocabulary.cities[u.city]
        let client = Vocabulary.clients[u.client]
        w.protoDelimited(1) { World.writeUserID(u.index, into: &$0) }
        w.protoDelimited(2) { World.writeEmail(u, into: &$0) }
        w.protoString(3, Vocabulary.firstNames[u.firstName])
        w.protoString(4, Vocabulary.lastNames[u.lastName])
        w.protoInt(5, u.age)
        w.protoString(6, Vocabulary.genders[u.gender])
        w.protoString(7, city.location)
        w.protoInt(8, Int(u.segment.rawValue) + 1)
        w.protoTimestamp(9, millis: u.registrationMillis)
        w.protoTimestamp(10, millis: u.lastActiveMillis)
        w.protoDouble(11, Double(cents: u.totalSpentCents))
        w.protoInt(12, u.orderCount)
        if u.preferenceCount > 0 {
            // Packed repeated enum: one length, then the varints.
            w.protoDelimited(13) { w in
                for i in 0..<u.preferenceCount { w.varint(UInt64(u.preference(i).rawValue) + 1) }
            }
        }
        w.protoString(14, client.device.name)
        w.protoString(15, client.browser)
        w.protoString(16, city.country)
        w.protoString(17, city.name)
        w.protoString(18, city.timeZone)
        w.protoString(19, city.language)
        w.protoString(20, client.os)
        w.protoString(21, Vocabulary.acquisitionChannels[u.acquisition])
    }

    static func encodeProduct(_ p: ProductProfile, into w: inout ByteWriter) {
        let words = Vocabulary.categoryWords[Int(p.category.rawValue)]
        w.protoDelimited(1) { World.writeProductID(p.index, into: &$0) }
        w.protoDelimited(2) { World.writeProductName(p, words, into: &$0) }
        w.protoInt(3, Int(p.category.rawValue) + 1)
        w.protoDouble(4, Double(cents: p.priceCents))
        w.protoDelimited(5) { World.writeProductDescription(p, words, into: &$0) }
        w.protoString(6, words.brands[p.brand])
        w.protoDouble(7, Double(p.ratingTenths) / 10)
        w.protoInt(8, p.reviewCount)
        w.protoBool(9, p.inStock)
        w.protoDouble(10, Double(p.popularity) / 10000)
        for i in 0..<p.tagCount { w.protoString(11, words.tags[Int((p.tagsPacked >> (8 * UInt32(i))) & 0xFF)]) }
        w.protoTimestamp(12, millis: p.createdMillis)
        w.protoTimestamp(13, millis: p.updatedMillis)
        w.protoDelimited(14) { World.writeSKU(p, words, into: &$0) }
        w.protoString(15, "USD")
    }

    static func encodeInteraction(_ e: Emission, session s: SessionState, world: World, into w: inout ByteWriter) {
        w.protoDelimited(1) { World.writeInteractionID(e, idHi: s.idHi, idLo: s.idLo, into: &$0) }
        w.protoDelimited(2) { World.writeUserID(s.user, into: &$0) }
        w.protoDelimited(3) { World.writeProductID(e.product, into: &$0) }
        w.protoInt(4, Counter.slot(e.kind) + 1)
        w.protoTimestamp(5, millis: e.timestamp)
        w.protoDelimited(6) { $0.uuid(s.idHi, s.idLo) }
        w.protoInt(7, e.durationSeconds)
        w.protoInt(8, e.quantity)
        w.protoDouble(9, Double(cents: e.revenueCents))
        w.protoString(10, Vocabulary.deviceInfos[s.client])
        w.protoDelimited(11) { world.writeURL(e.page, into: &$0) }
        if world.hasReferrer(e.referrer, session: s) {
            w.protoDelimited(12) { world.writeReferrerText(e.referrer, session: s, into: &$0) }
        }
        w.protoInt(13, e.seq)
        w.protoDouble(14, Double(cents: e.priceCents))
        w.protoInt(15, World.clampedCategory(e.category) + 1)
        if e.hasOrder {
            w.protoDelimited(16) { World.writeOrderID(e.orderID, into: &$0) }
        }
        if e.kind == .search {
            w.protoString(17, Vocabulary.categoryWords[Int(e.page.arg)].queries[Int(e.page.arg2)])
        }
        writeUTM(s, first: 18, into: &w)
        w.protoDelimited(21) { World.writeIP(s.ip, into: &$0) }
        w.protoString(22, Vocabulary.clients[s.client].userAgent)
    }

    /// utm_source, utm_medium, utm_campaign as fields `first`, +1, +2 (all set or all absent).
    @inline(__always)
    static func writeUTM(_ s: SessionState, first: Int, into w: inout ByteWriter) {
        guard let utm = s.source.utm else { return }
        w.protoString(first, utm.source)
        w.protoString(first + 1, utm.medium)
        w.protoString(first + 2, Vocabulary.campaigns[s.campaign])
    }
}

extension SessionEngine {
    /// The Protobuf twin of `encodeSession(slot:stamps:into:)`.
    mutating func encodeSessionProtobuf(slot: Int, into w: inout ByteWriter) {
        let s = sessions[slot]
        let client = Vocabulary.clients[s.client]
        w.protoDelimited(1) { $0.uuid(s.idHi, s.idLo) }
        w.protoDelimited(2) { World.writeUserID(s.user, into: &$0) }
        w.protoTimestamp(3, millis: s.start)
        w.protoTimestamp(4, millis: s.end)
        w.protoInt(5, Int((s.end - s.start) / 1000))
        w.protoString(6, client.device.name)
        w.protoString(7, client.browser)
        w.protoDelimited(8) { World.writeIP(s.ip, into: &$0) }
        w.protoString(9, Vocabulary.cities[s.city].location)
        w.protoInt(10, s.seq)
        w.protoDouble(11, Double(cents: s.revenueCents))
        for i in 0..<s.viewedCount {
            let product = Int(viewedProduct(slot: slot, i))
            w.protoDelimited(12) { World.writeProductID(product, into: &$0) }
        }
        let pb = slot * purchasedCapacity
        for i in 0..<s.purchasedCount {
            let product = Int(purchased[pb + i])
            w.protoDelimited(13) { World.writeProductID(product, into: &$0) }
        }
        let world = self.world
        w.protoDelimited(14) { world.writeURL(s.landing, into: &$0) }
        if let referrer = World.externalReferrer(s) { w.protoString(15, referrer) }
        w.protoBool(16, s.converted)
        w.protoBool(17, s.cartCount > 0)
        let cb = slot * Counter.count
        let counters = self.counters
        w.protoDelimited(18) { w in
            for offset in 0..<Counter.count { w.protoInt(offset + 1, Int(counters[cb + offset])) }
        }
        w.protoInt(19, Int(s.segment) + 1)
        w.protoString(20, client.os)
        ProtobufEncoder.writeUTM(s, first: 21, into: &w)
        w.protoString(24, client.userAgent)
    }
}
