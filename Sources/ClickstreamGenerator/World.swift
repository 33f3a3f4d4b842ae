import ClickstreamModel

/// The simulated shop: its user population and product catalogue, as pure functions of
/// (seed, config, index), plus the precomputed tables that make sampling O(1).
///
/// Building a world costs O(productCount) once (popularity tables); users cost nothing
/// until asked for. Use it directly for samples (`encodeUser(index:into:)`).
public final class World: Sendable {
    public let config: GeneratorConfig
    let seed: UInt64
    let anchorMillis: Int64

    let segmentCumulative: [Double]
    /// Samples an index into `marketCities`: where users live (`GeneratorConfig.markets`).
    let cityTable: AliasTable
    let marketCities: [Int32]
    /// The population's time-zone mix under `config.markets`, by offset (ascending, shares sum
    /// to 1): what a daily-cycle rate multiplier weighs the local-time diurnal curve with.
    public let utcOffsetWeights: [UTCOffsetWeight]
    let deviceCumulative: [Double]
    /// Client indices per device class, and their cumulative weights.
    let clientsByDevice: [[Int]]
    let clientCumulativeByDevice: [[Double]]
    let categoryCumulative: [Double]
    let catalog: Catalog
    /// Price range per category, indexed by `Category.rawValue`.
    let priceTable: [PriceRange]
    /// `config.siteURL` bytes, pre-encoded.
    let siteURL: [UInt8]
    /// Price in cents and category per product index, precomputed for catalogues of up to
    /// `World.productTableLimit` products (empty above: computed per use instead). Every
    /// interaction needs both; they are pure functions of (seed, index) either way.
    let productPrices: [Int32]
    let productCategories: [UInt8]
    static let productTableLimit = 2_000_000

    public init(config: GeneratorConfig) {
        self.config = config
        seed = config.seed
        anchorMillis = config.populationAnchorMillis
        segmentCumulative = config.segmentWeights.cumulative()
        var markets = World.cities(inMarkets: config.markets)
        // No city at all: `validate()` refuses such a config; a world built from it anyway is a US shop.
        if markets.cities.isEmpty { markets = World.cities(inMarkets: GeneratorConfig.defaultMarkets) }
        marketCities = markets.cities
        cityTable = AliasTable(weights: markets.weights)
        utcOffsetWeights = World.utcOffsetWeights(cities: markets.cities, weights: markets.weights)
        deviceCumulative = config.deviceWeights.cumulative()
        var byDevice: [[Int]] = []
        var cumulative: [[Double]] = []
        for d in DeviceType.allCases {
            let ids = Vocabulary.clients.indices.filter { Vocabulary.clients[$0].device == d }
            byDevice.append(ids)
            cumulative.append(ids.map { Vocabulary.clients[$0].weight }.cumulative())
        }
        clientsByDevice = byDevice
        clientCumulativeByDevice = cumulative
        categoryCumulative = Category.allCases.map { config.categoryWeights[$0] ?? 0 }.cumulative()
        catalog = Catalog(config: config)
        priceTable = Category.allCases.map { config.categoryPrices[$0] ?? PriceRange(min: 1, max: 100) }
        var url = Array(config.siteURL.utf8)
        while url.last == 0x2F { url.removeLast() }
        siteURL = url
        var prices: [Int32] = []
        var categories: [UInt8] = []
        if config.productCount <= World.productTableLimit {
            prices = [Int32](repeating: 0, count: config.productCount)
            categories = [UInt8](repeating: 0, count: config.productCount)
            for i in 0..<config.productCount {
                let (c, p) = World.computeProductCategoryAndPrice(
                    i, catalog: catalog, prices: priceTable,
                    seed: seed, skew: config.priceSkew)
                prices[i] = Int32(clamping: p)
                categories[i] = UInt8(c)
            }
        }
        productPrices = prices
        productCategories = categories
    }

    public var userCount: Int { config.userCount }
    public var productCount: Int { config.productCount }

    /// Appends the JSON of user `index` (wrapped into the population) to `batch`, keyed by user_id.
    public func encodeUser(index: Int, into batch: inout EncodedBatch, timestampMillis: Int64? = nil) {
        let u = user(World.wrap(index, config.userCount))
        append(.user, UserEncoder.maxBytes, timestampMillis ?? u.registrationMillis, to: &batch) { w, k in
            UserEncoder.encode(u, world: self, into: &w)
            World.writeUserID(u.index, into: &k)
        }
    }

    /// Appends the JSON of product `index` (wrapped into the catalogue) to `batch`, keyed by product_id.
    public func encodeProduct(index: Int, into batch: inout EncodedBatch, timestampMillis: Int64? = nil) {
        let p = product(World.wrap(index, config.productCount))
        append(.product, ProductEncoder.maxBytes, timestampMillis ?? p.updatedMillis, to: &batch) { w, k in
            ProductEncoder.encode(p, world: self, into: &w)
            World.writeProductID(p.index, into: &k)
        }
    }

    /// The JSON of one user as a String (samples, debugging; not for hot paths).
    public func userJSON(index: Int) -> String {
        var batch = EncodedBatch(byteCapacity: 2048, recordCapacity: 1)
        encodeUser(index: index, into: &batch)
        return String(decoding: batch.value(at: 0), as: UTF8.self)
    }

    /// The JSON of one product as a String (samples, debugging; not for hot paths).
    public func productJSON(index: Int) -> String {
        var batch = EncodedBatch(byteCapacity: 2048, recordCapacity: 1)
        encodeProduct(index: index, into: &batch)
        return String(decoding: batch.value(at: 0), as: UTF8.self)
    }

    static func wrap(_ index: Int, _ count: Int) -> Int {
        let m = index % count
        return m < 0 ? m + count : m
    }

    /// `user_00000042`: stable, sortable, joinable.
    @inline(__always)
    static func writeUserID(_ index: Int, into w: inout ByteWriter) {
        w.raw("user_")
        if index >= 0 && index < 100_000_000 { w.eightDigits(index) } else { w.padded(index, width: 8) }
    }

    /// `prod_000123`.
    @inline(__always)
    static func writeProductID(_ index: Int, into w: inout ByteWriter) {
        w.raw("prod_")
        writeProductDigits(index, into: &w)
    }

    /// The digits of `prod_000123`.
    @inline(__always)
    static func writeProductDigits(_ index: Int, into w: inout ByteWriter) {
        if index >= 0 && index < 1_000_000 { w.sixDigits(index) } else { w.padded(index, width: 6) }
    }

    /// Appends one record that `write` puts into a value of at most `size` bytes and a key of
    /// at most 64, both written on the stack (no allocation per record).
    private func append(
        _ kind: EventKind, _ size: Int, _ timestampMillis: Int64, to batch: inout EncodedBatch,
        _ write: (inout ByteWriter, inout ByteWriter) -> Void
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size + 64) { buf in
            var w = ByteWriter(buf.baseAddress!, capacity: size)
            var k = ByteWriter(buf.baseAddress! + size, capacity: 64)
            write(&w, &k)
            batch.append(value: w.written, key: k.written, kind: kind, timestampMillis: timestampMillis)
        }
    }
}
