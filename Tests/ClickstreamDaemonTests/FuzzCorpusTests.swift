import ClickstreamDaemon
import ClickstreamTestSupport
import Foundation
import Testing

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
