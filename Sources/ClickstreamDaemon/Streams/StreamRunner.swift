import ClickstreamAPI
import Synchronization

/// Runs the stream workers as child tasks of one task group, which lives as long as the
/// daemon's stream service (`StreamSupervisor`, under ServiceLifecycle): no worker outlives
/// it, and cancelling the service cancels every worker.
///
/// The stream manager decides what runs (`launch`); the group belongs to `run`, so jobs
/// come through a queue. A worker is ended by its `StopSignal`, which cancels only its task.
final class StreamRunner: Sendable {
    struct Job: Sendable {
        let worker: StreamWorker
        /// Called with what the worker's run returned (running when it was cancelled).
        let returned: @Sendable (StreamState) async -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        /// After `finish` or once `run` has ended: nothing is taken any more.
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init() {
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a worker to run; false once the runner is finished (the caller then counts the
    /// worker as returned, never run).
    func launch(_ job: Job) -> Bool {
        let taken = queue.withLock { queue in
            if queue.closed { return false }
            queue.jobs.append(job)
            return true
        }
        if taken { wake.yield() }
        return taken
    }

    /// No more launches: `run` returns once the workers already launched have.
    func finish() {
        queue.withLock { $0.closed = true }
        wake.finish()
    }

    /// Runs every launched worker as a child task, until `finish` or cancellation; then waits
    /// for them. Under cancellation the queued ones still start (and return at once), so
    /// every launch is answered by its `returned`.
    func run() async {
        await withDiscardingTaskGroup { group in
            var wakeup = wakeups.makeAsyncIterator()
            while true {
                let (jobs, closed) = queue.withLock { queue in
                    defer { queue.jobs.removeAll() }
                    if Task.isCancelled { queue.closed = true }
                    return (queue.jobs, queue.closed)
                }
                for job in jobs {
                    group.addTask {
                        let ended = await Self.run(job.worker)
                        await job.returned(ended)
                    }
                }
                if closed { break }
                _ = await wakeup.next()
            }
        }
    }

    /// The worker's run, cancelled when its stop signal fires.
    private static func run(_ worker: StreamWorker) async -> StreamState {
        await withTaskGroup(of: StreamState?.self) { race in
            race.addTask { await worker.run() }
            race.addTask {
                await worker.stopSignal.wait()
                return nil
            }
            while let result = await race.next() {
                race.cancelAll()
                if let result { return result }
            }
            return .running
        }
    }
}

/// A one-shot signal that ends one worker's run.
final class StopSignal: Sendable {
    private let fired: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (fired, continuation) = AsyncStream.makeStream(of: Void.self) }

    func fire() { continuation.finish() }

    /// Returns once fired, or when the waiting task is cancelled. One waiter only.
    func wait() async {
        for await _ in fired {}
    }
}
