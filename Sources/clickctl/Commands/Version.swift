import ArgumentParser
import ClickstreamAPI

/// `clickctl version`: this CLI's version and the daemon's (`clickctl --version` prints only
/// clickctl's and needs no daemon).
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the versions of clickctl, clickstreamd and its librdkafka.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        if options.json { return options.printRaw(try options.client().callRaw(.daemonVersion)) }
        print("clickctl     \(clickstreamVersion)")
        let version: VersionResult = try options.client().call(.daemonVersion)
        print("clickstreamd \(version.version) (pid \(version.pid), librdkafka \(version.librdkafka))")
    }
}
