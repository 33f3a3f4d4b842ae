import ArgumentParser
import ClickstreamAPI

/// A command that makes one call and shows its result: with --json the daemon's raw result,
/// as it came; otherwise the result decoded, as the text `show` makes of it.
protocol ResultCommand: ParsableCommand {
    associatedtype Params: Encodable
    associatedtype Result: Decodable
    var options: GlobalOptions { get }
    /// The method the command calls, and its params (nil: none).
    var call: (method: RPCMethod, params: Params?) { get }
    /// Prints `result` for people.
    func show(_ result: Result, on terminal: Terminal) throws
}

extension ResultCommand {
    func run() throws {
        let (method, params) = call
        let raw = try options.client().callRaw(method, params: params)
        if options.json { return options.printRaw(raw) }
        try show(try RawResult.decode(raw, method), on: options.terminal)
    }
}
