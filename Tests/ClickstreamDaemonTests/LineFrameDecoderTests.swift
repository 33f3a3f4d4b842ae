import NIOCore
import NIOEmbedded
import Testing

@testable import ClickstreamDaemon

/// The RPC line framing in process, on NIO's EmbeddedChannel: no socket, no daemon.
@Suite("Line frame decoder")
struct LineFrameDecoderTests {
    /// Feeds `chunks` one by one (then EOF) and returns the frames, lines as strings.
    private func frames(_ chunks: [String], limit: Int = 16) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(limit: limit)))
        for chunk in chunks {
            try channel.writeInbound(channel.allocator.buffer(string: chunk))
        }
        _ = try channel.finish(acceptAlreadyClosed: true)
        var result: [String] = []
        while let frame = try channel.readInbound(as: RPCFrame.self) {
            switch frame {
            case .line(let buffer): result.append(String(buffer: buffer))
            case .tooLong(let limit): result.append("<too long: \(limit)>")
            }
        }
        return result
    }

    @Test("lines split on newlines, whatever the chunking; CRLF loses its CR; empty lines are frames")
    func splitting() throws {
        #expect(try frames(["{\"a\":1}\n{\"b\":2}\n"]) == [#"{"a":1}"#, #"{"b":2}"#])
        #expect(try frames(["{\"a\"", ":1}\n{\"b", "\":2}\r\n"]) == [#"{"a":1}"#, #"{"b":2}"#])
        #expect(try frames(["one\n\ntwo\n"]) == ["one", "", "two"])
    }

    @Test("a last request without its newline still counts at EOF")
    func lastLineAtEOF() throws {
        #expect(try frames(["first\nsecond"]) == ["first", "second"])
    }

    @Test("an oversized line is one tooLong frame, never buffered whole; the next line goes through")
    func oversized() throws {
        let long = String(repeating: "x", count: 40)
        #expect(try frames([long + "\nok\n"]) == ["<too long: 16>", "ok"])
        // Arriving in pieces, with no newline for a while: reported once, skipped to its end.
        #expect(try frames([String(long.prefix(20)), String(long.suffix(20)), "\nok\n"]) == ["<too long: 16>", "ok"])
        // A line of exactly the limit is fine; an oversized one cut short by EOF is dropped.
        let exact = String(repeating: "y", count: 16)
        #expect(try frames([exact + "\n", long]) == [exact, "<too long: 16>"])
    }
}
