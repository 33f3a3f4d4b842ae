import ClickstreamModel

/// Writes interactions as JSON: the original service's fields in its order, then extras.
///
/// Everything that stays the same for a whole session (user id, session id, device info,
/// the site URL, external referrer, UTM fields, IP address, user agent) is encoded once, when
/// the session emits its first event, into a per-slot cache of byte pieces; each event then
/// copies those pieces and writes only what changes. The calendar date of timestamps is
/// cached too (events arrive in time order, so the day rarely changes).
struct InteractionEncoder: Sendable {
    /// Upper bound of one encoded interaction (the longest user agent and URL included).
    static let maxBytes = 2048
    /// Bytes reserved per session slot for its pre-encoded pieces (< 1 KiB, see `fillPieces`).
    static let pieceStride = 1024
    /// Piece boundaries per slot: start offsets of the 5 pieces, their end, and the key.
    static let marks = 8

    /// Pre-encoded pieces, `pieceStride` bytes per session slot.
    private var pieces: [UInt8] = []
    /// Per slot: offsets (from the slot's base) of piece 0...4 ends, key start and end.
    private var bounds: [UInt16] = []
    /// The site URL, followed by `ByteWriter.blockSlack` bytes of slack for `rawBlocks`.
    private let siteURL: [UInt8]
    private let siteURLCount: Int
    /// `","interaction_type":"<kind>","timestamp":` per `EventKind.rawValue`, then
    /// `,"category":"<name>"` per category: offsets into `phrases` (count + 1 each), then slack.
    private let phrases: [UInt8]
    private let kindPhrase: [Int]
    private let categoryPhrase: [Int]
    /// Per client: `,"device_info":"...","page_url":"<site>` and `,"user_agent":"..."}`.
    private let clientHead: [Int]
    private let clientTail: [Int]
    private var days = DayStamp()

    init(world: World) {
        siteURL = world.siteURL + [UInt8](repeating: 0, count: ByteWriter.blockSlack)
        siteURLCount = world.siteURL.count
        var bytes: [UInt8] = []
        func add(_ s: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }
        /// The offsets of one phrase per item, written by `write`, then the end.
        func offsets<Items: Sequence>(of items: Items, _ write: (Items.Element) -> Void) -> [Int] {
            var offsets: [Int] = []
            for item in items {
                offsets.append(bytes.count)
                write(item)
            }
            return offsets + [bytes.count]
        }
        let kinds = offsets(of: EventKind.allCases) {
            add("\",\"interaction_type\":\"")
            add($0.name)
            add("\",\"timestamp\":")
        }
        let categories = offsets(of: Category.allCases) {
            add(",\"category\":\"")
            add($0.name)
            add("\"")
        }
        var heads: [Int] = []
        var tails: [Int] = []
        for c in Vocabulary.clients.indices {
            heads.append(bytes.count)
            add(",\"device_info\":\"")
            add(Vocabulary.deviceInfos[c])
            add("\",\"page_url\":\"")
            bytes.append(contentsOf: world.siteURL)
            heads.append(bytes.count)
            tails.append(bytes.count)
            add(",\"user_agent\":\"")
            add(Vocabulary.clients[c].userAgent)
            add("\"}")
            tails.append(bytes.count)
        }
        bytes.append(contentsOf: repeatElement(0, count: ByteWriter.blockSlack))
        phrases = bytes
        kindPhrase = kinds
        categoryPhrase = categories
        clientHead = heads
        clientTail = tails
    }

    /// Piece layout (per slot):
    /// 0. `","user_id":"user_XXXXXXXX","product_id":"prod_`
    /// 1. `,"session_id":"<uuid>","duration":`
    /// 2. `,"device_info":"...","page_url":"https://shop.example.com`
    /// 3. external referrer: `"https://www.google.com/"` or `null`
    /// 4. `,"utm_source":...,"ip_address":"1.2.3.4","user_agent":"..."}`
    mutating func fillPieces(slot: Int, session s: SessionState) {
        let needed = (slot + 1) * InteractionEncoder.pieceStride
        if pieces.count < needed {
            pieces.append(contentsOf: repeatElement(0, count: needed - pieces.count))
            bounds.append(contentsOf: repeatElement(0, count: (slot + 1) * InteractionEncoder.marks - bounds.count))
        }
        var marks: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0)
        let head = (clientHead[2 * s.client], clientHead[2 * s.client + 1])
        let tail = (clientTail[2 * s.client], clientTail[2 * s.client + 1])
        pieces.withUnsafeMutableBufferPointer { buf in
            phrases.withUnsafeBufferPointer { phraseBuf in
                let ph = phraseBuf.baseAddress!
                var w = ByteWriter(
                    buf.baseAddress! + slot * InteractionEncoder.pieceStride, capacity: InteractionEncoder.pieceStride)
                w.raw("\",\"user_id\":\"")
                marks.5 = UInt16(w.count)
                World.writeUserID(s.user, into: &w)
                marks.6 = UInt16(w.count)
                w.raw("\",\"product_id\":\"prod_")
                marks.0 = UInt16(w.count)
                w.raw(",\"session_id\":\"")
                w.uuid(s.idHi, s.idLo)
                w.raw("\",\"duration\":")
                marks.1 = UInt16(w.count)
                w.rawBlocks(ph + head.0, count: head.1 - head.0)
                marks.2 = UInt16(w.count)
                World.writeExternalReferrer(s, into: &w)
                marks.3 = UInt16(w.count)
                World.writeUTM(s, into: &w)
                w.raw(",\"ip_address\":\"")
                World.writeIP(s.ip, into: &w)
                w.byte(0x22)
                w.rawBlocks(ph + tail.0, count: tail.1 - tail.0)
                marks.4 = UInt16(w.count)
                precondition(w.count <= InteractionEncoder.pieceStride - ByteWriter.blockSlack)
            }
        }
        let b = slot * InteractionEncoder.marks
        bounds[b] = marks.0
        bounds[b + 1] = marks.1
        bounds[b + 2] = marks.2
        bounds[b + 3] = marks.3
        bounds[b + 4] = marks.4
        bounds[b + 5] = marks.5
        bounds[b + 6] = marks.6
    }

    /// True when the slot's pieces must be (re)built with `fillPieces` before `encode`.
    @inline(__always)
    func needsPieces(_ e: Emission) -> Bool {
        e.seq == 1 || pieces.count < (e.slot + 1) * InteractionEncoder.pieceStride
    }

    /// Writes the value, then the key (user_id) right after it; returns the key's length.
    /// `idHi`/`idLo` are the session's id bits (the interaction id derives from them).
    @inline(__always)
    mutating func encode(_ e: Emission, idHi: UInt64, idLo: UInt64, into w: inout ByteWriter) -> Int {
        let seqMix = UInt64(truncatingIfNeeded: e.seq)
        let b = e.slot * InteractionEncoder.marks
        let m0 = Int(bounds[b])
        let m1 = Int(bounds[b + 1])
        let m2 = Int(bounds[b + 2])
        let m3 = Int(bounds[b + 3])
        let m4 = Int(bounds[b + 4])
        let k0 = Int(bounds[b + 5])
        let k1 = Int(bounds[b + 6])
        let (dayWords, msOfDay) = days.day(e.timestamp)
        let kind = Int(e.kind.rawValue)
        let category = e.category >= 0 && e.category < Category.count ? e.category : 0
        pieces.withUnsafeBufferPointer { buf in
            phrases.withUnsafeBufferPointer { phraseBuf in
                siteURL.withUnsafeBufferPointer { siteBuf in
                    let p = buf.baseAddress! + e.slot * InteractionEncoder.pieceStride
                    let ph = phraseBuf.baseAddress!
                    w.raw("{\"interaction_id\":\"")
                    w.uuid(Random.mix(idHi &+ seqMix), Random.mix(idLo ^ (seqMix &* 0x9E37_79B9_7F4A_7C15)))
                    w.rawBlocks(p, count: m0)
                    World.writeProductDigits(e.product, into: &w)
                    let k = kindPhrase[kind]
                    w.rawBlocks(ph + k, count: kindPhrase[kind + 1] - k)
                    w.word(dayWords.0, advance: 8)  // `"YYYY-MM-DDT`: 12 bytes
                    w.word(dayWords.1, advance: 4)
                    w.timeOfDay(msOfDay: msOfDay)
                    w.byte(0x22)
                    w.rawBlocks(p + m0, count: m1 - m0)
                    w.int(e.durationSeconds)
                    w.raw(",\"quantity\":")
                    w.int(e.quantity)
                    w.raw(",\"revenue\":")
                    w.cents(e.revenueCents)
                    w.rawBlocks(p + m1, count: m2 - m1)
                    World.writePath(e.page, into: &w)
                    w.raw("\",\"referrer\":")
                    if e.referrer.kind == .none {
                        w.rawBlocks(p + m2, count: m3 - m2)
                    } else {
                        w.byte(0x22)
                        w.rawBlocks(siteBuf.baseAddress!, count: siteURLCount)
                        World.writePath(e.referrer, into: &w)
                        w.byte(0x22)
                    }
                    w.raw(",\"event_seq\":")
                    w.int(e.seq)
                    w.raw(",\"price\":")
                    w.cents(e.priceCents)
                    let c = categoryPhrase[category]
                    w.rawBlocks(ph + c, count: categoryPhrase[category + 1] - c)
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
                    w.rawBlocks(p + m3, count: m4 - m3)
                    // The key (user_id) right after the value.
                    w.rawBlocks(p + k0, count: k1 - k0)
                }
            }
        }
        return k1 - k0
    }
}

/// Quoted ISO-8601 timestamps with the date part cached: records come in time order, so the
/// calendar arithmetic runs once a day, not once per field.
struct DayStamp: Sendable {
    private var cachedDay: Int64 = .min
    private var dayWords: (UInt64, UInt64) = (0, 0)

    /// `"YYYY-MM-DDT` of the day of `millis` as two words (12 bytes), and the ms into the day.
    @inline(__always)
    mutating func day(_ millis: Int64) -> (words: (UInt64, UInt64), msOfDay: Int) {
        let days = CivilTime.floorDiv(millis, 86_400_000)
        if days != cachedDay {
            cachedDay = days
            // `"` + a full timestamp is 25 bytes; only the first 12 are kept.
            var tmp: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &tmp) { raw in
                var t = ByteWriter(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity: raw.count)
                t.byte(0x22)
                t.timestamp(millis: days * 86_400_000)
            }
            dayWords = (tmp.0, tmp.1)
        }
        return (dayWords, Int(millis - days * 86_400_000))
    }

    /// `"2025-03-01T12:34:56.789Z"`, the same bytes as `ByteWriter.quotedTimestamp`.
    @inline(__always)
    mutating func write(_ millis: Int64, into w: inout ByteWriter) {
        let (words, msOfDay) = day(millis)
        w.word(words.0, advance: 8)
        w.word(words.1, advance: 4)
        w.timeOfDay(msOfDay: msOfDay)
        w.byte(0x22)
    }
}
