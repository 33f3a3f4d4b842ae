import Synchronization

/// Keeps one connection to Redis for every stream: connects on first use, and again after
/// the server went away (a restart, a network cut). Concurrent callers share one connect.
actor RedisLink {
    let settings: RedisSinkSettings
    private var connection: RedisConnection?
    private var connecting: Task<RedisConnection, any Error>?
    private nonisolated let _health = Mutex(DatabaseSinkHealth())

    init(settings: RedisSinkSettings) {
        self.settings = settings
    }

    nonisolated var health: DatabaseSinkHealth { _health.withLock { $0 } }

    /// The last failed connect: for 100 ms after it, callers get its error without another
    /// attempt (every batch in flight retries on its own; a down server should see a few
    /// connects a second, not one per batch).
    private var lastFailure: (at: ContinuousClock.Instant, error: any Error)?

    /// The live connection, connecting first when there is none.
    func current() async throws -> RedisConnection {
        if let connection, connection.isActive { return connection }
        connection = nil
        if let connecting { return try await connecting.value }
        if let lastFailure, ContinuousClock.now - lastFailure.at < .milliseconds(100) { throw lastFailure.error }
        let settings = self.settings
        let task = Task { try await RedisConnection.connect(settings) }
        connecting = task
        defer { connecting = nil }
        do {
            let fresh = try await task.value
            connection = fresh
            lastFailure = nil
            _health.withLock { $0.state = .connected }
            return fresh
        } catch {
            lastFailure = (ContinuousClock.now, error)
            note(error)
            throw error
        }
    }

    /// Forgets `broken` (its requests failed) so the next caller reconnects.
    func drop(_ broken: RedisConnection, error: any Error) {
        if connection === broken { connection = nil }
        broken.close()
        note(error)
    }

    private func note(_ error: any Error) {
        _health.withLock {
            $0.state = .reconnecting
            $0.lastError = "\(error)"
        }
    }

    /// Records a refusal (a command the server answered with an error) for /health.
    nonisolated func noteRefusal(_ message: String) {
        _health.withLock { $0.lastError = message }
    }
}
