import NIOCore

/// Writes Redis commands in RESP2 (arrays of bulk strings) into a `ByteBuffer`.
///
/// Every argument is length-prefixed, so a topic, key or field value can never break out of
/// its argument whatever bytes it holds. No Foundation, no per-argument allocation: the
/// sink encodes a whole pipeline of commands per batch into one buffer.
struct RESPWriter {
    var buffer: ByteBuffer
    /// Commands written so far (each gets exactly one reply).
    private(set) var commands = 0

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Starts a command of `arguments` arguments (the command name included).
    mutating func command(_ arguments: Int) {
        buffer.writeInteger(UInt8(ascii: "*"))
        writeDecimal(arguments)
        commands += 1
    }

    mutating func argument(_ text: StaticString) {
        bulkHeader(text.utf8CodeUnitCount)
        buffer.writeStaticString(text)
        crlf()
    }

    /// A run-time string (a topic, a password); literals take the `StaticString` overload.
    mutating func argument(text: String) {
        bulkHeader(text.utf8.count)
        buffer.writeString(text)
        crlf()
    }

    mutating func argument(_ bytes: UnsafeRawBufferPointer) {
        bulkHeader(bytes.count)
        buffer.writeBytes(bytes)
        crlf()
    }

    /// `prefix` and `bytes` as one argument (a key such as `session:<id>`).
    mutating func argument(_ prefix: StaticString, _ bytes: UnsafeRawBufferPointer) {
        bulkHeader(prefix.utf8CodeUnitCount + bytes.count)
        buffer.writeStaticString(prefix)
        buffer.writeBytes(bytes)
        crlf()
    }

    mutating func argument(_ value: Int) {
        var digits = 1
        var rest = value.magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        bulkHeader(digits + (value < 0 ? 1 : 0))
        writeSigned(value)
        crlf()
    }

    private mutating func bulkHeader(_ length: Int) {
        buffer.writeInteger(UInt8(ascii: "$"))
        writeDecimal(length)
    }

    /// `value` in decimal, then CRLF.
    private mutating func writeDecimal(_ value: Int) {
        writeSigned(value)
        crlf()
    }

    private mutating func writeSigned(_ value: Int) {
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    private mutating func crlf() {
        buffer.writeInteger(UInt16(0x0d0a))
    }
}
