import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One connection to PostgreSQL, leased to one batch at a time (a batch is a transaction,
/// and two transactions cannot share a connection). Connects on first use and again after
/// the server went away; creates the schema once per connection's server lifetime.
actor PostgresLink {
    let settings: PostgresSinkSettings
    let schema: PostgresSchema
    private let logger: Logger
    private var connection: PostgresConnection?
    private var schemaReady = false
    private var leased = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextID = 0
    private nonisolated let _health = Mutex(DatabaseSinkHealth())
    /// The open connection, for `closeNow` at shutdown (postgres-nio asserts that a
    /// connection is closed before it is freed).
    private nonisolated let open = Mutex<PostgresConnection?>(nil)

    init(settings: PostgresSinkSettings, logger: Logger) {
        self.settings = settings
        self.schema = PostgresSchema(schema: settings.schema)
        self.logger = logger
    }

    nonisolated var health: DatabaseSinkHealth { _health.withLock { $0 } }

    /// Waits for the connection to be free, connects when needed, creates the schema on
    /// first use. Every successful lease must be ended with `release`.
    func lease() async throws -> PostgresConnection {
        if leased {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            leased = true
        }
        do {
            let live = try await connected()
            if !schemaReady {
                for statement in schema.ddl {
                    try await live.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                schemaReady = true
            }
            return live
        } catch {
            release(nil, error: error)
            throw error
        }
    }

    private func connected() async throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        var configuration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password,
            database: settings.database, tls: try tls())
        configuration.options.connectTimeout = .milliseconds(Int64(settings.connectTimeout * 1000))
        nextID += 1
        let fresh = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: nextID, logger: logger
        ).get()
        connection = fresh
        open.withLock { $0 = fresh }
        _health.withLock { $0.state = .connected }
        return fresh
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        switch settings.tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: return .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    /// Ends a lease. `error`: what went wrong with it; a lost connection is dropped (the next
    /// lease reconnects), a missing table makes the next lease create the schema again.
    func release(_ used: PostgresConnection?, error: (any Error)?) {
        if let error {
            let failure = PostgresFailure(error)
            if failure.isTransient, let used {
                if connection === used {
                    connection = nil
                    open.withLock { $0 = nil }
                }
                used.close().whenComplete { _ in }
            }
            if failure.isMissingSchema { schemaReady = false }
            _health.withLock {
                if failure.isTransient { $0.state = .reconnecting }
                $0.lastError = failure.description
            }
        }
        if waiters.isEmpty {
            leased = false
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Closes the connection, blocking the calling thread until it is (call it at shutdown,
    /// off the event loops, after the streams stopped).
    nonisolated func closeNow() {
        guard
            let connection = open.withLock({ current in
                defer { current = nil }
                return current
            })
        else { return }
        try? connection.close().wait()
    }
}

/// What a PostgreSQL error means for a batch: retry it (the connection or the server went
/// away), or count it failed (the server refused the data).
struct PostgresFailure: CustomStringConvertible {
    let error: any Error

    init(_ error: any Error) { self.error = error }

    /// SQLSTATE, when the server answered with an error.
    var sqlState: String? {
        guard let psql = error as? PSQLError, psql.code == .server else { return nil }
        return psql.serverInfo?[.sqlState]
    }

    /// Connection lost or refused, server shutting down or restarting, out of resources,
    /// serialization failure: a later try can work.
    var isTransient: Bool {
        guard let state = sqlState else { return true }
        return ["08", "57", "53", "40"].contains(String(state.prefix(2)))
    }

    /// undefined_table / invalid_schema_name: the schema went away (a dropped database).
    var isMissingSchema: Bool { sqlState == "42P01" || sqlState == "3F000" }

    /// foreign_key_violation: a user or product the sink believed written is not there.
    var isMissingReference: Bool { sqlState == "23503" }

    var description: String {
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo {
                return
                    "PostgreSQL \(info[.sqlState] ?? "?"): \(info[.message] ?? "error")\(info[.detail].map { " (\($0))" } ?? "")"
            }
            return "PostgreSQL: \(psql.code)"
        }
        return "PostgreSQL: \(error)"
    }
}
