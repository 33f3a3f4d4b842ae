import ArgumentParser
import ClickstreamAPI

/// `clickctl audit [--limit N]`: who started, stopped, updated streams and reloaded the config.
struct Audit: ResultCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the audit log: control actions, who made them and how they ended.",
        discussion: """
            Every stream start, stop and update and every config reload, through any door: \
            rpc (clickctl: uid and pid from the socket), http (the client's address), \
            config ([[streams]] autostart), signal (SIGHUP). Kept in <state_dir>/audit.jsonl.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(
        name: [.short, .long], help: ArgumentHelp("Newest entries to show (default 50).", valueName: "n"),
        transform: Count.parse)
    var limit: Count?

    var call: (method: RPCMethod, params: AuditListParams?) {
        (.auditList, AuditListParams(limit: limit?.value ?? 50))
    }

    func show(_ result: AuditListResult, on terminal: Terminal) {
        guard !result.entries.isEmpty else { return print("No control actions recorded yet (\(result.path)).") }
        var table = TextTable(
            columns: ["TIME", "DOOR", "WHO", "METHOD", "STREAM", "PARAMS", "RESULT"].map { TextTable.Column($0) })
        for entry in result.entries {
            table.append([
                entry.time, entry.door.rawValue, entry.who, entry.method, entry.streamId ?? "-",
                entry.params.isEmpty ? "-" : entry.params, entry.result,
            ])
        }
        let failed = Set(result.entries.indices.filter { result.entries[$0].result != "ok" })
        print(
            table.render { row, column, text in
                guard column == 6, row >= 0 else { return text }
                return terminal.paint(text, failed.contains(row) ? .red : .green)
            })
    }
}
