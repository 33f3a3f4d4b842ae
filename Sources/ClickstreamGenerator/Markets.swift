/// A shop's markets: the countries its users live in, with weights (`GeneratorConfig.markets`).
///
/// A user's city is drawn by market weight, then by the city table's weight inside the
/// country, so countries follow the configured shares and time zones follow the countries. A
/// shop with one home market shows the daily cycle of that market in UTC: with the whole city
/// table (users spread over the world's time zones) the hourly session starts in UTC varied by
/// ~1.8× peak to trough; a US shop varies by more than 3× (`MarketTests`).
extension GeneratorConfig {
    /// A US shop: the city table's largest country (16 cities, four time zones that span three
    /// hours, so the evening peak stays sharp in UTC), and the language (en-US) and currency
    /// the records are written in.
    public static let defaultMarkets: [String: Double] = ["US": 1]

    /// The country codes `markets` may name: those of the city table, sorted.
    public static let marketCountryCodes: [String] = {
        var codes: [String] = []
        for city in Vocabulary.cities where !codes.contains(city.countryCode.description) {
            codes.append(city.countryCode.description)
        }
        return codes.sorted()
    }()

    /// Why `markets` cannot be used, or nil: empty, unknown codes, weights not positive.
    func marketsProblem() -> String? {
        if markets.isEmpty { return "needs at least one country code with a positive weight" }
        for (code, weight) in markets.sorted(by: { $0.key < $1.key }) {
            if !GeneratorConfig.marketCountryCodes.contains(code) {
                return "unknown country code \"\(code)\"; known: "
                    + GeneratorConfig.marketCountryCodes.joined(separator: ", ")
            }
            if !(weight > 0 && weight.isFinite) { return "weight of \(code) must be a positive number, got \(weight)" }
        }
        return nil
    }
}

/// The share of users in one standard-time UTC offset.
public struct UTCOffsetWeight: Sendable, Equatable {
    public var utcOffsetMinutes: Int
    /// Share of the population, 0...1; the shares of a world sum to 1.
    public var weight: Double
}

extension World {
    /// The cities users may live in under `markets`, and each one's share of users (the
    /// market's weight split by the city table's weights inside the country).
    static func cities(inMarkets markets: [String: Double]) -> (cities: [Int32], weights: [Double]) {
        var countryTotals: [String: Double] = [:]
        for city in Vocabulary.cities { countryTotals[city.countryCode.description, default: 0] += city.weight }
        let marketTotal = markets.values.reduce(0, +)
        var cities: [Int32] = []
        var weights: [Double] = []
        for (index, city) in Vocabulary.cities.enumerated() {
            let code = city.countryCode.description
            guard let market = markets[code], market > 0, let total = countryTotals[code] else { continue }
            cities.append(Int32(index))
            weights.append(market / marketTotal * city.weight / total)
        }
        return (cities, weights)
    }

    /// The population's time-zone mix, by offset (ascending): what turns the diurnal curve,
    /// which is in each user's local time, into the shop's traffic per UTC hour.
    static func utcOffsetWeights(cities: [Int32], weights: [Double]) -> [UTCOffsetWeight] {
        var byOffset: [Int: Double] = [:]
        for (city, weight) in zip(cities, weights) {
            byOffset[Vocabulary.cities[Int(city)].utcOffsetMinutes, default: 0] += weight
        }
        let total = weights.reduce(0, +)
        return byOffset.keys.sorted().map { UTCOffsetWeight(utcOffsetMinutes: $0, weight: byOffset[$0]! / total) }
    }
}
