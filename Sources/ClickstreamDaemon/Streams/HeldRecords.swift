import ClickstreamModel

/// Records a stream's disorder stage holds back, with the event time at which each is due,
/// released earliest-due first (ties in the order they were held).
///
/// The bytes are copied into `store` (records of the worker's batch are overwritten by the
/// next batch); the queue is a binary heap in a reused array. Once warm nothing is allocated:
/// `store` is compacted into `spare` (and the two swapped) when dead bytes outweigh live ones.
struct HeldRecords {
    private struct Entry {
        var due: Int64
        var order: UInt64
        var record: EncodedBatch.Record
    }

    private var heap: [Entry] = []
    private var store: [UInt8] = []
    private var spare: [UInt8] = []
    private var liveBytes = 0
    private var nextOrder: UInt64 = 0

    var count: Int { heap.count }

    /// Due time of the earliest record, or nil when none is held.
    var nextDue: Int64? { heap.first?.due }

    /// Holds record `index` of `batch` until event time reaches `due`, labelled `injected`.
    mutating func hold(_ batch: EncodedBatch, _ index: Int, due: Int64, injected: Injection) {
        var record = batch.records[index]
        let valueStart = store.count
        store.append(contentsOf: batch.bytes[record.value])
        let keyStart = store.count
        store.append(contentsOf: batch.bytes[record.key])
        liveBytes += store.count - valueStart
        record.value = valueStart..<keyStart
        record.key = keyStart..<store.count
        record.injected = injected
        heap.append(Entry(due: due, order: nextOrder, record: record))
        nextOrder &+= 1
        siftUp(heap.count - 1)
    }

    /// Appends the earliest record to `out` and forgets it.
    mutating func releaseFirst(into out: inout EncodedBatch) {
        let record = heap[0].record
        let start = out.bytes.count
        out.bytes.append(contentsOf: store[record.value])
        out.bytes.append(contentsOf: store[record.key])
        var copy = record
        copy.value = start..<(start + record.value.count)
        copy.key = copy.value.upperBound..<out.bytes.count
        out.records.append(copy)
        liveBytes -= record.value.count + record.key.count
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
        compactIfWasteful()
    }

    private mutating func compactIfWasteful() {
        if heap.isEmpty {
            store.removeAll(keepingCapacity: true)
            return
        }
        guard store.count > 1 << 20, store.count > 4 * liveBytes else { return }
        spare.removeAll(keepingCapacity: true)
        for i in heap.indices {
            let r = heap[i].record
            let start = spare.count
            spare.append(contentsOf: store[r.value])
            spare.append(contentsOf: store[r.key])
            heap[i].record.value = start..<(start + r.value.count)
            heap[i].record.key = heap[i].record.value.upperBound..<spare.count
        }
        swap(&store, &spare)
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        (heap[a].due, heap[a].order) < (heap[b].due, heap[b].order)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var smallest = parent
            let left = 2 * parent + 1
            if left < heap.count, before(left, smallest) { smallest = left }
            if left + 1 < heap.count, before(left + 1, smallest) { smallest = left + 1 }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
