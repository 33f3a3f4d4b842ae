/// Records encoded as JSON, laid end to end in one reusable byte buffer, with their keys.
///
/// This is the seam between generation and the sinks: the generator appends, a sink reads
/// `value(at:)` / `key(at:)` and hands the bytes on (Kafka, file, HTTP) without copying or
/// re-encoding. Call `removeAll()` between batches: capacity is kept, so a worker that reuses
/// one batch allocates nothing per event once warmed up.
public struct EncodedBatch: Sendable {
    /// Where one record's value and key sit in `bytes`.
    public struct Record: Sendable, Equatable {
        public var value: Range<Int>
        public var key: Range<Int>
        public var kind: EventKind
        /// Event time of the record, in milliseconds since the Unix epoch.
        public var timestampMillis: Int64
        /// How a stream's disorder stage touched this record (`none` for every record of a
        /// stream without disorder); sinks carry it beside the record, never inside it.
        public var injected: Injection

        public init(
            value: Range<Int>, key: Range<Int>, kind: EventKind, timestampMillis: Int64, injected: Injection = .none
        ) {
            self.value = value
            self.key = key
            self.kind = kind
            self.timestampMillis = timestampMillis
            self.injected = injected
        }
    }

    public var bytes: [UInt8]
    public var records: [Record]

    public init(byteCapacity: Int = 1 << 16, recordCapacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(byteCapacity)
        records = []
        records.reserveCapacity(recordCapacity)
    }

    public var count: Int { records.count }
    public var isEmpty: Bool { records.isEmpty }

    /// Empties the batch and keeps its storage for the next one.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }

    public func value(at index: Int) -> ArraySlice<UInt8> { bytes[records[index].value] }
    public func key(at index: Int) -> ArraySlice<UInt8> { bytes[records[index].key] }
}
