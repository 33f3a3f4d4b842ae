/// Walker/Vose alias table: O(1) sampling from a fixed discrete distribution.
///
/// Used for Zipf-like product popularity inside each category, where a catalogue of
/// thousands of products must be sampled once per product view.
public struct AliasTable: Sendable {
    @usableFromInline var threshold: [UInt32]
    @usableFromInline var alias: [UInt32]

    public var count: Int { threshold.count }

    /// - Parameter weights: non-negative, at least one positive.
    public init(weights: [Double]) {
        let n = weights.count
        precondition(n > 0 && n < Int(UInt32.max), "alias table needs 1...2^32 weights")
        let total = weights.reduce(0, +)
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = []
        var large: [Int] = []
        for (i, w) in scaled.enumerated() { if w < 1 { small.append(i) } else { large.append(i) } }
        var prob = [Double](repeating: 1, count: n)
        var alias = [UInt32](repeating: 0, count: n)
        for i in 0..<n { alias[i] = UInt32(i) }
        while let s = small.popLast(), let l = large.last {
            prob[s] = scaled[s]
            alias[s] = UInt32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        self.alias = alias
        self.threshold = prob.map { UInt32(Swift.min(4_294_967_295.0, ($0 * 4_294_967_296.0).rounded(.down))) }
        // Entries left in either list have probability 1 (threshold saturates).
        for i in large { self.threshold[i] = UInt32.max }
        for i in small { self.threshold[i] = UInt32.max }
    }

    /// One sample: a column from the high bits, the coin from the low 32 bits.
    @inlinable
    public func sample(_ random: inout Random) -> Int {
        let r = random.next()
        let column = Int(truncatingIfNeeded: (r >> 32).multipliedFullWidth(by: UInt64(threshold.count) << 32).high)
        return UInt32(truncatingIfNeeded: r) < threshold[column] || threshold[column] == UInt32.max
            ? column : Int(alias[column])
    }

    /// Zipf weights 1/(rank+1)^exponent for `count` ranks.
    public static func zipf(count: Int, exponent: Double) -> AliasTable {
        AliasTable(weights: (0..<count).map { 1 / pow(Double($0 + 1), exponent) })
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
