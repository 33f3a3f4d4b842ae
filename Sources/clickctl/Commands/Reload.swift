import ArgumentParser
import ClickstreamAPI

/// `clickctl reload`: re-read the config file, as `systemctl reload clickstreamd` does.
struct Reload: ResultCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make clickstreamd re-read its config file.",
        discussion: "An invalid file is refused with the reason; the running config stays.")

    @OptionGroup var options: GlobalOptions

    var call: (method: RPCMethod, params: NoParams?) { (.configReload, nil) }

    func show(_ result: ConfigReloadResult, on terminal: Terminal) {
        let verdict = result.reloaded ? terminal.paint("Reloaded", .green) : terminal.paint("Not reloaded", .yellow)
        // The daemon's message often names the file already; say it once.
        let detail =
            result.message.contains(result.configPath)
            ? ": " + result.message : " \(result.configPath): \(result.message)"
        print(verdict + detail)
    }
}
