import ClickstreamModel
import Foundation

/// Between the state file and the running streams.
extension PersistedState {
    /// A snapshot of these workers (the table's persistable ones) and the retired counts.
    init(_ workers: [StreamWorker], retired: Retired) {
        self.init()
        self.retired = retired
        streams = workers.map { worker in
            Stream(
                definition: worker.definition, state: worker.state, generated: worker.counters.generated,
                delivered: worker.counters.delivered, failed: worker.counters.failed,
                elapsedSeconds: worker.elapsedSeconds, startedAt: worker.startedAt, lastError: worker.lastError,
                dropped: worker.definition.spec.disorder == nil ? nil : worker.counters.disorder.dropped,
                duplicated: worker.definition.spec.disorder == nil ? nil : worker.counters.disorder.duplicated,
                eventTimeMillis: worker.definition.timeMode.resumesAtEventTime ? worker.counters.eventTimeMillis : nil)
        }
    }
}

extension PersistedState.Stream {
    /// Fresh counters holding the saved counts (a resumed stream goes on from them).
    var counters: StreamCounters {
        StreamCounters(
            generated: generated, delivered: delivered, failed: failed, dropped: dropped ?? 0,
            duplicated: duplicated ?? 0, eventTimeMillis: eventTimeMillis)
    }
}

extension TimeMode {
    /// Whether a resumed stream goes on from the event time it reached (`StreamWorker.resumed`).
    var resumesAtEventTime: Bool {
        switch self {
        case .backfill, .backfillThenLive: true
        case .realtime, .accelerated: false
        }
    }
}
