import ClickstreamGenerator
import Testing

@testable import ClickstreamDaemon

@Suite("Config: generator.markets")
struct MarketsConfigTests {
    @Test("absent: a US shop; an inline table or a [generator.markets] table sets the mix")
    func readsMarkets() throws {
        #expect(try ConfigLoader.parse("").generator.config.markets == ["US": 1])
        let inline = try ConfigLoader.parse("[generator]\nmarkets = { US = 0.7, CA = 0.2, GB = 0.1 }\n")
        #expect(inline.generator.config.markets == ["US": 0.7, "CA": 0.2, "GB": 0.1])
        let table = try ConfigLoader.parse("[generator.markets]\nDE = 3\nAT = 1\n")
        #expect(table.generator.config.markets == ["DE": 3, "AT": 1])
    }

    @Test("unknown codes, zero or negative weights and an empty table name key, line and a fix")
    func badMarkets() throws {
        let text = """
            [generator]
            users = 10

            [generator.markets]
            UK = 0.5
            us = 1
            DE = 0
            FR = -2
            XX = 1
            CA = "lots"
            """
        let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(text, path: "t.toml") }
        let issues = try #require(error?.issues)
        func issue(_ code: String) throws -> ConfigIssue {
            try #require(issues.first { $0.keyPath == "generator.markets.\(code)" }, "\(code): \(issues)")
        }
        #expect(try issue("UK").line == 5)
        #expect(try issue("UK").message.contains("did you mean \"GB\""))
        #expect(try issue("us").line == 6)
        #expect(try issue("us").message.contains("did you mean \"US\""))
        #expect(try issue("DE").line == 7)
        #expect(try issue("DE").message.contains("positive"))
        #expect(try issue("FR").line == 8)
        #expect(try issue("FR").message.contains("between 0 and"))
        #expect(try issue("XX").line == 9)
        #expect(try issue("XX").message.contains("known codes: AR, AT, AU"))
        #expect(try issue("CA").message.contains("number"))
        #expect(issues.count == 6, "\(issues)")

        let empty = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[generator]\nmarkets = {}\n", path: "t.toml")
        }
        let emptyIssue = try #require(empty?.issues.first)
        #expect(emptyIssue.keyPath == "generator.markets" && emptyIssue.line == 2)
        #expect(emptyIssue.message.contains("markets = { US = 1 }"))
        #expect(empty?.issues.count == 1)

        let notTable = #expect(throws: ConfigError.self) {
            try ConfigLoader.parse("[generator]\nmarkets = \"US\"\n", path: "t.toml")
        }
        #expect(notTable?.issues.first?.keyPath == "generator.markets")
    }

    @Test("the generator's own validation rejects what the config layer would")
    func validation() {
        var c = GeneratorConfig()
        c.markets = [:]
        #expect(throws: GeneratorConfigError.self) { try c.validate() }
        c.markets = ["ZZ": 1]
        #expect(throws: GeneratorConfigError.self) { try c.validate() }
        c.markets = ["US": 0]
        #expect(throws: GeneratorConfigError.self) { try c.validate() }
        c.markets = ["US": 2, "JP": 1]
        #expect(throws: Never.self) { try c.validate() }
    }
}
