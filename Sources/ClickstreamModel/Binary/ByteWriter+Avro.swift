/// Avro binary encoding (Avro 1.11 specification, "Binary Encoding"), written in place.
///
/// int and long are zig-zag varints; a string or bytes is its length as a long, then the
/// bytes; a double is 8 bytes little-endian; a boolean one byte; an enum its index as an
/// int; a union the branch index as a long, then the value; an array blocks of
/// (count, items) ended by a zero count. Records are their fields in schema order.
extension ByteWriter {
    /// An unsigned LEB128 varint (7 bits a byte, low group first).
    @inlinable @inline(__always)
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            byte(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        byte(UInt8(truncatingIfNeeded: v))
    }

    /// Avro int/long: zig-zag (0, -1, 1, -2 → 0, 1, 2, 3), then a varint.
    @inlinable @inline(__always)
    public mutating func avroLong(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inlinable @inline(__always)
    public mutating func avroInt(_ value: Int) {
        avroLong(Int64(value))
    }

    /// IEEE 754 double, little-endian (Avro double; also Protobuf's fixed64 double).
    @inlinable @inline(__always)
    public mutating func doubleLE(_ value: Double) {
        word(value.bitPattern, advance: 8)
    }

    @inlinable @inline(__always)
    public mutating func avroBool(_ value: Bool) {
        byte(value ? 1 : 0)
    }

    /// A string whose bytes are a literal (length known up front).
    @inlinable @inline(__always)
    public mutating func avroString(_ s: StaticString) {
        avroLong(Int64(s.utf8CodeUnitCount))
        raw(s)
    }

    /// A string written by `body`, whose length is known only afterwards: one length byte is
    /// reserved (enough below 64 bytes, the usual case); a longer body is moved right to
    /// make room for the longer length.
    @inlinable @inline(__always)
    public mutating func avroString(_ body: (inout ByteWriter) -> Void) {
        let start = count
        count &+= 1
        body(&self)
        let n = count &- start &- 1
        if n < 64 {
            base[start] = UInt8(truncatingIfNeeded: n << 1)
        } else {
            let zigzag = UInt64(n) << 1
            insertVarint(zigzag, at: start, bodyCount: n)
        }
    }

    /// Replaces the reserved byte at `start` with the varint `value`, shifting the `bodyCount`
    /// bytes after it right as far as needed.
    @inlinable
    public mutating func insertVarint(_ value: UInt64, at start: Int, bodyCount n: Int) {
        var size = 1
        var v = value >> 7
        while v != 0 {
            size &+= 1
            v >>= 7
        }
        let shift = size &- 1
        if shift > 0 {
            var i = n &- 1
            while i >= 0 {
                base[start &+ 1 &+ shift &+ i] = base[start &+ 1 &+ i]
                i &-= 1
            }
            count &+= shift
        }
        var rest = value
        for j in 0..<size {
            base[start &+ j] = j == size &- 1 ? UInt8(truncatingIfNeeded: rest) : UInt8(truncatingIfNeeded: rest) | 0x80
            rest >>= 7
        }
    }

    /// The union branch `["null", X]` as null.
    @inlinable @inline(__always)
    public mutating func avroNull() {
        byte(0)
    }

    /// The union branch `["null", X]` as X: the value follows.
    @inlinable @inline(__always)
    public mutating func avroSome() {
        byte(2)
    }
}
