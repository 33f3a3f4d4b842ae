import ClickstreamGenerator

/// `[generator]`: the simulated shop. The one place where TOML keys map onto
/// `GeneratorConfig`; a new generator knob gets its key here and nowhere else.
struct GeneratorSettings: Sendable, Equatable {
    var seed: UInt64 = 42
    /// MAX_USERS in the original service.
    var users: Int = 100_000
    /// MAX_PRODUCTS in the original service.
    var products: Int = 50_000
    /// This daemon's slice of the population when several feed one cluster.
    var shardIndex: Int = 0
    var shardCount: Int = 1

    var shard: Shard { Shard(index: shardIndex, count: shardCount) }

    var generatorConfig: GeneratorConfig {
        var config = GeneratorConfig()
        config.seed = seed
        config.userCount = users
        config.productCount = products
        return config
    }

    /// Reads `[generator]`, reporting bad values into the section's diagnostics.
    static func read(_ section: inout TOMLSection) -> GeneratorSettings {
        var settings = GeneratorSettings()
        settings.seed = UInt64(section.int("seed", default: 42, in: 0...Int.max))
        settings.users = section.int("users", default: settings.users, in: 1...1_000_000_000)
        settings.products = section.int("products", default: settings.products, in: 1...100_000_000)
        settings.shardCount = section.int("shard_count", default: 1, in: 1...4096)
        settings.shardIndex = section.int("shard_index", default: 0, in: 0...4095)
        if settings.shardIndex >= settings.shardCount {
            section.report("shard_index", "must be less than shard_count (\(settings.shardCount)), got \(settings.shardIndex)")
            settings.shardIndex = 0
        }
        section.finish()
        return settings
    }
}
