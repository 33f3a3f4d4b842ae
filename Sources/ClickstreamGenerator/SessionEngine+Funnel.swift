import ClickstreamModel

/// The funnel walk: one step of one session per call.
///
/// ```
/// landing ─▶ view ◀─ click ◀─ listing/search ◀─┐
///             │                                │ navigate (or exit)
///             ├─▶ add_to_cart ─▶ checkout ─▶ purchase × lines ─▶ exit/navigate
///             ├─▶ wishlist / share / review ──▶┘
///             └──────────────────────────────▶┘
/// ```
/// A purchase only buys what the cart holds, so causality (add_to_cart before purchase of
/// the same product in the same session) holds by construction.
extension SessionEngine {
    /// Seconds → milliseconds gap, log-normal around `median`, clamped to 0.5 s ... 30 min,
    /// then compressed by `gapScale` when the session table is near its cap.
    @inline(__always)
    mutating func gap(slot: Int, median: Double) -> Int64 {
        let g = max(
            500, min(1_800_000, sessions[slot].random.logNormal(median: median, sigma: config.session.gapSigma) * 1000))
        return gapScale < 1 ? Int64(g * gapScale) : Int64(g)
    }

    /// Runs the step due at `now`; returns whether an interaction was produced into `emission`.
    mutating func step(slot: Int, now: Int64) -> Bool {
        var kind: EventKind
        var product = sessions[slot].product
        let oldPage = sessions[slot].page
        var page = oldPage
        var referrer = oldPage
        var quantity = 1
        var revenue = 0
        var orderID: UInt64 = 0
        var hasOrder = false
        let dwell = config.session.dwellMedianSeconds

        // 1. What happens now.
        switch sessions[slot].phase {
        case .view:
            kind = .view
            page = Page(kind: .product, arg: Int32(product))
        case .click:
            let c: Int? = page.kind == .category || page.kind == .search ? Int(page.arg) : nil
            product = pickProduct(slot: slot, category: c)
            kind = .click
            referrer = sessions[slot].previous
        case .search:
            let c = pickCategory(slot: slot)
            let q = sessions[slot].random.below(Vocabulary.categoryWords[c].queries.count)
            product = pickProduct(slot: slot, category: c)
            let searchPage = Page(kind: .search, arg: Int32(c), arg2: Int32(q))
            if extended {
                kind = .search
                page = searchPage
            } else {
                // Consumers of the original seven types see the view of the top result.
                kind = .view
                referrer = searchPage
                page = Page(kind: .product, arg: Int32(product))
            }
        case .addToCart:
            kind = .addToCart
            quantity = sessions[slot].random.chance(0.86) ? 1 : sessions[slot].random.chance(0.7) ? 2 : 3
            page = Page(kind: .product, arg: Int32(product))
            referrer = sessions[slot].pageReferrer
            addToCart(slot: slot, product: product, quantity: quantity)
        case .removeFromCart:
            let base = slot * cartCapacity
            let line = sessions[slot].random.below(max(1, sessions[slot].cartCount))
            product = Int(cartProduct[base + line])
            quantity = Int(cartQuantity[base + line])
            let last = sessions[slot].cartCount - 1
            cartProduct[base + line] = cartProduct[base + last]
            cartQuantity[base + line] = cartQuantity[base + last]
            sessions[slot].cartCount = last
            kind = .removeFromCart
            page = Page(kind: .cart)
        case .wishlist, .share, .review:
            kind = sessions[slot].phase == .wishlist ? .wishlist : sessions[slot].phase == .share ? .share : .review
            page = Page(kind: .product, arg: Int32(product))
            referrer = sessions[slot].pageReferrer
        case .purchase:
            let base = slot * cartCapacity
            let line = sessions[slot].purchaseLine
            product = Int(cartProduct[base + line])
            quantity = Int(cartQuantity[base + line])
            kind = .purchase
            page = Page(kind: .confirmation)
            referrer = Page(kind: .cart)
            orderID = sessions[slot].orderID
            hasOrder = true
        case .ended:
            return false
        }
        if sessions[slot].seq == 0 {
            referrer = .none
            sessions[slot].landing = page
        }

        let (category, price) = world.productCategoryAndPrice(product)
        if kind == .purchase {
            revenue = price * quantity
            sessions[slot].revenueCents += revenue
            recordPurchased(slot: slot, product: product)
        }
        if kind == .view { recordViewed(slot: slot, product: product) }
        if page != oldPage {
            sessions[slot].previous = oldPage
            sessions[slot].pageReferrer = referrer
        }
        sessions[slot].page = page
        sessions[slot].product = product

        // 2. What happens next, and when.
        var next: Phase = .ended
        var wait: Int64
        switch kind {
        case .view:
            let r = sessions[slot].random.unit()
            let table = atcCumulative[sessions[slot].segment]
            if r < table[0] && sessions[slot].cartCount < cartCapacity {
                next = .addToCart
            } else if r >= table[0] && r < table[1] {
                next = .wishlist
            } else if r >= table[1] && r < table[2] {
                next = .share
            } else if r >= table[2] && r < table[3] {
                next = .review
            } else {
                next = navigate(slot: slot, from: product)
            }
            wait = gap(slot: slot, median: dwell)
        case .click:
            if sessions[slot].random.chance(funnel.clickBounce) {
                next = .ended
                wait = gap(slot: slot, median: 3)
            } else {
                next = .view
                wait = gap(slot: slot, median: 2.5)
            }
        case .search:
            next = .click
            wait = gap(slot: slot, median: 9)
        case .addToCart:
            if sessions[slot].random.chance(funnel.checkoutAfterAddToCart) {
                next = checkout(slot: slot)
                wait = gap(slot: slot, median: 150)
            } else {
                next = navigate(slot: slot, from: product)
                wait = gap(slot: slot, median: 12)
            }
        case .purchase:
            let line = sessions[slot].purchaseLine + 1
            if line < sessions[slot].cartCount {
                sessions[slot].purchaseLine = line
                next = .purchase
                wait = 0
            } else {
                sessions[slot].cartCount = 0
                sessions[slot].converted = true
                next =
                    sessions[slot].random.chance(funnel.exitAfterPurchase)
                    ? .ended : navigate(slot: slot, from: product)
                wait = gap(slot: slot, median: 40)
            }
        default:
            next = navigate(slot: slot, from: product)
            wait = gap(slot: slot, median: 10)
        }
        if next == .ended { wait = gap(slot: slot, median: dwell * 0.8) }

        // 3. Emit (skipping types the original service does not know, if asked to).
        let seq = sessions[slot].seq
        let emit = extended || kind != .removeFromCart
        if emit {
            counters[slot * Counter.count + Counter.slot(kind)] += 1
            sessions[slot].seq = seq + 1
            sessions[slot].lastEvent = now
            emission = Emission(
                kind: kind, slot: slot, product: product, quantity: quantity, revenueCents: revenue,
                priceCents: price, category: category, page: page, referrer: referrer,
                timestamp: now, durationSeconds: Int(wait / 1000), seq: seq + 1,
                orderID: orderID, hasOrder: hasOrder)
        }
        schedule(slot: slot, next: next, at: now + wait)
        return emit
    }

    /// Continue browsing or leave; with items in the cart, maybe edit it or check out.
    mutating func navigate(slot: Int, from product: Int) -> Phase {
        if sessions[slot].seq + 2 >= maxEvents { return .ended }
        if sessions[slot].cartCount > 0 {
            if sessions[slot].random.chance(funnel.removeFromCart) { return .removeFromCart }
            if sessions[slot].random.chance(funnel.checkoutWhileBrowsing) { return checkout(slot: slot) }
        }
        if sessions[slot].random.chance(sessions[slot].exitProbability) { return .ended }
        let r =
            sessions[slot].random.unit()
            * (funnel.navigateListingShare + funnel.navigateSearchShare + funnel.navigateRelatedShare)
        if r < funnel.navigateListingShare {
            let c = pickCategory(slot: slot)
            sessions[slot].previous = sessions[slot].page
            sessions[slot].page = Page(kind: .category, arg: Int32(c))
            return .click
        }
        if r < funnel.navigateListingShare + funnel.navigateSearchShare { return .search }
        // A related product: same category as the one being looked at.
        let c = world.productCategory(product)
        sessions[slot].product = pickProduct(slot: slot, category: c)
        return .view
    }

    /// The checkout page: pay (purchase events follow) or abandon and leave.
    mutating func checkout(slot: Int) -> Phase {
        guard sessions[slot].cartCount > 0 else { return .ended }
        let p = funnel.purchaseAfterCheckout[sessions[slot].segment]
        guard sessions[slot].random.chance(p),
            sessions[slot].purchasedCount + sessions[slot].cartCount <= purchasedCapacity
        else {
            return .ended
        }
        sessions[slot].purchaseLine = 0
        sessions[slot].orderID = sessions[slot].random.next()
        return .purchase
    }

    mutating func addToCart(slot: Int, product: Int, quantity: Int) {
        sessions[slot].everCarted = true
        let base = slot * cartCapacity
        for i in 0..<sessions[slot].cartCount where cartProduct[base + i] == Int32(product) {
            cartQuantity[base + i] += Int16(quantity)
            return
        }
        let n = sessions[slot].cartCount
        cartProduct[base + n] = Int32(product)
        cartQuantity[base + n] = Int16(quantity)
        sessions[slot].cartCount = n + 1
    }

    /// The `i`th product viewed in the session in `slot`.
    @inline(__always)
    func viewedProduct(slot: Int, _ i: Int) -> Int32 {
        if i < viewedInline { return viewed[slot * viewedInline + i] }
        return viewedSpill[Int(sessions[slot].viewedSpill) * (viewedCapacity - viewedInline) + i - viewedInline]
    }

    mutating func recordViewed(slot: Int, product: Int) {
        let n = sessions[slot].viewedCount
        let id = Int32(product)
        let base = slot * viewedInline
        for i in 0..<min(n, viewedInline) where viewed[base + i] == id { return }
        if n < viewedInline {
            viewed[base + n] = id
            sessions[slot].viewedCount = n + 1
            return
        }
        guard n < viewedCapacity else { return }
        let chunk = viewedCapacity - viewedInline
        if sessions[slot].viewedSpill < 0 {
            if let free = freeSpills.popLast() {
                sessions[slot].viewedSpill = free
            } else {
                sessions[slot].viewedSpill = Int32(viewedSpill.count / chunk)
                viewedSpill.append(contentsOf: repeatElement(0, count: chunk))
            }
        }
        let spill = Int(sessions[slot].viewedSpill) * chunk
        for i in 0..<(n - viewedInline) where viewedSpill[spill + i] == id { return }
        viewedSpill[spill + n - viewedInline] = id
        sessions[slot].viewedCount = n + 1
    }

    mutating func recordPurchased(slot: Int, product: Int) {
        let base = slot * purchasedCapacity
        let n = sessions[slot].purchasedCount
        for i in 0..<n where purchased[base + i] == Int32(product) { return }
        guard n < purchasedCapacity else { return }
        purchased[base + n] = Int32(product)
        sessions[slot].purchasedCount = n + 1
    }

    /// Queues the session's next step, or its end; a backfill range cuts sessions at its end.
    mutating func schedule(slot: Int, next: Phase, at time: Int64) {
        var phase = next
        var t = time
        if let end = endMillis, t > end {
            phase = .ended
            t = max(sessions[slot].lastEvent, end)
        }
        sessions[slot].phase = phase
        if phase == .ended { sessions[slot].end = t }
        pushHeap(HeapEntry(time: t, slot: Int32(slot)))
    }
}
