/// Protocol Buffers wire format (proto3), written in place.
///
/// A field is its tag (field number << 3 | wire type) as a varint, then a varint (wire
/// type 0: ints, bools, enums), 8 little-endian bytes (1: double) or a length varint and
/// that many bytes (2: strings, nested messages, packed repeated scalars). Fields of proto3
/// implicit presence are left out when they hold their default (0, false, empty), as the
/// reference encoders do; `optional` fields are written whenever set.
extension ByteWriter {
    public enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case delimited = 2
    }

    @inlinable @inline(__always)
    public mutating func protoTag(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | type.rawValue)
    }

    /// An int32/int64/enum field (non-negative values here), left out when 0.
    @inlinable @inline(__always)
    public mutating func protoInt(_ field: Int, _ value: Int) {
        guard value != 0 else { return }
        protoTag(field, .varint)
        varint(UInt64(bitPattern: Int64(value)))
    }

    @inlinable @inline(__always)
    public mutating func protoBool(_ field: Int, _ value: Bool) {
        guard value else { return }
        protoTag(field, .varint)
        byte(1)
    }

    @inlinable @inline(__always)
    public mutating func protoDouble(_ field: Int, _ value: Double) {
        guard value != 0 else { return }
        protoTag(field, .fixed64)
        doubleLE(value)
    }

    @inlinable @inline(__always)
    public mutating func protoString(_ field: Int, _ s: StaticString) {
        protoTag(field, .delimited)
        varint(UInt64(s.utf8CodeUnitCount))
        raw(s)
    }

    /// A length-delimited field (string, nested message, packed list) written by `body`:
    /// one length byte is reserved (enough below 128 bytes); a longer body is moved right.
    @inlinable @inline(__always)
    public mutating func protoDelimited(_ field: Int, _ body: (inout ByteWriter) -> Void) {
        protoTag(field, .delimited)
        let start = count
        count &+= 1
        body(&self)
        let n = count &- start &- 1
        if n < 128 {
            base[start] = UInt8(truncatingIfNeeded: n)
        } else {
            insertVarint(UInt64(n), at: start, bodyCount: n)
        }
    }

    /// A google.protobuf.Timestamp field from Unix milliseconds (seconds and nanos, floored).
    @inlinable @inline(__always)
    public mutating func protoTimestamp(_ field: Int, millis: Int64) {
        let seconds = CivilTime.floorDiv(millis, 1000)
        let nanos = Int((millis - seconds * 1000) * 1_000_000)
        protoDelimited(field) { w in
            w.protoInt(1, Int(seconds))
            w.protoInt(2, nanos)
        }
    }
}
