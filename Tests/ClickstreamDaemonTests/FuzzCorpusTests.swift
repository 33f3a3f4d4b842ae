import ClickstreamTestSupport
import Foundation
import Testing

@testable import ClickstreamDaemon

/// Every input in Tests/FuzzCorpus (the fuzzers' seeds and the crashes they found, kept as
/// regressions) run through the same entry points `make fuzz` drives, in a normal build.
@Suite("Fuzz corpus replay")
struct FuzzCorpusTests {
    static let corpus = ProjectPaths.root.appendingPathComponent("Tests/FuzzCorpus")

    @Test("each target takes its corpus without crashing", arguments: FuzzTargets.Target.allCases)
    func replay(_ target: FuzzTargets.Target) async throws {
        let directory = Self.corpus.appendingPathComponent(target.rawValue).path
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(!names.isEmpty, "no corpus for \(target.rawValue)")
        for name in names {
            let data = try #require(FileManager.default.contents(atPath: "\(directory)/\(name)"))
            await FuzzTargets.replay(target, Array(data))
        }
    }
}

/// What the fuzzers found, as plain expectations.
@Suite("Fuzz findings")
struct FuzzFindingTests {
    @Test("a table header with no name is a syntax error on its line, not toml++'s assertion")
    func namelessHeader() throws {
        for (text, line) in [
            ("[\n", 1), ("[daemon]\nlog_level = \"info\"\n[ # typo\n", 3), ("[[", 1), ("[\u{03}", 1), ("[ .a]", 1),
        ] {
            let error = #expect(throws: ConfigError.self) { try ConfigLoader.parse(text) }
            guard case .syntax(_, let at, _, let message)? = error else {
                Issue.record("\(String(describing: error))")
                continue
            }
            #expect(at == line && message.contains("table name"), "\(text.debugDescription): \(message)")
        }
        // Brackets that open values or sit in strings are not headers.
        let valid = "[generator]\nseed = 1\n[kafka.properties]\n\"a\" = \"\"\"\n[\n\"\"\"\nb = '['\n"
        _ = try ConfigLoader.parse(valid)
        #expect(TableHeaderCheck.namelessHeaderLine(in: "x = [\n  [\n    1,\n  ],\n]\n") == nil)
    }
}
