import ArgumentParser
import ClickstreamAPI
import ClickstreamModel

/// `clickctl stream update ID --rate R [--schedule S]`: a running stream takes a new rate or
/// schedule at once, without a restart.
struct StreamUpdate: ResultCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a running stream's rate or schedule, without a restart or a gap.",
        discussion: """
            --rate alone makes the rate constant (a schedule ends); --schedule alone keeps the \
            stream's rate as the base of spike and daily. The schedule's clock starts now.

            Examples:
              clickctl stream update stream-1a2b3c4d --rate 20k
              clickctl stream update clicks --schedule spike:x5/10m
              clickctl stream update clicks --rate 2k --schedule daily
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: ArgumentHelp("The stream's id or name (see clickctl status).", valueName: "id"))
    var streamID: String

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "Records per second (500, 10k, 1.5M; 0 or max: as fast as the sink takes them).", valueName: "rate"),
        transform: Rate.parse)
    var rate: Rate?

    @Option(
        help: ArgumentHelp(
            "constant, ramp:<from>..<to>/<duration>, steps:<rate>/<duration>,..., spike:x<factor>[@<start>]/<duration> or daily.",
            valueName: "schedule"),
        transform: RateScheduleArgument.parse)
    var schedule: RateSchedule?

    func validate() throws {
        if rate == nil && schedule == nil { throw ValidationError("give --rate and/or --schedule") }
    }

    var call: (method: RPCMethod, params: StreamUpdateParams?) {
        (.streamUpdate, StreamUpdateParams(streamId: streamID, rate: rate?.perSecond, schedule: schedule))
    }

    func show(_ result: StreamUpdateResult, on terminal: Terminal) {
        func describe(_ rate: Double, _ schedule: RateSchedule) -> String {
            let base = rate == 0 ? "max rate" : Units.compact(rate) + "/s"
            switch schedule {
            case .constant: return base
            case .ramp, .steps: return schedule.description
            case .spike, .daily: return base + " " + schedule.description
            }
        }
        print(
            terminal.paint("Updated", .green) + " stream " + terminal.paint(result.streamId, .bold) + ": "
                + describe(result.rate, result.schedule)
                + terminal.paint(
                    " (was " + describe(result.previousRate, result.previousSchedule) + ")", .dim))
    }
}

/// `--schedule`'s parser: the daemon's own (`RateSchedule.parse`), so a typo is caught
/// before anything is sent, with the same message.
enum RateScheduleArgument {
    @Sendable static func parse(_ text: String) throws -> RateSchedule {
        switch RateSchedule.parse(text) {
        case .success(let schedule): return schedule
        case .failure(let error): throw ValidationError(error.message)
        }
    }
}
