import ClickstreamGenerator
import ClickstreamKafka
import ClickstreamModel
import Logging
import PostgresNIO
import Synchronization

/// Writes streams into PostgreSQL tables: users and products as dimension tables,
/// interactions and sessions as append tables (see `PostgresSchema`).
///
/// A batch is one transaction: first the users and products its events name that this sink
/// has not written yet (they are pure functions of the seed and their index, so the sink
/// makes them itself from the `World`), then the batch's own rows. The foreign keys hold
/// whatever streams go out and in whatever order, and a CDC pipeline never sees an event
/// before its user and product.
///
/// Accounting: the batch is delivered when its transaction commits, failed when PostgreSQL
/// refuses it. When the connection is lost (a restart) the transaction rolls back, the
/// records stay queued and the batch is sent again once reconnected: primary keys and
/// `ON CONFLICT DO NOTHING` make that exactly-once in the tables. After `retry_timeout`
/// seconds without success the batch is counted failed. The destination (topic) is not
/// used: each data type has its table.
final class PostgresSink: DatabaseSink {
    static let name = "postgres"
    static let serverName = "PostgreSQL"
    let settings: PostgresSinkSettings
    let link: PostgresLink
    private let world: World
    let knownUsers: KnownIDs
    let knownProducts: KnownIDs
    private let inFlight = Atomic<Int>(0)
    private let logger: Logger

    init(settings: PostgresSinkSettings, world: World, logger: Logger) {
        self.settings = settings
        self.world = world
        self.logger = logger
        link = PostgresLink(settings: settings, logger: logger)
        knownUsers = KnownIDs(capacity: world.userCount)
        knownProducts = KnownIDs(capacity: world.productCount)
    }

    var queueDepth: Int { inFlight.load(ordering: .relaxed) }
    var health: DatabaseSinkHealth { link.health }

    func write(_ batch: EncodedBatch, destination: String, streamID: String, tally: DeliveryTally) async throws {
        guard !batch.isEmpty else { return }
        let rows = PostgresBatchRows(batch)
        inFlight.add(batch.count, ordering: .relaxed)
        defer { inFlight.subtract(batch.count, ordering: .relaxed) }

        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int64(settings.retryTimeout * 1000))
        var backoff = Duration.milliseconds(50)
        while true {
            let newUsers = rows.table == .users ? [] : knownUsers.missing(rows.userIndices)
            let newProducts = rows.table == .products ? [] : knownProducts.missing(rows.productIndices)
            var connection: PostgresConnection?
            do {
                let live = try await link.lease()
                connection = live
                try await commitWithinReplyTimeout(rows, newUsers: newUsers, newProducts: newProducts, on: live)
                await link.release(live, error: nil)
                knownUsers.insert(rows.table == .users ? rows.userIndices : newUsers)
                knownProducts.insert(rows.table == .products ? rows.productIndices : newProducts)
                tally.recordDelivered(batch.count)
                return
            } catch {
                if let connection { await link.release(connection, error: error) }
                let failure = PostgresFailure(error)
                // A user or product we believed written is gone (the tables were emptied):
                // forget what we knew and write them again.
                if failure.isMissingReference {
                    knownUsers.removeAll()
                    knownProducts.removeAll()
                }
                let retry = failure.isTransient || failure.isMissingReference || failure.isMissingSchema
                if !retry || Task.isCancelled || clock.now >= deadline {
                    tally.recordFailed(batch.count, error: failure.description)
                    throw PostgresSinkError.refused(failure.description)
                }
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(1))
            }
        }
    }

    /// `commit`, with its connection closed after `reply_timeout`: a server that stops
    /// answering with a query in flight (seen when PostgreSQL is stopped mid-transaction)
    /// must not hold the batch, and the streams behind it, forever. Closing fails the query
    /// in flight; the batch then retries on a new connection, as after any lost connection.
    /// The timer is a task of its own, so that a stream being stopped (its task cancelled)
    /// lets the transaction finish as before rather than cancelling it half way.
    private func commitWithinReplyTimeout(
        _ rows: PostgresBatchRows, newUsers: [Int], newProducts: [Int], on connection: PostgresConnection
    ) async throws {
        let seconds = settings.replyTimeout
        let expired = Atomic<Bool>(false)
        let timer = Task {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            expired.store(true, ordering: .relaxed)
            try await connection.close().get()
        }
        defer { timer.cancel() }
        do {
            try await commit(rows, newUsers: newUsers, newProducts: newProducts, on: connection)
        } catch  where expired.load(ordering: .relaxed) {
            throw PostgresReplyTimeout(seconds: seconds)
        }
    }

    private func commit(
        _ rows: PostgresBatchRows, newUsers: [Int], newProducts: [Int], on connection: PostgresConnection
    ) async throws {
        let schema = link.schema
        let world = self.world
        let logger = self.logger
        try await connection.withTransaction(logger: logger) { connection in
            if !newUsers.isEmpty {
                try await connection.query(
                    Self.query(
                        schema.insert(.users), PostgresBatchRows.dimensionJSON(newUsers, world: world, table: .users)),
                    logger: logger)
            }
            if !newProducts.isEmpty {
                try await connection.query(
                    Self.query(
                        schema.insert(.products),
                        PostgresBatchRows.dimensionJSON(newProducts, world: world, table: .products)), logger: logger)
            }
            try await connection.query(Self.query(schema.insert(rows.table), rows.json), logger: logger)
        }
    }

    /// Connects (and creates the schema) at startup so that /health tells at once whether
    /// the server is there and the tables can be made.
    func probe() async {
        guard let live = try? await link.lease() else { return }
        await link.release(live, error: nil)
    }

    static func query(_ sql: String, _ parameter: String) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 1)
        binds.append(parameter)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    func flush(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while queueDepth > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A transaction got no answer within `[sinks.postgres] reply_timeout`.
struct PostgresReplyTimeout: Error, CustomStringConvertible {
    var seconds: Double
    var description: String { "no reply for \(seconds) s (sinks.postgres.reply_timeout)" }
}

enum PostgresSinkError: Error, CustomStringConvertible {
    case refused(String)

    var description: String {
        switch self {
        case .refused(let message): message
        }
    }
}
