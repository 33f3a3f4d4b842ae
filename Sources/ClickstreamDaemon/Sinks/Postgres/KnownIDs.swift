import Synchronization

/// Which users or products the sink has committed to their table, as one bit per index of
/// the population (10 million users: 1.25 MB). Lets a batch of events upsert only the
/// dimension rows not written yet.
final class KnownIDs: Sendable {
    private let bits: Mutex<[UInt64]>
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        bits = Mutex([UInt64](repeating: 0, count: (capacity + 63) / 64))
    }

    func contains(_ index: Int) -> Bool {
        guard index >= 0, index < capacity else { return false }
        return bits.withLock { $0[index >> 6] & (1 << UInt64(index & 63)) != 0 }
    }

    /// The indices of `candidates` not known yet, each once.
    func missing(_ candidates: [Int]) -> [Int] {
        bits.withLock { words in
            var seen = Set<Int>()
            return candidates.filter { index in
                guard index >= 0, index < capacity else { return false }
                return words[index >> 6] & (1 << UInt64(index & 63)) == 0 && seen.insert(index).inserted
            }
        }
    }

    func insert(_ indices: [Int]) {
        bits.withLock { words in
            for index in indices where index >= 0 && index < capacity { words[index >> 6] |= 1 << UInt64(index & 63) }
        }
    }

    /// Up to `count` random known indices (for the slow updates).
    func sample(_ count: Int) -> [Int] {
        guard capacity > 0 else { return [] }
        return bits.withLock { words in
            var picked: [Int] = []
            var tries = 0
            while picked.count < count && tries < count * 20 {
                tries += 1
                let index = Int.random(in: 0..<capacity)
                if words[index >> 6] & (1 << UInt64(index & 63)) != 0 { picked.append(index) }
            }
            return picked
        }
    }

    func removeAll() {
        bits.withLock { words in
            for i in words.indices { words[i] = 0 }
        }
    }
}
