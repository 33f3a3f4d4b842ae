import ClickstreamGenerator
import ClickstreamModel

/// One batch made ready for PostgreSQL: the records as a JSON array (the INSERT's one bind
/// parameter), and the users and products the records name.
struct PostgresBatchRows {
    var table: PostgresSchema.Table
    var json: String
    /// Population indices of the user_id / product_id values the records name (with repeats).
    var userIndices: [Int] = []
    var productIndices: [Int] = []

    init(_ batch: EncodedBatch) {
        table = PostgresSchema.Table(kind: batch.records[0].kind)
        var text: [UInt8] = []
        text.reserveCapacity(batch.bytes.count + batch.count + 2)
        text.append(UInt8(ascii: "["))
        var users: [Int] = []
        var products: [Int] = []
        let table = self.table
        batch.bytes.withUnsafeBytes { all in
            for (position, record) in batch.records.enumerated() {
                if position > 0 { text.append(UInt8(ascii: ",")) }
                let value = UnsafeRawBufferPointer(rebasing: all[record.value])
                text.append(contentsOf: value)
                let key = UnsafeRawBufferPointer(rebasing: all[record.key])
                switch table {
                case .users:
                    if let index = Self.index(key, prefix: 5) { users.append(index) }
                case .products:
                    if let index = Self.index(key, prefix: 5) { products.append(index) }
                case .sessions:
                    if let index = Self.index(key, prefix: 5) { users.append(index) }
                case .interactions:
                    if let index = Self.index(key, prefix: 5) { users.append(index) }
                    let json = TopLevelJSON(value)
                    if let field = json.field("product_id"), field.kind == .string,
                        let index = Self.index(json.slice(field.value), prefix: 5)
                    {
                        products.append(index)
                    }
                }
            }
        }
        text.append(UInt8(ascii: "]"))
        json = String(decoding: text, as: UTF8.self)
        userIndices = users
        productIndices = products
    }

    /// The number in `user_00001234` / `prod_000123` (after a 5-byte prefix).
    static func index(_ id: UnsafeRawBufferPointer, prefix: Int) -> Int? {
        guard id.count > prefix else { return nil }
        var value = 0
        for byte in id[prefix...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The JSON array of the given users (or products) as the generator makes them.
    static func dimensionJSON(_ indices: [Int], world: World, table: PostgresSchema.Table) -> String {
        var batch = EncodedBatch(byteCapacity: indices.count * 700, recordCapacity: indices.count)
        for index in indices {
            if table == .users {
                world.encodeUser(index: index, into: &batch)
            } else {
                world.encodeProduct(index: index, into: &batch)
            }
        }
        var text: [UInt8] = [UInt8(ascii: "[")]
        text.reserveCapacity(batch.bytes.count + indices.count + 2)
        for position in 0..<batch.count {
            if position > 0 { text.append(UInt8(ascii: ",")) }
            text.append(contentsOf: batch.value(at: position))
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }
}
