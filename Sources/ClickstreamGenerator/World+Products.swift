import ClickstreamModel

/// Everything about one product, as small indices into the vocabularies.
public struct ProductProfile: Sendable, Equatable {
    public var index: Int
    public var category: Category
    /// Popularity rank inside its category, 0 = best seller.
    public var rank: Int
    public var priceCents: Int
    var brand: Int
    var adjective: Int
    var noun: Int
    var opener: Int
    var closer: Int
    /// Rating in tenths of a star, 0...50.
    public var ratingTenths: Int
    public var reviewCount: Int
    public var inStock: Bool
    /// Popularity in ten-thousandths, 0...10000.
    public var popularity: Int
    var tagsPacked: UInt32
    var tagCount: Int
    public var createdMillis: Int64
    public var updatedMillis: Int64
}

extension World {
    static let productStream: UInt64 = 0x7072_6f64  // "prod"

    /// Category and price only: what an interaction needs, at the cost of three draws.
    @inline(__always)
    func productCategoryAndPrice(_ index: Int) -> (category: Int, priceCents: Int) {
        if index < productPrices.count {
            return (Int(productCategories[index]), Int(productPrices[index]))
        }
        return World.computeProductCategoryAndPrice(
            index, catalog: catalog, prices: priceTable, seed: seed,
            skew: config.priceSkew)
    }

    /// Category of product `index`.
    @inline(__always)
    func productCategory(_ index: Int) -> Int {
        if index < productCategories.count { return Int(productCategories[index]) }
        return catalog.category(ofRank: catalog.rank(ofIndex: index)).category
    }

    /// The first draws of `product(_:)`: category and price (static so `init` can tabulate it).
    static func computeProductCategoryAndPrice(
        _ index: Int, catalog: Catalog, prices: [PriceRange], seed: UInt64,
        skew: Double
    ) -> (category: Int, priceCents: Int) {
        let (c, _) = catalog.category(ofRank: catalog.rank(ofIndex: index))
        var r = Random(seed: seed, stream: World.productStream, index: UInt64(index))
        return (c, priceCents(range: prices[c], skew: skew, &r))
    }

    @inline(__always)
    func priceCents(category c: Int, _ r: inout Random) -> Int {
        World.priceCents(range: priceTable[c], skew: config.priceSkew, &r)
    }

    @inline(__always)
    static func priceCents(range: PriceRange, skew: Double, _ r: inout Random) -> Int {
        let u = r.unit()
        let skewed = fastExp(skew * logUnit(u))
        let dollars = range.min + (range.max - range.min) * skewed
        // Shops price at .99, .49 or round numbers.
        let whole = Int(dollars)
        let ending = r.below(10)
        let cents = ending < 6 ? whole * 100 + 99 : ending < 8 ? whole * 100 + 49 : max(1, whole) * 100
        return max(Int(range.min * 100), min(Int(range.max * 100), cents))
    }

    /// The product at `index` (0..<productCount).
    public func product(_ index: Int) -> ProductProfile {
        let g = catalog.rank(ofIndex: index)
        let (c, rank) = catalog.category(ofRank: g)
        var r = Random(seed: seed, stream: World.productStream, index: UInt64(index))
        let price = priceCents(category: c, &r)
        let words = Vocabulary.categoryWords[c]
        let brand = r.below(words.brands.count)
        let adjective = r.below(Vocabulary.adjectives.count)
        let noun = r.below(words.nouns.count)
        let opener = r.below(Vocabulary.descriptionOpeners.count)
        let closer = r.below(Vocabulary.descriptionClosers.count)
        let n = max(1, catalog.size[c])
        // Popularity from the Zipf rank on a log scale: the best seller is 1, the tail near 0.
        let pop = 1 - log(Double(rank + 1)) / log(Double(n + 1))
        let popularity = max(0, min(10000, Int(pop * 10000)))
        // Reviews follow popularity (heavy tail); ratings cluster around 4.2 like real shops.
        let reviews = Int(2500 * pow(Double(rank + 1), -0.8) * r.logNormal(median: 1, sigma: 0.6))
        let rating = reviews == 0 ? 0 : max(10, min(50, Int((42 + 4 * r.normal()).rounded())))
        let inStock = r.unit() < 0.93
        let tagCount = 1 + r.below(4)
        var packed: UInt32 = 0
        var have = 0
        var tries = 0
        while have < tagCount && tries < 16 {
            tries += 1
            let t = UInt32(r.below(words.tags.count))
            var dup = false
            for j in 0..<have where (packed >> (8 * UInt32(j))) & 0xFF == t { dup = true }
            if dup { continue }
            packed |= t << (8 * UInt32(have))
            have += 1
        }
        let created = anchorMillis - Int64(1 + r.below(1095)) * 86_400_000 - Int64(r.below(86_400_000))
        let updated = min(anchorMillis, created + Int64(r.below(365)) * 86_400_000 + Int64(r.below(86_400_000)))
        return ProductProfile(
            index: index, category: Category(rawValue: UInt8(c)) ?? .electronics, rank: rank,
            priceCents: price, brand: brand, adjective: adjective, noun: noun, opener: opener,
            closer: closer, ratingTenths: rating, reviewCount: reviews, inStock: inStock,
            popularity: popularity, tagsPacked: packed, tagCount: have,
            createdMillis: created, updatedMillis: updated)
    }
}

/// ln(u) for u in (0, 1), via the exponent and a short series; accurate to ~1e-6.
@inline(__always)
func logUnit(_ u: Double) -> Double {
    let x = max(u, 1e-300)
    // Exponent and significand from the bits (x is positive and normal here): the same values
    // as `x.exponent` / `x.significand`, without the generic library calls.
    let bits = x.bitPattern
    let e = Int((bits >> 52) & 0x7FF) - 1023
    let m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)  // [1, 2)
    let t = (m - 1) / (m + 1)
    let t2 = t * t
    let lnm = 2 * t * (1 + t2 * (1.0 / 3 + t2 * (1.0 / 5 + t2 * (1.0 / 7 + t2 * (1.0 / 9 + t2 / 11)))))
    return Double(e) * 0.6931471805599453 + lnm
}

/// Writes products as JSON.
enum ProductEncoder {
    static let maxBytes = 2048

    static func encode(_ p: ProductProfile, world: World, into w: inout ByteWriter) {
        let words = Vocabulary.categoryWords[Int(p.category.rawValue)]
        // Name and description inline, as `World.writeProductName`/`writeProductDescription`
        // write them, reusing `brand` and `noun`: calling those costs JSON products 5 %
        // (308 against 285 ns/record, release clickbench generator --only products, median of 5).
        let brand = words.brands[p.brand]
        let noun = words.nouns[p.noun]
        w.raw("{\"product_id\":\"")
        World.writeProductID(p.index, into: &w)
        w.raw("\",\"name\":\"")
        w.raw(brand)
        w.byte(0x20)
        w.raw(Vocabulary.adjectives[p.adjective])
        w.byte(0x20)
        w.raw(noun)
        w.raw("\",\"category\":")
        w.quoted(p.category.name)
        w.raw(",\"price\":")
        w.cents(p.priceCents)
        w.raw(",\"description\":\"")
        w.raw(Vocabulary.descriptionOpeners[p.opener])
        w.raw(". ")
        w.raw(noun)
        w.raw(" by ")
        w.raw(brand)
        w.raw(". ")
        w.raw(Vocabulary.descriptionClosers[p.closer])
        w.raw("\",\"brand\":")
        w.quoted(brand)
        w.raw(",\"rating\":")
        w.tenths(p.ratingTenths)
        w.raw(",\"review_count\":")
        w.int(p.reviewCount)
        w.raw(",\"in_stock\":")
        w.bool(p.inStock)
        w.raw(",\"popularity_score\":")
        w.tenThousandths(p.popularity)
        w.raw(",\"tags\":[")
        for i in 0..<p.tagCount {
            if i > 0 { w.byte(0x2C) }
            w.quoted(words.tags[Int((p.tagsPacked >> (8 * UInt32(i))) & 0xFF)])
        }
        w.raw("],\"created_at\":")
        w.quotedTimestamp(millis: p.createdMillis)
        w.raw(",\"updated_at\":")
        w.quotedTimestamp(millis: p.updatedMillis)
        w.raw(",\"sku\":\"")
        World.writeSKU(p, words, into: &w)
        w.raw("\",\"currency\":\"USD\"}")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
