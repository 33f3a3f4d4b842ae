import Logging
import PostgresNIO

extension PostgresSink {
    /// Slow changes for CDC to capture: every second, `updates_per_second` users (spend,
    /// order count, last activity, segment) and as many products (price, stock) among those
    /// already written get an UPDATE. Runs until cancelled; does nothing when the rate is 0.
    func runUpdates() async {
        let perSecond = settings.updatesPerSecond
        guard perSecond > 0 else { return }
        var carry = 0.0
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            carry += perSecond
            let count = Int(carry)
            carry -= Double(count)
            guard count > 0 else { continue }
            let users = knownUsers.sample(count).map(Self.userID)
            let products = knownProducts.sample(count).map(Self.productID)
            guard !users.isEmpty || !products.isEmpty else { continue }
            var connection: PostgresConnection?
            do {
                let live = try await link.lease()
                connection = live
                if !users.isEmpty {
                    try await live.query(Self.update(link.schema.updateUsers, users), logger: updateLogger)
                }
                if !products.isEmpty {
                    try await live.query(Self.update(link.schema.updateProducts, products), logger: updateLogger)
                }
                await link.release(live, error: nil)
            } catch {
                if let connection { await link.release(connection, error: error) }
            }
        }
    }

    private var updateLogger: Logger { Logger(label: "clickstreamd.postgres.updates") }

    private static func update(_ sql: String, _ ids: [String]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: 1)
        binds.append(ids)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    static func userID(_ index: Int) -> String {
        "user_" + String(repeating: "0", count: max(0, 8 - String(index).count)) + String(index)
    }

    static func productID(_ index: Int) -> String {
        "prod_" + String(repeating: "0", count: max(0, 6 - String(index).count)) + String(index)
    }
}
