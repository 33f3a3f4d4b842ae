import ClickstreamModel

/// Writes one interaction as JSON: the original service's fields in its order, then extras.
enum InteractionEncoder {
    /// Upper bound of one encoded interaction (the longest user agent and URL included).
    static let maxBytes = 2048

    @inline(__always)
    static func encode(_ e: Emission, session s: SessionState, world: World, into w: inout ByteWriter) {
        let seqMix = UInt64(truncatingIfNeeded: e.seq)
        w.raw("{\"interaction_id\":\"")
        w.uuid(Random.mix(s.idHi &+ seqMix), Random.mix(s.idLo ^ (seqMix &* 0x9E37_79B9_7F4A_7C15)))
        w.raw("\",\"user_id\":\"")
        World.writeUserID(s.user, into: &w)
        w.raw("\",\"product_id\":\"")
        World.writeProductID(e.product, into: &w)
        w.raw("\",\"interaction_type\":")
        w.quoted(e.kind.name)
        w.raw(",\"timestamp\":")
        w.quotedTimestamp(millis: e.timestamp)
        w.raw(",\"session_id\":\"")
        w.uuid(s.idHi, s.idLo)
        w.raw("\",\"duration\":")
        w.int(e.durationSeconds)
        w.raw(",\"quantity\":")
        w.int(e.quantity)
        w.raw(",\"revenue\":")
        w.cents(e.revenueCents)
        w.raw(",\"device_info\":")
        w.quoted(Vocabulary.deviceInfos[s.client])
        w.raw(",\"page_url\":\"")
        world.writeURL(e.page, into: &w)
        w.raw("\",\"referrer\":")
        world.writeReferrer(e.referrer, session: s, into: &w)
        w.raw(",\"event_seq\":")
        w.int(e.seq)
        w.raw(",\"price\":")
        w.cents(e.priceCents)
        w.raw(",\"category\":")
        w.quoted(Category(rawValue: UInt8(e.category))?.name ?? "electronics")
        if e.hasOrder {
            w.raw(",\"order_id\":\"ord_")
            w.hex(e.orderID, digits: 16)
            w.byte(0x22)
        } else {
            w.raw(",\"order_id\":null")
        }
        if e.kind == .search {
            w.raw(",\"search_query\":")
            w.quoted(Vocabulary.categoryWords[Int(e.page.arg)].queries[Int(e.page.arg2)])
        } else {
            w.raw(",\"search_query\":null")
        }
        World.writeUTM(s, into: &w)
        w.raw(",\"ip_address\":\"")
        World.writeIP(s.ip, into: &w)
        w.raw("\",\"user_agent\":")
        w.quoted(Vocabulary.clients[s.client].userAgent)
        w.byte(0x7D)
    }
}
