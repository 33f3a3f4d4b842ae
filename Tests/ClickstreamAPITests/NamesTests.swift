import Testing

@testable import ClickstreamAPI

@Suite("Names")
struct NamesTests {
    @Test("topics follow Kafka's rule")
    func topics() {
        for good in ["users", "a", "A.b_c-9", "...", ".x", "..x", String(repeating: "t", count: 249)] {
            #expect(Names.topicProblem(good) == nil, "\(good)")
        }
        let bad: [(String, String)] = [
            ("", "empty"), (".", "\".\""), ("..", "\"..\""), ("../escaped", "'/'"), ("/etc/passwd", "'/'"),
            ("a\u{0}b", "byte 0x00"), ("a b", "byte 0x20"), ("naïve", "byte 0xC3"), ("a\nb", "byte 0x0A"),
            (String(repeating: "t", count: 250), "at most 249"),
        ]
        for (topic, words) in bad {
            let problem = Names.topicProblem(topic)
            #expect(problem?.contains(words) == true, "\(topic.debugDescription): \(problem ?? "accepted")")
        }
    }

    @Test("stream names: a length limit, no control characters")
    func streamNames() {
        for good in ["load test", "café-1", "x", String(repeating: "é", count: 128), "a/b"] {
            #expect(Names.streamNameProblem(good) == nil, "\(good)")
        }
        let bad: [(String, String)] = [
            ("", "empty"), ("a\nb", "U+000A"), ("a\u{0}", "U+0000"), ("\u{1B}[31mred", "U+001B"),
            ("x\u{85}", "U+0085"), ("x\u{2028}y", "U+2028"), (String(repeating: "n", count: 129), "at most 128"),
        ]
        for (name, words) in bad {
            let problem = Names.streamNameProblem(name)
            #expect(problem?.contains(words) == true, "\(name.debugDescription): \(problem ?? "accepted")")
        }
    }
}
