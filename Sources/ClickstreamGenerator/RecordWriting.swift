import ClickstreamModel

/// Shared pieces of interaction and session records: URLs, addresses, identifiers.
extension World {
    /// Absolute URL of a page of the shop.
    @inline(__always)
    func writeURL(_ page: Page, into w: inout ByteWriter) {
        siteURL.withUnsafeBufferPointer { w.raw($0) }
        switch page.kind {
        case .none, .home:
            w.byte(0x2F)
        case .category:
            w.raw("/c/")
            w.raw(Vocabulary.categoryWords[Int(page.arg)].slug)
        case .search:
            w.raw("/search?q=")
            let q = Vocabulary.categoryWords[Int(page.arg)].queries[Int(page.arg2)]
            let p = q.utf8Start
            for i in 0..<q.utf8CodeUnitCount { w.byte(p[i] == 0x20 ? 0x2B : p[i]) }
        case .product:
            w.raw("/p/")
            World.writeProductID(Int(page.arg), into: &w)
        case .cart:
            w.raw("/cart")
        case .confirmation:
            w.raw("/checkout/confirmation")
        }
    }

    /// `"https://www.google.com/"` or `null` for direct and e-mail traffic.
    @inline(__always)
    static func writeExternalReferrer(_ s: SessionState, into w: inout ByteWriter) {
        switch s.source {
        case .organic, .paid:
            w.quoted(Vocabulary.searchReferrers[s.referrer % Vocabulary.searchReferrers.count])
        case .social:
            w.quoted(Vocabulary.socialReferrers[s.referrer % Vocabulary.socialReferrers.count])
        case .referral, .affiliate:
            w.quoted(Vocabulary.referralReferrers[s.referrer % Vocabulary.referralReferrers.count])
        case .direct, .email:
            w.raw("null")
        }
    }

    /// `"https://..."` of the page, or the session's external referrer when it came from outside.
    @inline(__always)
    func writeReferrer(_ page: Page, session s: SessionState, into w: inout ByteWriter) {
        if page.kind == .none {
            World.writeExternalReferrer(s, into: &w)
        } else {
            w.byte(0x22)
            writeURL(page, into: &w)
            w.byte(0x22)
        }
    }

    @inline(__always)
    static func writeIP(_ ip: UInt32, into w: inout ByteWriter) {
        w.unsigned(UInt64(ip >> 24))
        w.byte(0x2E)
        w.unsigned(UInt64((ip >> 16) & 0xFF))
        w.byte(0x2E)
        w.unsigned(UInt64((ip >> 8) & 0xFF))
        w.byte(0x2E)
        w.unsigned(UInt64(max(1, ip & 0xFF)))
    }

    @inline(__always)
    static func writeUTM(_ s: SessionState, into w: inout ByteWriter) {
        if let utm = s.source.utm {
            w.raw(",\"utm_source\":")
            w.quoted(utm.source)
            w.raw(",\"utm_medium\":")
            w.quoted(utm.medium)
            w.raw(",\"utm_campaign\":")
            w.quoted(Vocabulary.campaigns[s.campaign])
        } else {
            w.raw(",\"utm_source\":null,\"utm_medium\":null,\"utm_campaign\":null")
        }
    }
}
