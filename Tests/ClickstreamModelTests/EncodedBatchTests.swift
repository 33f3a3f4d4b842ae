import Testing

@testable import ClickstreamModel

@Test func removeAllKeepsCapacity() {
    var batch = EncodedBatch(byteCapacity: 1024, recordCapacity: 8)
    batch.bytes.append(contentsOf: Array("{}k".utf8))
    batch.records.append(.init(value: 0..<2, key: 2..<3, kind: .view, timestampMillis: 0))
    #expect(Array(batch.value(at: 0)) == Array("{}".utf8))
    let capacity = batch.bytes.capacity
    batch.removeAll()
    #expect(batch.isEmpty)
    #expect(batch.bytes.capacity == capacity)
}
