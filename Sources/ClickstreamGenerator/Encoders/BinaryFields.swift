import ClickstreamModel

/// The pieces of records that every format writes alike (JSON inside its quotes, Avro and
/// Protobuf as plain strings), or where JSON writes null: one writer each, so all formats
/// carry the same record. (JSON products write name and description inline: `ProductEncoder`
/// says why.) The product writers take the category's words from the caller, which has them:
/// looking them up again in each writer cost Avro and Protobuf products 15 % (about 290
/// against 245 ns/record, release clickbench generator --only products, median of 5).
extension World {
    /// The session's external referrer, nil for direct and e-mail traffic (JSON `null`).
    @inline(__always)
    static func externalReferrer(_ s: SessionState) -> StaticString? {
        switch s.source {
        case .organic, .paid: Vocabulary.searchReferrers[s.referrer % Vocabulary.searchReferrers.count]
        case .social: Vocabulary.socialReferrers[s.referrer % Vocabulary.socialReferrers.count]
        case .referral, .affiliate: Vocabulary.referralReferrers[s.referrer % Vocabulary.referralReferrers.count]
        case .direct, .email: nil
        }
    }

    /// `user.first.last42@domain`: the bytes of the JSON `email` field.
    @inline(__always)
    static func writeEmail(_ u: UserProfile, into w: inout ByteWriter) {
        w.lowercased(Vocabulary.firstNames[u.firstName])
        w.byte(0x2E)
        w.lowercased(Vocabulary.lastNames[u.lastName])
        if u.emailNumber >= 100 { w.unsigned(UInt64(u.emailNumber)) }
        w.byte(0x40)
        w.raw(Vocabulary.emailDomains[u.emailDomain])
    }

    /// `Brand Adjective Noun`. `words` are the product's category's (the caller has them).
    @inline(__always)
    static func writeProductName(_ p: ProductProfile, _ words: CategoryWords, into w: inout ByteWriter) {
        w.raw(words.brands[p.brand])
        w.byte(0x20)
        w.raw(Vocabulary.adjectives[p.adjective])
        w.byte(0x20)
        w.raw(words.nouns[p.noun])
    }

    /// `Opener. Noun by Brand. Closer`.
    @inline(__always)
    static func writeProductDescription(_ p: ProductProfile, _ words: CategoryWords, into w: inout ByteWriter) {
        w.raw(Vocabulary.descriptionOpeners[p.opener])
        w.raw(". ")
        w.raw(words.nouns[p.noun])
        w.raw(" by ")
        w.raw(words.brands[p.brand])
        w.raw(". ")
        w.raw(Vocabulary.descriptionClosers[p.closer])
    }

    /// `ELE-004217`.
    @inline(__always)
    static func writeSKU(_ p: ProductProfile, _ words: CategoryWords, into w: inout ByteWriter) {
        w.raw(words.skuPrefix)
        w.byte(0x2D)
        w.padded(p.index, width: 6)
    }

    /// `ord_` and 16 hex digits.
    @inline(__always)
    static func writeOrderID(_ id: UInt64, into w: inout ByteWriter) {
        w.raw("ord_")
        w.hex(id, digits: 16)
    }

    /// The interaction id: derived from the session id bits and the event's sequence number.
    @inline(__always)
    static func writeInteractionID(_ e: Emission, idHi: UInt64, idLo: UInt64, into w: inout ByteWriter) {
        let seqMix = UInt64(truncatingIfNeeded: e.seq)
        w.uuid(Random.mix(idHi &+ seqMix), Random.mix(idLo ^ (seqMix &* 0x9E37_79B9_7F4A_7C15)))
    }

    /// The URL of an interaction's referrer page, or nil when it came from outside and the
    /// session has no external referrer.
    @inline(__always)
    func hasReferrer(_ page: Page, session s: SessionState) -> Bool {
        page.kind != .none || World.externalReferrer(s) != nil
    }

    /// The bytes of a referrer known to exist (`hasReferrer`): the page's URL, else the
    /// session's external referrer.
    @inline(__always)
    func writeReferrerText(_ page: Page, session s: SessionState, into w: inout ByteWriter) {
        if page.kind == .none {
            if let r = World.externalReferrer(s) { w.raw(r) }
        } else {
            writeURL(page, into: &w)
        }
    }

    static func clampedCategory(_ c: Int) -> Int {
        c >= 0 && c < Category.count ? c : 0
    }
}

extension Double {
    /// Dollars from integer cents: correctly rounded, so the same double a JSON parser
    /// reads from the JSON encoder's `12.34`.
    @inline(__always)
    init(cents: Int) { self = Double(cents) / 100 }
}
