import ClickstreamModel

/// Writes one ended session as JSON; every figure is derived from the interactions it emitted.
enum SessionEncoder {
    /// Upper bound: fixed fields plus the product lists (ids are 11-16 bytes + punctuation).
    /// (The writer is `SessionEngine.encodeSession(slot:into:)`.)
    static func maxBytes(viewedCapacity: Int, purchasedCapacity: Int) -> Int {
        2048 + 24 * (viewedCapacity + purchasedCapacity)
    }
}

extension SessionEngine {
    /// Writes the record of the session in `slot`. `mutating` only so that the caller passes
    /// the engine in place: a non-mutating call from the generator's closure copied the whole
    /// engine (a retain and release per pool) for every record. Changes nothing.
    mutating func encodeSession(slot: Int, stamps: inout DayStamp, into w: inout ByteWriter) {
        let s = sessions[slot]
        let client = Vocabulary.clients[s.client]
        let city = Vocabulary.cities[s.city]
        w.raw("{\"session_id\":\"")
        w.uuid(s.idHi, s.idLo)
        w.raw("\",\"user_id\":\"")
        World.writeUserID(s.user, into: &w)
        w.raw("\",\"start_time\":")
        stamps.write(s.start, into: &w)
        w.raw(",\"end_time\":")
        stamps.write(s.end, into: &w)
        w.raw(",\"duration\":")
        w.int(Int((s.end - s.start) / 1000))
        w.raw(",\"device_type\":")
        w.quoted(client.device.name)
        w.raw(",\"browser\":")
        w.quoted(client.browser)
        w.raw(",\"ip_address\":\"")
        World.writeIP(s.ip, into: &w)
        w.raw("\",\"location\":")
        w.quoted(city.location)
        w.raw(",\"interactions_count\":")
        w.int(s.seq)
        w.raw(",\"total_revenue\":")
        w.cents(s.revenueCents)
        w.raw(",\"products_viewed\":[")
        for i in 0..<s.viewedCount {
            if i > 0 { w.byte(0x2C) }
            w.byte(0x22)
            World.writeProductID(Int(viewedProduct(slot: slot, i)), into: &w)
            w.byte(0x22)
        }
        w.raw("],\"products_purchased\":[")
        let pb = slot * purchasedCapacity
        for i in 0..<s.purchasedCount {
            if i > 0 { w.byte(0x2C) }
            w.byte(0x22)
            World.writeProductID(Int(purchased[pb + i]), into: &w)
            w.byte(0x22)
        }
        w.raw("],\"landing_page\":\"")
        world.writeURL(s.landing, into: &w)
        w.raw("\",\"referrer\":")
        World.writeExternalReferrer(s, into: &w)
        w.raw(",\"converted\":")
        w.bool(s.converted)
        w.raw(",\"cart_abandoned\":")
        w.bool(s.cartCount > 0)
        // One count per type, in `Counter.kinds` order, keyed by the wire name.
        let cb = slot * Counter.count
        w.raw(",\"interaction_counts\":{")
        for (offset, kind) in Counter.kinds.enumerated() {
            if offset > 0 { w.byte(UInt8(ascii: ",")) }
            w.byte(UInt8(ascii: "\""))
            w.raw(kind.name)
            w.raw("\":")
            w.int(Int(counters[cb + offset]))
        }
        w.raw("},\"user_segment\":")
        w.quoted(UserSegment(rawValue: UInt8(s.segment))?.name ?? "casual")
        w.raw(",\"os\":")
        w.quoted(client.os)
        World.writeUTM(s, into: &w)
        w.raw(",\"user_agent\":")
        w.quoted(client.userAgent)
        w.byte(0x7D)
    }
}
