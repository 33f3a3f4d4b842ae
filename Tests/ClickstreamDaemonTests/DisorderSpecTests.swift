import ClickstreamAPI
import Foundation
import Testing

@Suite("Disorder spec")
struct DisorderSpecTests {
    @Test func parsesAnySubsetInAnyOrderAndPrintsTheCanonicalString() throws {
        let spec = try DisorderSpec.parse("drop=0.01,out_of_order=0.1:250ms,duplicate=0.02,late=0.05:2m").get()
        #expect(spec.late.fraction == 0.05 && spec.late.maxMillis == 120_000)
        #expect(spec.outOfOrder.fraction == 0.1 && spec.outOfOrder.maxMillis == 250)
        #expect(spec.duplicate == 0.02 && spec.drop == 0.01)
        #expect(spec.description == "late=0.05:120s,out_of_order=0.1:250ms,duplicate=0.02,drop=0.01")
        #expect(DisorderSpec(spec.description) == spec)
        #expect(spec.maxDelayMillis == 120_000)
        // As a JSON string field (RPC, HTTP body, state file).
        let json = try JSONEncoder().encode(StreamSpec(disorder: spec, truth: true))
        #expect(try JSONDecoder().decode(StreamSpec.self, from: json).disorder == spec)
    }

    @Test func refusesWhatItCannotReadSayingWhatItExpects() {
        let cases: [(String, String)] = [
            ("", "expected"), ("late", "expected"), ("late=0.1", "largest delay"), ("late=0.1:90m", "60m"),
            ("drop=0.1:5s", "fraction only"), ("drop=-0.1", "between 0 and 1"), ("drop=0.1,drop=0.2", "twice"),
            ("jitter=0.1", "jitter"), ("late=0.5:1s,duplicate=0.6", "at most 1"),
        ]
        for (text, words) in cases {
            guard case .failure(let error) = DisorderSpec.parse(text) else {
                Issue.record("\"\(text)\" accepted")
                continue
            }
            #expect(error.message.contains(words), "\(text): \(error.message)")
        }
    }
}
