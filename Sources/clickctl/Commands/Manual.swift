import ArgumentParser
import ClickstreamAPI

/// `clickctl man`: clickctl(1) in roff, built from the command definitions themselves so the
/// page cannot drift from the parser. Hidden; `scripts/make-man` writes docs/man/clickctl.1.
struct Manual: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man",
        abstract: "Print the clickctl(1) man page (roff).",
        shouldDisplay: false)

    func run() throws {
        print(ManualPage().render(), terminator: "")
    }
}

/// Writes the man page: the usual sections around each command's own --help text.
struct ManualPage {
    var columns = 78

    func render() -> String {
        let root = Clickctl.configuration
        var page = """
            .TH CLICKCTL 1 "" "clickstream \(clickstreamVersion)" "clickstream manual"
            .SH NAME
            clickctl \\- \(escape(root.abstract))
            .SH SYNOPSIS
            .B clickctl
            .I command
            [\\fIoptions\\fR]
            .SH DESCRIPTION

            """
        page += paragraphs(root.discussion)
        page += ".SH COMMANDS\n"
        for (path, command) in commands(Clickctl.self, path: ["clickctl"]) where path.count > 1 {
            page += ".SS \"\(path.joined(separator: " "))\"\n"
            page += ".nf\n" + escapeLines(Clickctl.helpMessage(for: command, columns: columns)) + "\n.fi\n"
        }
        page += """
            .SH ENVIRONMENT
            .TP
            .B CLICKSTREAM_SOCKET
            The daemon's socket when --socket is not given (default \(escape(defaultSocketPath))).
            .TP
            .B NO_COLOR
            When set and not empty, no colour even on a terminal.
            .SH EXIT STATUS
            .TP
            .B 0
            Success.
            .TP
            .B 1
            The daemon refused the request (its message and details are printed) or the exchange failed.
            .TP
            .B 2
            Usage error.
            .TP
            .B 3
            The daemon could not be reached on its socket.
            .SH FILES
            .TP
            .I \(escape(defaultSocketPath))
            The daemon's default socket.
            .SH SEE ALSO
            .BR clickstreamd (8)

            """
        return page
    }

    /// Every visible command under `command`, depth first, with its path of names.
    private func commands(_ command: any ParsableCommand.Type, path: [String]) -> [([String], any ParsableCommand.Type)] {
        var found = [(path, command)]
        for sub in command.configuration.subcommands where sub.configuration.shouldDisplay {
            let name = sub.configuration.commandName ?? String(describing: sub).lowercased()
            found += commands(sub, path: path + [name])
        }
        return found
    }

    private func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { ".PP\n" + escapeLines($0) + "\n" }.joined()
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
    }

    /// Escapes text and keeps lines starting with "." or "'" from reading as requests.
    private func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let escaped = escape(String(line))
            return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
        }.joined(separator: "\n")
    }
}
