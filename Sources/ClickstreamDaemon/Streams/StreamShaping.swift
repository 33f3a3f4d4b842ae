import ClickstreamAPI
import ClickstreamGenerator
import ClickstreamModel

/// What a stream does between its generator and its sink when its spec asks for it: disorder
/// (`DisorderStage`) and truth aggregates (`TruthFile`). Inactive, it costs the worker loop
/// one branch per batch.
struct StreamShaping {
    private(set) var disorder: DisorderStage?
    private var truth: TruthFile?
    /// The truth file's last write error (truth is then off for the rest of the run).
    private(set) var truthError: String?

    init(spec: StreamSpec, topic: String, seed: UInt64, counters: StreamCounters, truthDirectory: String?) {
        disorder = spec.disorder.map { DisorderStage(spec: $0, seed: seed, counters: counters.disorder) }
        if spec.truth == true, let truthDirectory {
            let closeAfter =
                (spec.disorder?.maxDelayMillis ?? 0)
                + ((spec.disorder?.duplicate ?? 0) > 0 ? Int64(DisorderStage.duplicateDelayMillis) : 0)
            truth = TruthFile(directory: truthDirectory, topic: topic, closeAfterMillis: closeAfter)
        }
    }

    var isActive: Bool { disorder != nil || truth != nil }
    /// Whether the generator must collect `RecordFacts`.
    var wantsFacts: Bool { truth != nil }

    /// Runs a generated batch through disorder and truth; `facts` (the generator's, emptied
    /// here) describe its records. The batch to send is then `outgoing(batch)`.
    mutating func apply(_ batch: EncodedBatch, facts: inout [RecordFacts], eventTime: Int64) {
        disorder?.apply(batch)
        if truth != nil {
            do {
                try truth!.observe(facts, copies: disorder?.copies, eventTime: eventTime)
            } catch {
                truthError = "truth file \(truth!.path): \(error)"
                truth = nil
            }
            facts.removeAll(keepingCapacity: true)
        }
    }

    /// What to hand to the sink for `batch` after `apply`.
    func outgoing(_ batch: EncodedBatch) -> EncodedBatch { disorder?.out ?? batch }

    /// The end of a run: the held records to send (nil: none), and the truth's open minutes
    /// written.
    mutating func finish() -> EncodedBatch? {
        if truth != nil {
            do { try truth!.finish() } catch { truthError = "truth file \(truth!.path): \(error)" }
        }
        guard disorder?.isHolding == true else { return nil }
        disorder!.drain()
        return disorder!.out
    }
}
