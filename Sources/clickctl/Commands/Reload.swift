import ArgumentParser
import ClickstreamAPI

/// `clickctl reload`: re-read the config file, as `systemctl reload clickstreamd` does.
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make clickstreamd re-read its config file.",
        discussion: "An invalid file is refused with the reason; the running config stays.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        guard let result = try options.resultToShow(.configReload, as: ConfigReloadResult.self) else { return }
        let terminal = options.terminal
        let verdict = result.reloaded ? terminal.paint("Reloaded", .green) : terminal.paint("Not reloaded", .yellow)
        // The daemon's message often names the file already; say it once.
        let detail =
            result.message.contains(result.configPath)
            ? ": " + result.message : " \(result.configPath): \(result.message)"
        print(verdict + detail)
    }
}
