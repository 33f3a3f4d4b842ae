/// How a stream's target rate moves over its running time, instead of staying at `rate`.
///
/// Written everywhere as one string (config `schedule`, `stream.start`, `stream.update`,
/// clickctl `--schedule`, the state file), parsed here once:
///
/// - `constant`: `rate` all the time (the default).
/// - `ramp:<from>..<to>/<duration>`: from one rate to another, linearly, then holds `to`
///   (`ramp:1000..50000/60s`).
/// - `steps:<rate>/<duration>,<rate>/<duration>,...`: each rate for its duration, then holds
///   the last one (`steps:1000/30s,5000/30s`).
/// - `spike:x<factor>[@<start>]/<duration>`: `rate` times `factor` from `start` (default 0)
///   for `duration`, then `rate` again: a flash sale (`spike:x5@60s/30s`).
/// - `daily`: `rate` times the daily cycle of the population's local hours (the generator's
///   session-start curve over the users' time zones, averaging 1 over a day).
///
/// Rates take `k` and `M` suffixes (`50k`); durations are seconds, or end in `s`, `m` or `h`.
/// A schedule's clock starts when its stream starts running (or resumes) and when a
/// `stream.update` gives it a new one.
public enum RateSchedule: Sendable, Equatable, Hashable {
    case constant
    case ramp(from: Double, to: Double, seconds: Double)
    case steps([Step])
    case spike(factor: Double, atSeconds: Double, seconds: Double)
    case daily

    @PublicMemberwiseInit
    public struct Step: Sendable, Equatable, Hashable {
        public var rate: Double
        public var seconds: Double
    }

    /// The longest duration a schedule may name (a year).
    public static let maxSeconds = 31_536_000.0
    /// The largest spike factor.
    public static let maxFactor = 1_000_000.0

    /// Whether its rates are multiples of the stream's `rate` (spike, daily) rather than
    /// absolute (ramp, steps).
    public var usesBaseRate: Bool {
        switch self {
        case .constant, .spike, .daily: true
        case .ramp, .steps: false
        }
    }

    /// The highest rate the schedule asks for, given the stream's `rate` (checked against
    /// `limits.max_rate`); nil for `daily`, whose peak depends on the population.
    public func peakRate(base: Double) -> Double? {
        switch self {
        case .constant: base
        case .ramp(let from, let to, _): max(from, to)
        case .steps(let steps): steps.map(\.rate).max() ?? 0
        case .spike(let factor, _, _): base * max(1, factor)
        case .daily: nil
        }
    }
}

/// Why a schedule string could not be read; `message` says what was expected.
extension RateSchedule {
    /// The most steps a `steps:` schedule may have.
    public static let maxSteps = 100
}

public struct RateScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension RateSchedule: CanonicalString {
    static let forms =
        "\"constant\", \"ramp:<from>..<to>/<duration>\", \"steps:<rate>/<duration>,...\", \"spike:x<factor>[@<start>]/<duration>\" or \"daily\""

    /// Reads the forms listed on the type.
    public static func parse(_ text: String) -> Result<RateSchedule, RateScheduleError> {
        func fail(_ message: String) -> Result<RateSchedule, RateScheduleError> {
            let shown = text.count > 200 ? text.prefix(200) + "…" : Substring(text)
            return .failure(RateScheduleError(message: message + ", got \"\(shown)\""))
        }
        if text == "constant" { return .success(.constant) }
        if text == "daily" { return .success(.daily) }
        if text.hasPrefix("ramp:") {
            let parts = text.dropFirst("ramp:".count).split(separator: "/", omittingEmptySubsequences: false)
            let rates = parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
            guard parts.count == 2, rates.count == 3, rates[1].isEmpty, let from = rate(rates[0]),
                let to = rate(rates[2]), let seconds = duration(parts[1])
            else {
                return fail(
                    "a ramp is ramp:<from>..<to>/<duration> with rates ≥ 0 and a duration > 0 (ramp:1000..50000/60s)")
            }
            return .success(.ramp(from: from, to: to, seconds: seconds))
        }
        if text.hasPrefix("steps:") {
            let items = text.dropFirst("steps:".count).split(separator: ",", omittingEmptySubsequences: false)
            // A schedule is kept in the state file, the audit log and every status answer.
            guard items.count <= Self.maxSteps else {
                return fail("steps takes at most \(Self.maxSteps) steps, got \(items.count)")
            }
            var steps: [Step] = []
            for item in items {
                let parts = item.split(separator: "/", omittingEmptySubsequences: false)
                guard parts.count == 2, let rate = rate(parts[0]), let seconds = duration(parts[1]) else {
                    return fail(
                        "steps are steps:<rate>/<duration>,... with rates ≥ 0 and durations > 0 (steps:1000/30s,5000/30s); \"\(item)\" is not one"
                    )
                }
                steps.append(Step(rate: rate, seconds: seconds))
            }
            return .success(.steps(steps))
        }
        if text.hasPrefix("spike:") {
            let body = text.dropFirst("spike:".count)
            let parts = body.split(separator: "/", omittingEmptySubsequences: false)
            let head = parts.first?.split(separator: "@", omittingEmptySubsequences: false) ?? []
            guard parts.count == 2, head.count == 1 || head.count == 2, head[0].hasPrefix("x"),
                let factor = Double(head[0].dropFirst()), factor.isFinite, factor > 0, factor <= maxFactor,
                let seconds = duration(parts[1])
            else {
                return fail(
                    "a spike is spike:x<factor>[@<start>]/<duration> with a factor > 0 and a duration > 0 (spike:x5@60s/30s)"
                )
            }
            var start = 0.0
            if head.count == 2 {
                guard let at = duration(head[1], allowZero: true) else {
                    return fail("a spike's start (after @) is a duration ≥ 0 (spike:x5@60s/30s)")
                }
                start = at
            }
            return .success(.spike(factor: factor, atSeconds: start, seconds: seconds))
        }
        return fail("expected \(forms)")
    }

    /// A rate ≥ 0, with an optional k (thousand) or M (million) suffix.
    static func rate(_ text: Substring) -> Double? {
        var digits = text
        var scale = 1.0
        if digits.hasSuffix("k") {
            scale = 1e3
            digits = digits.dropLast()
        } else if digits.hasSuffix("M") {
            scale = 1e6
            digits = digits.dropLast()
        }
        guard let value = Double(digits), value.isFinite, value >= 0 else { return nil }
        return value * scale
    }

    /// Seconds > 0 (or ≥ 0), at most `maxSeconds`: a number, or one ending in s, m or h.
    static func duration(_ text: Substring, allowZero: Bool = false) -> Double? {
        var digits = text
        var scale = 1.0
        switch text.last {
        case "s": digits = digits.dropLast()
        case "m":
            scale = 60
            digits = digits.dropLast()
        case "h":
            scale = 3600
            digits = digits.dropLast()
        default: break
        }
        guard let value = Double(digits), value.isFinite else { return nil }
        let seconds = value * scale
        guard allowZero ? seconds >= 0 : seconds > 0, seconds <= maxSeconds else { return nil }
        return seconds
    }

    /// The canonical string, which `parse` reads back to the same value.
    public var description: String {
        func number(_ value: Double) -> String {
            value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
        switch self {
        case .constant: return "constant"
        case .daily: return "daily"
        case .ramp(let from, let to, let seconds): return "ramp:\(number(from))..\(number(to))/\(number(seconds))s"
        case .steps(let steps):
            return "steps:" + steps.map { "\(number($0.rate))/\(number($0.seconds))s" }.joined(separator: ",")
        case .spike(let factor, let at, let seconds):
            return "spike:x\(number(factor))" + (at > 0 ? "@\(number(at))s" : "") + "/\(number(seconds))s"
        }
    }

}
