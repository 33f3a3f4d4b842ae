import ClickstreamMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import Testing

@Suite("@PublicMemberwiseInit")
struct PublicMemberwiseInitTests {
    let macros = ["PublicMemberwiseInit": MacroSpec(type: PublicMemberwiseInitMacro.self)]

    /// `members` inside `struct Result`, with the attribute before and `added` after expansion.
    private func expect(members: String, gains added: String) {
        assertMacroExpansion(
            "@PublicMemberwiseInit\npublic struct Result {\n\(members)\n}",
            expandedSource: "public struct Result {\n\(members)\n\n\(added)\n}",
            macroSpecs: macros, failureHandler: { Issue.record(Comment(rawValue: $0.message)) })
    }

    @Test("every stored property in order; initial values become defaults, optionals default to nil")
    func storedProperties() {
        expect(
            members: """
                    public static let version = 1
                    public var id: String
                    public var status: String = "started"
                    public let limit: Int
                    public let kind = "result"
                    public var rate: Double?
                    public var handler: (Int) -> Void
                    public let clock: @Sendable () -> Int64
                    public var count: Int { 1 }
                    public var seen: Int { get { 0 } set {} }
                    public var observed: Int { didSet {} }
                """,
            gains: """
                    public init(id: String, status: String = "started", limit: Int, rate: Double? = nil, handler: @escaping (Int) -> Void, clock: @escaping @Sendable () -> Int64, observed: Int) {
                        self.id = id
                        self.status = status
                        self.limit = limit
                        self.rate = rate
                        self.handler = handler
                        self.clock = clock
                        self.observed = observed
                    }
                """)
    }

    @Test("refuses what it cannot do, naming it")
    func refusals() {
        for (source, expanded, message) in [
            ("@PublicMemberwiseInit\nclass Box {}", "class Box {}", "@PublicMemberwiseInit applies to a struct"),
            (
                "@PublicMemberwiseInit\nstruct Box {\n    var count = 1\n}", "struct Box {\n    var count = 1\n}",
                "@PublicMemberwiseInit needs a written type for 'count'"
            ),
        ] {
            assertMacroExpansion(
                source, expandedSource: expanded, diagnostics: [DiagnosticSpec(message: message, line: 1, column: 1)],
                macroSpecs: macros, failureHandler: { Issue.record(Comment(rawValue: $0.message)) })
        }
    }
}
