/// A small, fast, seedable PRNG (SplitMix64): one add and a 64-bit finaliser per draw.
///
/// Entities are seeded with `Random(seed:stream:index:)`, so a user or product is a pure
/// function of (seed, index) and can be regenerated at any time without a cache.
@frozen
public struct Random: Sendable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(state: UInt64) { self.state = state }

    /// Independent generator for entity `index` of `stream` (users, products, sessions...).
    @inlinable
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        state = Random.mix(
            seed &+ Random.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ Random.mix(index &+ 0x632B_E59B_D9B4_E019)))
    }

    /// The SplitMix64 / Stafford "mix13" finaliser: a good 64-bit hash.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Random.mix(state)
    }

    /// Uniform in `0..<bound` (Lemire's multiply-high; the tiny bias is irrelevant here).
    @inlinable
    public mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `range` (inclusive).
    @inlinable
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    @inlinable
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    @inlinable
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// Index drawn from cumulative weights (small tables: segments, devices, channels).
    @inlinable @inline(__always)
    public mutating func pick(cumulative: [Double]) -> Int {
        cumulative.withUnsafeBufferPointer { c in
            let last = c.count - 1
            let u = unit() * c[last]
            var i = 0
            while i < last && u >= c[i] { i += 1 }
            return i
        }
    }

    /// Standard normal via a table-free polar-less approximation: sum of 4 uniforms, rescaled.
    /// Tails are light beyond ±3.4σ, which is what we want for bounded behaviour.
    @inlinable
    public mutating func normal() -> Double {
        let a = next()
        // Four 16-bit uniforms from one draw: Irwin–Hall(4) has variance 4/12.
        let s = Double(a & 0xFFFF) + Double((a >> 16) & 0xFFFF) + Double((a >> 32) & 0xFFFF) + Double(a >> 48)
        return (s * (1.0 / 65536.0) - 2.0) * 1.7320508075688772
    }

    /// Log-normal with the given median and shape σ.
    @inlinable @inline(__always)
    public mutating func logNormal(median: Double, sigma: Double) -> Double {
        median * fastExp(sigma * normal())
    }
}

/// exp(x) for |x| < ~20 without libm: 2^(x/ln2) by splitting integer and fraction parts.
@inlinable @inline(__always)
func fastExp(_ x: Double) -> Double {
    let t = x * 1.4426950408889634
    let k = t.rounded(.down)
    let f = (t - k) * 0.6931471805599453
    // exp(f) for f in [0, ln2): 7th-order Taylor, error < 2e-7.
    let p = 1 + f * (1 + f * (0.5 + f * (1.0 / 6 + f * (1.0 / 24 + f * (1.0 / 120 + f * (1.0 / 720 + f / 5040))))))
    let e = Int(k)
    if e > 1000 { return .infinity }
    if e < -1000 { return 0 }
    return p * Double(bitPattern: UInt64(e &+ 1023) << 52)  // 2^e, e in -1000...1000
}

extension Array where Element == Double {
    /// Running sums, for `Random.pick(cumulative:)`.
    func cumulative() -> [Double] {
        var total = 0.0
        return map {
            total += Swift.max(0, $0)
            return total
        }
    }
}
