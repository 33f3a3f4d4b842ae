/// Writes JSON fragments into memory the caller owns, without allocating.
///
/// The caller guarantees room (every record has a known upper bound: `StreamGenerator`
/// keeps `recordLimit` bytes free past its chunk, from `SessionEncoder.maxBytes`, and an
/// interaction's pieces fit `InteractionEncoder.pieceStride`); the writer only moves a cursor. Everything is `@inlinable` because it is
/// called once per field on the hot path from another module.
///
/// Every store checks `capacity` with `assert`: debug builds (and so the tests) trap on the
/// first write past the end; release builds compile the check away and keep the hot path.
@frozen
public struct ByteWriter {
    @usableFromInline let base: UnsafeMutablePointer<UInt8>
    /// Writable bytes at `base`.
    public let capacity: Int
    /// Bytes written so far.
    public var count: Int

    @inlinable
    public init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
        self.count = 0
    }

    /// Debug builds: traps unless `n` more bytes fit.
    @inlinable @inline(__always)
    func ensure(_ n: Int) {
        assert(count &+ n <= capacity, "ByteWriter: writing \(n) bytes at \(count) overflows capacity \(capacity)")
    }

    /// The bytes written so far.
    @inlinable
    public var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inlinable @inline(__always)
    public mutating func byte(_ b: UInt8) {
        ensure(1)
        base[count] = b
        count &+= 1
    }

    /// Raw bytes of a literal (keys, punctuation, pre-escaped vocabulary).
    @inlinable @inline(__always)
    public mutating func raw(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        ensure(n)
        (base + count).update(from: s.utf8Start, count: n)
        count &+= n
    }

    @inlinable @inline(__always)
    public mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        ensure(bytes.count)
        (base + count).update(from: start, count: bytes.count)
        count &+= bytes.count
    }

    @inlinable @inline(__always)
    public mutating func raw(_ start: UnsafePointer<UInt8>, count n: Int) {
        ensure(n)
        (base + count).update(from: start, count: n)
        count &+= n
    }

    /// Copies `n` bytes in 32-byte blocks, without a call: may read up to 31 bytes past the
    /// end of the source and write up to 31 past the end of the copy (later writes overwrite
    /// them). Only for sources with `ByteWriter.blockSlack` readable bytes after them.
    @inlinable @inline(__always)
    public mutating func rawBlocks(_ start: UnsafePointer<UInt8>, count n: Int) {
        ensure((n &+ 31) & ~31)
        let s = UnsafeRawPointer(start)
        let d = UnsafeMutableRawPointer(base + count)
        var i = 0
        while i < n {
            d.storeBytes(
                of: s.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self), toByteOffset: i,
                as: SIMD32<UInt8>.self)
            i &+= 32
        }
        count &+= n
    }

    /// Readable bytes a `rawBlocks` source needs after its end (and writable after the copy).
    public static let blockSlack = 32

    /// Stores the 8 bytes of `word` (first byte = lowest) and advances by `advance` (0...8).
    /// The caller guarantees 8 bytes of room, even when advancing by fewer.
    @inlinable @inline(__always)
    public mutating func word(_ word: UInt64, advance: Int) {
        ensure(8)
        UnsafeMutableRawPointer(base + count).storeBytes(of: word.littleEndian, as: UInt64.self)
        count &+= advance
    }

    /// Two decimal digits of `v` (0...99), zero-padded.
    @inlinable @inline(__always)
    public mutating func twoDigits(_ v: Int) {
        ensure(2)
        let pair = UnsafeRawPointer(ByteWriter.digitPairs + 2 &* v).loadUnaligned(as: UInt16.self)
        UnsafeMutableRawPointer(base + count).storeBytes(of: pair, as: UInt16.self)
        count &+= 2
    }

    /// `"s"`: the literal must need no escaping (vocabularies are checked by tests).
    @inlinable @inline(__always)
    public mutating func quoted(_ s: StaticString) {
        byte(0x22)
        raw(s)
        byte(0x22)
    }

    /// ASCII-lowercased copy of a literal; letters only are changed (for e-mail addresses).
    @inlinable
    public mutating func lowercased(_ s: StaticString, droppingSpaces: Bool = true) {
        let p = s.utf8Start
        for i in 0..<s.utf8CodeUnitCount {
            let c = p[i]
            if c == 0x20 || c == 0x27 { if droppingSpaces { continue } }
            ensure(1)
            base[count] = (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
            count &+= 1
        }
    }

    /// A JSON string from arbitrary UTF-8, escaping what JSON requires. Not for hot paths.
    public mutating func escaped(_ s: String) {
        byte(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22:
                byte(0x5C)
                byte(0x22)
            case 0x5C:
                byte(0x5C)
                byte(0x5C)
            case 0x0A:
                byte(0x5C)
                byte(0x6E)
            case 0x0D:
                byte(0x5C)
                byte(0x72)
            case 0x09:
                byte(0x5C)
                byte(0x74)
            case 0..<0x20:
                raw("\\u00")
                byte(ByteWriter.hexDigit(UInt64(c >> 4)))
                byte(ByteWriter.hexDigit(UInt64(c & 15)))
            default: byte(c)
            }
        }
        byte(0x22)
    }

    @inlinable
    public mutating func bool(_ b: Bool) {
        if b { raw("true") } else { raw("false") }
    }

    /// "00" ... "99": two digits per lookup halve the divisions. A literal, so no lazy global.
    @inlinable
    static var digitPairs: UnsafePointer<UInt8> {
        let table: StaticString =
            "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        return table.utf8Start
    }

    /// Writes exactly `digits` decimal digits of `value` (which must fit), right to left.
    @inlinable
    mutating func fixedDigits(_ value: UInt64, _ digits: Int) {
        ensure(digits)
        let pairs = ByteWriter.digitPairs
        var v = value
        let start = count
        var i = count &+ digits
        count = i
        while i &- start >= 2 {
            let r = Int(v % 100)
            v /= 100
            i &-= 2
            let pair = UnsafeRawPointer(pairs + 2 &* r).loadUnaligned(as: UInt16.self)
            UnsafeMutableRawPointer(base + i).storeBytes(of: pair, as: UInt16.self)
        }
        if i > start {
            i &-= 1
            base[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
        }
    }

    @inlinable
    static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var t = v
        while t >= 10_000 {
            t /= 10_000
            n &+= 4
        }
        while t >= 10 {
            t /= 10
            n &+= 1
        }
        return n
    }

    /// Decimal integer.
    @inlinable
    public mutating func int(_ value: Int) {
        var v = value
        if v < 0 {
            byte(0x2D)
            if v == Int.min {
                raw("9223372036854775808")
                return
            }
            v = -v
        }
        unsigned(UInt64(v))
    }

    @inlinable
    public mutating func unsigned(_ value: UInt64) {
        if value < 10 {
            byte(0x30 &+ UInt8(truncatingIfNeeded: value))
        } else if value < 100 {
            twoDigits(Int(truncatingIfNeeded: value))
        } else if value < 10_000 {
            let v = Int(truncatingIfNeeded: value)
            if v < 1000 {
                byte(0x30 &+ UInt8(truncatingIfNeeded: v / 100))
            } else {
                twoDigits(v / 100)
            }
            twoDigits(v % 100)
        } else {
            fixedDigits(value, ByteWriter.digitCount(value))
        }
    }

    /// Exactly six digits of `v` (0...999_999): `prod_000123`.
    @inlinable @inline(__always)
    public mutating func sixDigits(_ v: Int) {
        twoDigits(v / 10_000)
        twoDigits((v / 100) % 100)
        twoDigits(v % 100)
    }

    /// Exactly eight digits of `v` (0...99_999_999): `user_00000042`.
    @inlinable @inline(__always)
    public mutating func eightDigits(_ v: Int) {
        let hi = v / 10_000
        let lo = v % 10_000
        twoDigits(hi / 100)
        twoDigits(hi % 100)
        twoDigits(lo / 100)
        twoDigits(lo % 100)
    }

    /// Zero-padded decimal of at least `width` digits (ids such as `user_00000042`).
    @inlinable
    public mutating func padded(_ value: Int, width: Int) {
        let v = UInt64(max(value, 0))
        fixedDigits(v, max(ByteWriter.digitCount(v), width))
    }

    /// Money from integer cents: `1234` → `12.34`, always two decimals, no `Double` printing.
    @inlinable
    public mutating func cents(_ value: Int) {
        var v = value
        if v < 0 {
            byte(0x2D)
            v = -v
        }
        unsigned(UInt64(v / 100))
        byte(0x2E)
        twoDigits(v % 100)
    }

    /// A fixed-point number with one decimal from tenths: `42` → `4.2` (ratings).
    @inlinable
    public mutating func tenths(_ value: Int) {
        unsigned(UInt64(value / 10))
        byte(0x2E)
        byte(0x30 &+ UInt8(truncatingIfNeeded: value % 10))
    }

    /// A fixed-point number with four decimals from ten-thousandths: `1234` → `0.1234`.
    @inlinable
    public mutating func tenThousandths(_ value: Int) {
        unsigned(UInt64(value / 10000))
        byte(0x2E)
        let f = value % 10000
        byte(0x30 &+ UInt8(truncatingIfNeeded: f / 1000))
        byte(0x30 &+ UInt8(truncatingIfNeeded: (f / 100) % 10))
        byte(0x30 &+ UInt8(truncatingIfNeeded: (f / 10) % 10))
        byte(0x30 &+ UInt8(truncatingIfNeeded: f % 10))
    }

    @inlinable
    static func hexDigit(_ v: UInt64) -> UInt8 {
        v < 10 ? 0x30 &+ UInt8(truncatingIfNeeded: v) : 0x57 &+ UInt8(truncatingIfNeeded: v)
    }

    /// Eight lowercase hex digits of `value` as one word, first digit in the lowest byte
    /// (SWAR: no per-nibble loop).
    @inlinable @inline(__always)
    static func hexWord(_ value: UInt32) -> UInt64 {
        var x = UInt64(value)
        x = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
        x = (x | (x << 8)) & 0x00FF_00FF_00FF_00FF
        x = (x | (x << 4)) & 0x0F0F_0F0F_0F0F_0F0F
        let letters = ((x &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        let ascii = x &+ 0x3030_3030_3030_3030 &+ letters &* 0x27
        return ascii.byteSwapped
    }

    /// Eight lowercase hex digits of `value`, written at once.
    @inlinable @inline(__always)
    public mutating func hex8(_ value: UInt32) {
        word(ByteWriter.hexWord(value), advance: 8)
    }

    /// Lowercase hex of the low `digits` nibbles of `value`.
    @inlinable
    public mutating func hex(_ value: UInt64, digits: Int) {
        if digits == 16 {
            hex8(UInt32(truncatingIfNeeded: value >> 32))
            hex8(UInt32(truncatingIfNeeded: value))
            return
        }
        ensure(digits)
        var i = count &+ digits
        count = i
        var v = value
        for _ in 0..<digits {
            i &-= 1
            base[i] = ByteWriter.hexDigit(v & 15)
            v >>= 4
        }
    }

    /// A version-4-shaped UUID (8-4-4-4-12) from 128 random bits.
    @inlinable
    public mutating func uuid(_ hi: UInt64, _ lo: UInt64) {
        let h = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let l = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        // Four 8-digit words; the middle two are split in halves around dashes.
        let b = ByteWriter.hexWord(UInt32(truncatingIfNeeded: h))
        let c = ByteWriter.hexWord(UInt32(truncatingIfNeeded: l >> 32))
        word(ByteWriter.hexWord(UInt32(truncatingIfNeeded: h >> 32)), advance: 8)
        word((b << 8) | 0x2D, advance: 5)  // "-xxxx"
        word(((b >> 32) << 8) | 0x2D, advance: 5)  // "-xxxx"
        word((c << 8) | 0x2D, advance: 5)  // "-xxxx"
        word(((c >> 32) << 8) | 0x2D, advance: 5)  // "-xxxx"
        word(ByteWriter.hexWord(UInt32(truncatingIfNeeded: l)), advance: 8)
    }

    @inlinable
    mutating func two(_ v: Int64) {
        ensure(2)
        base[count] = 0x30 &+ UInt8(truncatingIfNeeded: v / 10)
        base[count &+ 1] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
        count &+= 2
    }

    /// ISO-8601 UTC with milliseconds, unquoted: `2025-03-01T12:34:56.789Z`.
    @inlinable
    public mutating func timestamp(millis: Int64) {
        let days = CivilTime.floorDiv(millis, 86_400_000)
        let msOfDay = millis - days * 86_400_000
        let (y, m, d) = CivilTime.civil(fromDays: days)
        let yy = Int(max(0, min(9999, y)))
        twoDigits(yy / 100)
        twoDigits(yy % 100)
        byte(0x2D)
        twoDigits(Int(m))
        byte(0x2D)
        twoDigits(Int(d))
        byte(0x54)
        timeOfDay(msOfDay: Int(msOfDay))
    }

    /// `12:34:56.789Z` from milliseconds into the day (0..<86_400_000).
    @inlinable @inline(__always)
    public mutating func timeOfDay(msOfDay: Int) {
        let secs = msOfDay / 1000
        let ms = msOfDay % 1000
        twoDigits(secs / 3600)
        byte(0x3A)
        twoDigits((secs / 60) % 60)
        byte(0x3A)
        twoDigits(secs % 60)
        byte(0x2E)
        byte(0x30 &+ UInt8(truncatingIfNeeded: ms / 100))
        twoDigits(ms % 100)
        byte(0x5A)
    }

    /// `"2025-03-01T12:34:56.789Z"`.
    @inlinable
    public mutating func quotedTimestamp(millis: Int64) {
        byte(0x22)
        timestamp(millis: millis)
        byte(0x22)
    }
}

extension EncodedBatch {
    /// Appends one record whose value and key were written into scratch memory.
    @inlinable
    public mutating func append(
        value: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>,
        kind: EventKind, timestampMillis: Int64
    ) {
        let start = bytes.count
        bytes.append(contentsOf: value)
        let mid = bytes.count
        bytes.append(contentsOf: key)
        records.append(
            Record(
                value: start..<mid, key: mid..<bytes.count, kind: kind,
                timestampMillis: timestampMillis))
    }
}
