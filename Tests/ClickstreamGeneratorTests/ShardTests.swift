import ClickstreamModel
import Testing

@testable import ClickstreamGenerator

@Test func userShardsAreDisjointAndCoverThePopulation() throws {
    let config = smallConfig()
    var seen = Set<String>()
    var total = 0
    for k in 0..<4 {
        let shard = Shard(index: k, count: 4)
        let slice = shard.slice(of: config.userCount)
        let users = run(
            .users, config: config, mode: backfill(days: 1), total: slice.count, batchSize: 100, shard: shard)
        let ids = Set(users.keys)
        #expect(ids.count == slice.count)
        #expect(seen.isDisjoint(with: ids))
        seen.formUnion(ids)
        total += ids.count
    }
    #expect(total == config.userCount)
    #expect(seen.count == config.userCount)
}

@Test func interactionsOfAShardOnlyInvolveItsUsers() throws {
    let config = smallConfig()
    let shard = Shard(index: 2, count: 3)
    let slice = shard.slice(of: config.userCount)
    let events = run(.interactions, config: config, mode: backfill(days: 7), total: 2_000, batchSize: 256, shard: shard)
    #expect(events.values.count == 2_000)
    for key in events.keys {
        let index = Int(key.dropFirst(5))!
        #expect(slice.contains(index))
    }
}

@Test func productShardsAreDisjoint() {
    let config = smallConfig()
    let a = run(
        .products, config: config, mode: backfill(days: 1), total: 500, batchSize: 100, shard: Shard(index: 0, count: 2)
    )
    let b = run(
        .products, config: config, mode: backfill(days: 1), total: 500, batchSize: 100, shard: Shard(index: 1, count: 2)
    )
    #expect(Set(a.keys).isDisjoint(with: Set(b.keys)))
    #expect(Set(a.keys).count == 500)
}
