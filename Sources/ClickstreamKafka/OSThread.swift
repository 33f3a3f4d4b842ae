#if canImport(Glibc)
import Glibc
#endif

/// A POSIX thread of its own for blocking librdkafka work (the poll loop, a close), so that
/// it never holds a thread of the Swift concurrency pool.
enum OSThread {
    struct StartError: Error {
        /// pthread_create's error number.
        let code: Int32
    }

    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Runs `body` on a new thread and returns the thread (join or detach it).
    static func start(_ body: @escaping @Sendable () -> Void) throws(StartError) -> pthread_t {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, context)
        guard result == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            throw StartError(code: result)
        }
        return thread
    }
}
