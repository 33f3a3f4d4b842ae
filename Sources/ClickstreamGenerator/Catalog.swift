import ClickstreamModel

/// The product catalogue's shape: how many products each category has, how popular each
/// is, and where each sits in the id space.
///
/// Products live in "rank space": category `c` owns ranks `start[c]..<start[c]+size[c]`,
/// most popular first. A bijection (`g·a + b mod n`) scatters ranks over product indices so
/// ids carry no hint of category or popularity.
struct Catalog: Sendable {
    let count: Int
    let start: [Int]
    let size: [Int]
    /// Zipf popularity inside each category.
    let popularity: [AliasTable]
    let multiplier: Int
    let inverseMultiplier: Int
    let offset: Int

    init(config: GeneratorConfig) {
        let n = config.productCount
        count = n
        let weights = Category.allCases.map { max(0, config.categoryWeights[$0] ?? 0) }
        let total = weights.reduce(0, +)
        var sizes = weights.map { total > 0 ? Int((Double(n) * $0 / total).rounded(.down)) : 0 }
        // Hand out the rounding remainder; every category keeps at least one product if it can.
        var remaining = n - sizes.reduce(0, +)
        var i = 0
        while remaining > 0 {
            sizes[i % sizes.count] += 1
            remaining -= 1
            i += 1
        }
        var starts: [Int] = []
        var s = 0
        for z in sizes {
            starts.append(s)
            s += z
        }
        start = starts
        size = sizes
        popularity = sizes.map { AliasTable.zipf(count: max(1, $0), exponent: config.zipfExponent) }
        var a = max(1, Int(Double(n) * 0.6180339887498949)) | 1
        while Catalog.gcd(a, n) != 1 { a += 1 }
        multiplier = a % max(n, 1)
        inverseMultiplier = Catalog.modularInverse(a % n, n)
        offset = n > 1 ? (n / 3) : 0
    }

    /// Product index of rank-space position `g`.
    @inline(__always)
    func index(ofRank g: Int) -> Int { count == 1 ? 0 : (g &* multiplier &+ offset) % count }

    /// Rank-space position of product `index`.
    func rank(ofIndex index: Int) -> Int {
        count == 1 ? 0 : ((index - offset + count) % count) &* inverseMultiplier % count
    }

    /// Category and rank inside it of rank-space position `g`.
    func category(ofRank g: Int) -> (category: Int, rank: Int) {
        var c = 0
        while c < Category.count - 1 && g >= start[c] + size[c] { c += 1 }
        return (c, g - start[c])
    }

    /// A product of category `c`, drawn by popularity; nil if the category is empty.
    @inline(__always)
    func sample(category c: Int, _ r: inout Random) -> Int? {
        guard size[c] > 0 else { return nil }
        return index(ofRank: start[c] + popularity[c].sample(&r))
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    static func modularInverse(_ a: Int, _ m: Int) -> Int {
        if m <= 1 { return 0 }
        var (t, newT, r, newR) = (0, 1, m, a)
        while newR != 0 {
            let q = r / newR
            (t, newT) = (newT, t - q * newT)
            (r, newR) = (newR, r - q * newR)
        }
        return t < 0 ? t + m : t
    }
}
