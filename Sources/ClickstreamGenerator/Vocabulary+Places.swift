/// A city users live in: where "City, CC", time zone and language come from.
struct City: Sendable {
    let name: StaticString
    /// "City, CC", pre-joined so encoding is one copy.
    let location: StaticString
    let countryCode: StaticString
    let country: StaticString
    let timeZone: StaticString
    /// Standard-time UTC offset in minutes (daylight saving is ignored).
    let utcOffsetMinutes: Int
    let language: StaticString
    /// First octet of addresses handed to users here (public unicast ranges of big ISPs).
    let ipFirstOctets: (UInt8, UInt8)
    /// Relative share of users.
    let weight: Double
}

extension Vocabulary {
    static let cities: [City] = [
        City(
            name: "New York", location: "New York, US", countryCode: "US", country: "United States",
            timeZone: "America/New_York", utcOffsetMinutes: -300, language: "en-US", ipFirstOctets: (24, 71),
            weight: 8.0),
        City(
            name: "Los Angeles", location: "Los Angeles, US", countryCode: "US", country: "United States",
            timeZone: "America/Los_Angeles", utcOffsetMinutes: -480, language: "en-US", ipFirstOctets: (76, 104),
            weight: 6.0),
        City(
            name: "Chicago", location: "Chicago, US", countryCode: "US", country: "United States",
            timeZone: "America/Chicago", utcOffsetMinutes: -360, language: "en-US", ipFirstOctets: (73, 98), weight: 4.0
        ),
        City(
            name: "Houston", location: "Houston, US", countryCode: "US", country: "United States",
            timeZone: "America/Chicago", utcOffsetMinutes: -360, language: "en-US", ipFirstOctets: (70, 99), weight: 3.5
        ),
        City(
            name: "Phoenix", location: "Phoenix, US", countryCode: "US", country: "United States",
            timeZone: "America/Phoenix", utcOffsetMinutes: -420, language: "en-US", ipFirstOctets: (68, 72), weight: 2.5
        ),
        City(
            name: "Philadelphia", location: "Philadelphia, US", countryCode: "US", country: "United States",
            timeZone: "America/New_York", utcOffsetMinutes: -300, language: "en-US", ipFirstOctets: (71, 96),
            weight: 2.5),
        City(
            name: "San Antonio", location: "San Antonio, US", countryCode: "US", country: "United States",
            timeZone: "America/Chicago", utcOffsetMinutes: -360, language: "en-US", ipFirstOctets: (66, 107),
            weight: 2.0),
        City(
            name: "San Diego", location: "San Diego, US", countryCode: "US", country: "United States",
            timeZone: "America/Los_Angeles", utcOffsetMinutes: -480, language: "en-US", ipFirstOctets: (68, 98),
            weight: 2.0),
        City(
            name: "Dallas", location: "Dallas, US", countryCode: "US", country: "United States",
            timeZone: "America/Chicago", utcOffsetMinutes: -360, language: "en-US", ipFirstOctets: (72, 99), weight: 2.0
        ),
        City(
            name: "Seattle", location: "Seattle, US", countryCode: "US", country: "United States",
            timeZone: "America/Los_Angeles", utcOffsetMinutes: -480, language: "en-US", ipFirstOctets: (67, 73),
            weight: 1.8),
        City(
            name: "Denver", location: "Denver, US", countryCode: "US", country: "United States",
            timeZone: "America/Denver", utcOffsetMinutes: -420, language: "en-US", ipFirstOctets: (67, 75), weight: 1.5),
        City(
            name: "Boston", location: "Boston, US", countryCode: "US", country: "United States",
            timeZone: "America/New_York", utcOffsetMinutes: -300, language: "en-US", ipFirstOctets: (24, 65),
            weight: 1.5),
        City(
            name: "Atlanta", location: "Atlanta, US", countryCode: "US", country: "United States",
            timeZone: "America/New_York", utcOffsetMinutes: -300, language: "en-US", ipFirstOctets: (73, 108),
            weight: 1.8),
        City(
            name: "Miami", location: "Miami, US", countryCode: "US", country: "United States",
            timeZone: "America/New_York", utcOffsetMinutes: -300, language: "en-US", ipFirstOctets: (73, 98),
            weight: 1.8),
        City(
            name: "Minneapolis", location: "Minneapolis, US", countryCode: "US", country: "United States",
            timeZone: "America/Chicago", utcOffsetMinutes: -360, language: "en-US", ipFirstOctets: (73, 75), weight: 1.0
        ),
        City(
            name: "Portland", location: "Portland, US", countryCode: "US", country: "United States",
            timeZone: "America/Los_Angeles", utcOffsetMinutes: -480, language: "en-US", ipFirstOctets: (73, 76),
            weight: 1.0),
        City(
            name: "Toronto", location: "Toronto, CA", countryCode: "CA", country: "Canada", timeZone: "America/Toronto",
            utcOffsetMinutes: -300, language: "en-CA", ipFirstOctets: (99, 174), weight: 2.5),
        City(
            name: "Vancouver", location: "Vancouver, CA", countryCode: "CA", country: "Canada",
            timeZone: "America/Vancouver", utcOffsetMinutes: -480, language: "en-CA", ipFirstOctets: (24, 96),
            weight: 1.2),
        City(
            name: "Montreal", location: "Montreal, CA", countryCode: "CA", country: "Canada",
            timeZone: "America/Toronto", utcOffsetMinutes: -300, language: "fr-CA", ipFirstOctets: (70, 142),
            weight: 1.2),
        City(
            name: "Mexico City", location: "Mexico City, MX", countryCode: "MX", country: "Mexico",
            timeZone: "America/Mexico_City", utcOffsetMinutes: -360, language: "es-MX", ipFirstOctets: (187, 189),
            weight: 2.0),
        City(
            name: "London", location: "London, GB", countryCode: "GB", country: "United Kingdom",
            timeZone: "Europe/London", utcOffsetMinutes: 0, language: "en-GB", ipFirstOctets: (81, 86), weight: 5.0),
        City(
            name: "Manchester", location: "Manchester, GB", countryCode: "GB", country: "United Kingdom",
            timeZone: "Europe/London", utcOffsetMinutes: 0, language: "en-GB", ipFirstOctets: (82, 90), weight: 1.5),
        City(
            name: "Dublin", location: "Dublin, IE", countryCode: "IE", country: "Ireland", timeZone: "Europe/Dublin",
            utcOffsetMinutes: 0, language: "en-IE", ipFirstOctets: (86, 89), weight: 0.8),
        City(
            name: "Berlin", location: "Berlin, DE", countryCode: "DE", country: "Germany", timeZone: "Europe/Berlin",
            utcOffsetMinutes: 60, language: "de-DE", ipFirstOctets: (84, 91), weight: 2.5),
        City(
            name: "Munich", location: "Munich, DE", countryCode: "DE", country: "Germany", timeZone: "Europe/Berlin",
            utcOffsetMinutes: 60, language: "de-DE", ipFirstOctets: (87, 93), weight: 1.5),
        City(
            name: "Hamburg", location: "Hamburg, DE", countryCode: "DE", country: "Germany", timeZone: "Europe/Berlin",
            utcOffsetMinutes: 60, language: "de-DE", ipFirstOctets: (79, 95), weight: 1.2),
        City(
            name: "Paris", location: "Paris, FR", countryCode: "FR", country: "France", timeZone: "Europe/Paris",
            utcOffsetMinutes: 60, language: "fr-FR", ipFirstOctets: (82, 90), weight: 3.0),
        City(
            name: "Lyon", location: "Lyon, FR", countryCode: "FR", country: "France", timeZone: "Europe/Paris",
            utcOffsetMinutes: 60, language: "fr-FR", ipFirstOctets: (78, 92), weight: 1.0),
        City(
            name: "Madrid", location: "Madrid, ES", countryCode: "ES", country: "Spain", timeZone: "Europe/Madrid",
            utcOffsetMinutes: 60, language: "es-ES", ipFirstOctets: (83, 88), weight: 2.0),
        City(
            name: "Barcelona", location: "Barcelona, ES", countryCode: "ES", country: "Spain",
            timeZone: "Europe/Madrid", utcOffsetMinutes: 60, language: "es-ES", ipFirstOctets: (79, 95), weight: 1.5),
        City(
            name: "Rome", location: "Rome, IT", countryCode: "IT", country: "Italy", timeZone: "Europe/Rome",
            utcOffsetMinutes: 60, language: "it-IT", ipFirstOctets: (79, 93), weight: 1.5),
        City(
            name: "Milan", location: "Milan, IT", countryCode: "IT", country: "Italy", timeZone: "Europe/Rome",
            utcOffsetMinutes: 60, language: "it-IT", ipFirstOctets: (87, 151), weight: 1.5),
        City(
            name: "Amsterdam", location: "Amsterdam, NL", countryCode: "NL", country: "Netherlands",
            timeZone: "Europe/Amsterdam", utcOffsetMinutes: 60, language: "nl-NL", ipFirstOctets: (83, 145), weight: 1.2
        ),
        City(
            name: "Stockholm", location: "Stockholm, SE", countryCode: "SE", country: "Sweden",
            timeZone: "Europe/Stockholm", utcOffsetMinutes: 60, language: "sv-SE", ipFirstOctets: (78, 90), weight: 0.8),
        City(
            name: "Copenhagen", location: "Copenhagen, DK", countryCode: "DK", country: "Denmark",
            timeZone: "Europe/Copenhagen", utcOffsetMinutes: 60, language: "da-DK", ipFirstOctets: (80, 87), weight: 0.6
        ),
        City(
            name: "Warsaw", location: "Warsaw, PL", countryCode: "PL", country: "Poland", timeZone: "Europe/Warsaw",
            utcOffsetMinutes: 60, language: "pl-PL", ipFirstOctets: (83, 89), weight: 1.0),
        City(
            name: "Vienna", location: "Vienna, AT", countryCode: "AT", country: "Austria", timeZone: "Europe/Vienna",
            utcOffsetMinutes: 60, language: "de-AT", ipFirstOctets: (80, 91), weight: 0.7),
        City(
            name: "Zurich", location: "Zurich, CH", countryCode: "CH", country: "Switzerland",
            timeZone: "Europe/Zurich", utcOffsetMinutes: 60, language: "de-CH", ipFirstOctets: (83, 85), weight: 0.6),
        City(
            name: "Lisbon", location: "Lisbon, PT", countryCode: "PT", country: "Portugal", timeZone: "Europe/Lisbon",
            utcOffsetMinutes: 0, language: "pt-PT", ipFirstOctets: (85, 94), weight: 0.6),
        City(
            name: "Sao Paulo", location: "Sao Paulo, BR", countryCode: "BR", country: "Brazil",
            timeZone: "America/Sao_Paulo", utcOffsetMinutes: -180, language: "pt-BR", ipFirstOctets: (177, 189),
            weight: 2.5),
        City(
            name: "Buenos Aires", location: "Buenos Aires, AR", countryCode: "AR", country: "Argentina",
            timeZone: "America/Argentina/Buenos_Aires", utcOffsetMinutes: -180, language: "es-AR",
            ipFirstOctets: (181, 190), weight: 1.0),
        City(
            name: "Tokyo", location: "Tokyo, JP", countryCode: "JP", country: "Japan", timeZone: "Asia/Tokyo",
            utcOffsetMinutes: 540, language: "ja-JP", ipFirstOctets: (126, 153), weight: 2.0),
        City(
            name: "Osaka", location: "Osaka, JP", countryCode: "JP", country: "Japan", timeZone: "Asia/Tokyo",
            utcOffsetMinutes: 540, language: "ja-JP", ipFirstOctets: (118, 124), weight: 0.8),
        City(
            name: "Seoul", location: "Seoul, KR", countryCode: "KR", country: "South Korea", timeZone: "Asia/Seoul",
            utcOffsetMinutes: 540, language: "ko-KR", ipFirstOctets: (121, 211), weight: 1.0),
        City(
            name: "Singapore", location: "Singapore, SG", countryCode: "SG", country: "Singapore",
            timeZone: "Asia/Singapore", utcOffsetMinutes: 480, language: "en-SG", ipFirstOctets: (116, 175), weight: 0.6
        ),
        City(
            name: "Mumbai", location: "Mumbai, IN", countryCode: "IN", country: "India", timeZone: "Asia/Kolkata",
            utcOffsetMinutes: 330, language: "en-IN", ipFirstOctets: (49, 106), weight: 1.5),
        City(
            name: "Bangalore", location: "Bangalore, IN", countryCode: "IN", country: "India", timeZone: "Asia/Kolkata",
            utcOffsetMinutes: 330, language: "en-IN", ipFirstOctets: (49, 117), weight: 1.2),
        City(
            name: "Sydney", location: "Sydney, AU", countryCode: "AU", country: "Australia",
            timeZone: "Australia/Sydney", utcOffsetMinutes: 600, language: "en-AU", ipFirstOctets: (101, 120),
            weight: 1.5),
        City(
            name: "Melbourne", location: "Melbourne, AU", countryCode: "AU", country: "Australia",
            timeZone: "Australia/Melbourne", utcOffsetMinutes: 600, language: "en-AU", ipFirstOctets: (110, 124),
            weight: 1.2),
        City(
            name: "Auckland", location: "Auckland, NZ", countryCode: "NZ", country: "New Zealand",
            timeZone: "Pacific/Auckland", utcOffsetMinutes: 720, language: "en-NZ", ipFirstOctets: (122, 125),
            weight: 0.4),
    ]
}
