import Foundation

/// What clickctl's output can assume about where it goes: whether stdout and stderr are
/// terminals, and whether colour is wanted (only on a terminal, and never when NO_COLOR is
/// set, see https://no-color.org, or TERM is dumb).
struct Terminal: Sendable {
    var stdoutIsTTY: Bool
    var stderrIsTTY: Bool
    var colorStdout: Bool
    var colorStderr: Bool

    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Terminal {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        let out = isatty(STDOUT_FILENO) == 1
        let err = isatty(STDERR_FILENO) == 1
        return Terminal(stdoutIsTTY: out, stderrIsTTY: err, colorStdout: out && !noColor, colorStderr: err && !noColor)
    }

    /// SGR codes clickctl uses.
    enum Style: String, Sendable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
    }

    /// `text` in `styles` when stdout takes colour.
    func paint(_ text: String, _ styles: Style...) -> String {
        Self.paint(text, styles, enabled: colorStdout)
    }

    /// `text` in `styles` when stderr takes colour.
    func paintError(_ text: String, _ styles: Style...) -> String {
        Self.paint(text, styles, enabled: colorStderr)
    }

    private static func paint(_ text: String, _ styles: [Style], enabled: Bool) -> String {
        guard enabled, !styles.isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    // MARK: - Writing

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Cursor and screen control for live views (stdout).
    enum Control {
        static let hideCursor = "\u{1B}[?25l"
        static let showCursor = "\u{1B}[?25h"
        static let clearScreen = "\u{1B}[2J"
        static let home = "\u{1B}[H"
        static let clearToEndOfLine = "\u{1B}[K"
        static let clearToEndOfScreen = "\u{1B}[J"
        static let carriageReturn = "\r"
    }
}
