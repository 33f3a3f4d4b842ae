import ClickstreamModel

/// The PostgreSQL sink's tables and statements (docs/sinks.md shows the same DDL).
///
/// Users and products are dimension tables; interactions and sessions are append tables
/// whose user_id and product_id are foreign keys, so the database itself guarantees that
/// every id an event names exists. Each table keeps the record as generated in `record`
/// (jsonb) beside typed columns for what joins, filters and CDC care about. Primary keys
/// and `ON CONFLICT DO NOTHING` make a batch sent twice (after a lost connection) harmless.
///
/// A batch goes in as one bind parameter: a JSON array of the records, unpacked by
/// `jsonb_array_elements` in a single multi-row INSERT ... SELECT (one statement and one
/// round trip per batch, and the typed columns are filled by PostgreSQL's own casts).
struct PostgresSchema: Sendable {
    let schema: String

    enum Table: String, Sendable, CaseIterable {
        case users, products, interactions, sessions

        init(kind: EventKind) {
            switch kind {
            case .user: self = .users
            case .product: self = .products
            case .session: self = .sessions
            default: self = .interactions
            }
        }
    }

    var ddl: [String] {
        let s = "\"\(schema)\""
        return [
            "CREATE SCHEMA IF NOT EXISTS \(s)",
            """
            CREATE TABLE IF NOT EXISTS \(s).users (
                user_id           text PRIMARY KEY,
                email             text NOT NULL,
                user_segment      text NOT NULL,
                registration_date timestamptz NOT NULL,
                last_active       timestamptz NOT NULL,
                total_spent       numeric(14,2) NOT NULL,
                order_count       integer NOT NULL,
                country           text,
                city              text,
                record            jsonb NOT NULL,
                updated_at        timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS \(s).products (
                product_id       text PRIMARY KEY,
                name             text NOT NULL,
                category         text NOT NULL,
                brand            text,
                price            numeric(12,2) NOT NULL,
                in_stock         boolean NOT NULL,
                rating           numeric(3,1),
                popularity_score double precision,
                record           jsonb NOT NULL,
                updated_at       timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS \(s).interactions (
                interaction_id   text PRIMARY KEY,
                user_id          text NOT NULL REFERENCES \(s).users,
                product_id       text REFERENCES \(s).products,
                session_id       text NOT NULL,
                interaction_type text NOT NULL,
                occurred_at      timestamptz NOT NULL,
                record           jsonb NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS interactions_session ON \(s).interactions (session_id)",
            """
            CREATE TABLE IF NOT EXISTS \(s).sessions (
                session_id    text PRIMARY KEY,
                user_id       text NOT NULL REFERENCES \(s).users,
                start_time    timestamptz NOT NULL,
                end_time      timestamptz NOT NULL,
                duration      integer NOT NULL,
                converted     boolean NOT NULL,
                total_revenue numeric(14,2) NOT NULL,
                record        jsonb NOT NULL
            )
            """,
        ]
    }

    /// The INSERT of `table`, taking the records as a JSON array in $1.
    func insert(_ table: Table) -> String {
        let target = "\"\(schema)\".\(table.rawValue)"
        let (columns, values, key): (String, String, String) =
            switch table {
            case .users:
                (
                    "user_id, email, user_segment, registration_date, last_active, total_spent, order_count, country, city, record",
                    "r->>'user_id', r->>'email', r->>'user_segment', (r->>'registration_date')::timestamptz, (r->>'last_active')::timestamptz, (r->>'total_spent')::numeric, (r->>'order_count')::integer, r->>'country', r->>'city', r",
                    "user_id"
                )
            case .products:
                (
                    "product_id, name, category, brand, price, in_stock, rating, popularity_score, record",
                    "r->>'product_id', r->>'name', r->>'category', r->>'brand', (r->>'price')::numeric, (r->>'in_stock')::boolean, (r->>'rating')::numeric, (r->>'popularity_score')::double precision, r",
                    "product_id"
                )
            case .interactions:
                (
                    "interaction_id, user_id, product_id, session_id, interaction_type, occurred_at, record",
                    "r->>'interaction_id', r->>'user_id', r->>'product_id', r->>'session_id', r->>'interaction_type', (r->>'timestamp')::timestamptz, r",
                    "interaction_id"
                )
            case .sessions:
                (
                    "session_id, user_id, start_time, end_time, duration, converted, total_revenue, record",
                    "r->>'session_id', r->>'user_id', (r->>'start_time')::timestamptz, (r->>'end_time')::timestamptz, (r->>'duration')::integer, (r->>'converted')::boolean, (r->>'total_revenue')::numeric, r",
                    "session_id"
                )
            }
        return
            "INSERT INTO \(target) (\(columns)) SELECT \(values) FROM jsonb_array_elements($1::text::jsonb) AS r ON CONFLICT (\(key)) DO NOTHING"
    }

    /// Slow changes for CDC: $1 the user ids to touch.
    var updateUsers: String {
        """
        UPDATE "\(schema)".users SET
            total_spent = total_spent + round((random() * 200)::numeric, 2),
            order_count = order_count + 1,
            last_active = now(),
            user_segment = CASE WHEN total_spent > 5000 THEN 'premium' WHEN total_spent > 1500 THEN 'power' WHEN order_count >= 3 THEN 'regular' ELSE user_segment END,
            updated_at = now()
        WHERE user_id = ANY($1)
        """
    }

    /// Slow changes for CDC: $1 the product ids to touch.
    var updateProducts: String {
        """
        UPDATE "\(schema)".products SET
            price = greatest(0.99, round(price * (0.9 + random() * 0.2)::numeric, 2)),
            in_stock = random() > 0.1,
            updated_at = now()
        WHERE product_id = ANY($1)
        """
    }
}
