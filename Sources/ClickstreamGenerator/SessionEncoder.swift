import ClickstreamModel

/// Writes one ended session as JSON; every figure is derived from the interactions it emitted.
enum SessionEncoder {
    /// Upper bound: fixed fields plus the product lists (ids are 11-16 bytes + punctuation).
    static func maxBytes(viewedCapacity: Int, purchasedCapacity: Int) -> Int {
        2048 + 24 * (viewedCapacity + purchasedCapacity)
    }

    static func encode(slot: Int, engine: SessionEngine, into w: inout ByteWriter) {
        let s = engine.sessions[slot]
        let world = engine.world
        let client = Vocabulary.clients[s.client]
        let city = Vocabulary.cities[s.city]
        w.raw("{\"session_id\":\"")
        w.uuid(s.idHi, s.idLo)
        w.raw("\",\"user_id\":\"")
        World.writeUserID(s.user, into: &w)
        w.raw("\",\"start_time\":")
        w.quotedTimestamp(millis: s.start)
        w.raw(",\"end_time\":")
        w.quotedTimestamp(millis: s.end)
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
        let vb = slot * engine.viewedCapacity
        for i in 0..<s.viewedCount {
            if i > 0 { w.byte(0x2C) }
            w.byte(0x22)
            World.writeProductID(Int(engine.viewed[vb + i]), into: &w)
            w.byte(0x22)
        }
        w.raw("],\"products_purchased\":[")
        let pb = slot * engine.purchasedCapacity
        for i in 0..<s.purchasedCount {
            if i > 0 { w.byte(0x2C) }
            w.byte(0x22)
            World.writeProductID(Int(engine.purchased[pb + i]), into: &w)
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
        w.raw(",\"interaction_counts\":{")
        let cb = slot * Counter.count
        for k in 0..<Counter.count {
            if k > 0 { w.byte(0x2C) }
            w.quoted(Counter.kinds[k].name)
            w.byte(0x3A)
            w.int(Int(engine.counters[cb + k]))
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
